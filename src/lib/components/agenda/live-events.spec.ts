import { describe, expect, it } from 'vitest';
import { busyCardOf } from '$lib/domain/rdv-card';
import { sampleCard } from '$lib/domain/rdv-card.fixture';
import type { LiveChange } from '$lib/live/planning-apply';
import { LIVE_CLASS, calendarEdits, changeEvent, shownRange } from './live-events';

const card = sampleCard(2, { participants: [] });
const mark = { change: 'updated' as const, at: '2026-12-07T10:00:00.000Z' };
const build = changeEvent('Europe/Paris', new Date('2026-12-07T10:00:00Z'));

describe('calendarEdits', () => {
	const changes: LiveChange[] = [
		{ type: 'upsert', id: 'r1', entry: { kind: 'full', card }, mark },
		{
			type: 'upsert',
			id: 'r2',
			entry: { kind: 'busy', busy: { ...busyCardOf(card), id: 'r2', agentIds: ['a2'] } },
			mark
		},
		{ type: 'remove', id: 'r3', mark }
	];

	it('redraws changed RDVs highlighted and drops removed ones', () => {
		const edits = calendarEdits(changes, build);
		expect(edits.map((e) => [e.id, e.event?.id ?? null])).toEqual([
			['r1', 'r1'],
			['r2', 'r2'],
			['r3', null]
		]);
		expect(edits[0].event?.className).toBe(`rdv-event rdv-status-unknown ${LIVE_CLASS}`);
		expect(edits[0].event?.extendedProps.details?.changedBy).toBe('Modifié à 11:00');
		expect(edits[1].event?.title).toBe('Occupé');
	});

	it('an agent’s column keeps only that agent’s events: another agent’s RDV is taken out of it', () => {
		const edits = calendarEdits(changes, build, 'a2');
		expect(edits.map((e) => [e.id, e.event?.id ?? null])).toEqual([
			['r1', null],
			['r2', 'r2'],
			['r3', null]
		]);
	});
});

describe('shownRange', () => {
	it('widens the calendar’s wall-clock period by a day each side', () => {
		const range = shownRange({
			activeStart: new Date('2026-12-07T00:00:00Z'),
			activeEnd: new Date('2026-12-14T00:00:00Z')
		});
		expect(range).toEqual({ start: new Date('2026-12-06T00:00:00Z'), end: new Date('2026-12-15T00:00:00Z') });
	});
});
