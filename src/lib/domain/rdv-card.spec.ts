import { describe, expect, it } from 'vitest';
import { sampleCard } from './rdv-card.fixture.ts';
import { boardCardOf, busyCardOf } from './rdv-card.ts';

const card = sampleCard(3);

describe('cards for other audiences', () => {
	it('a busy card keeps the time and the agents, nothing that names the RDV', () => {
		const busy = busyCardOf(card);
		expect(busy).toEqual({
			id: 'r1',
			organisationId: 'o1',
			startsAt: card.startsAt,
			endsAt: card.endsAt,
			agentIds: ['a1'],
			status: 'unknown'
		});
		expect(JSON.stringify(busy)).not.toMatch(/Martin|Suivi/);
	});

	it('a board card counts the participants without naming them', () => {
		const board = boardCardOf(card);
		expect(board.participantCount).toBe(1);
		expect(JSON.stringify(board)).not.toMatch(/Martin|Léa|u1/);
		expect(board.motif.name).toBe('Suivi');
	});
});
