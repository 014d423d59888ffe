import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAMILLE, sampleCard } from '../domain/rdv-card.fixture.ts';
import type { RdvCard } from '../domain/rdv-card.ts';
import type { RdvChange, RdvChanged } from '../domain/realtime.ts';
import { LiveLedger, liveMarkText, type LiveChange, type LiveView } from './planning-apply.ts';

const camille = CAMILLE;
const card = (version: number, over: Partial<RdvCard> = {}): RdvCard => sampleCard(version, over);

let seq = 0;
function full(c: RdvCard, change: RdvChange = 'updated') {
	return {
		node: 'n1',
		seq: ++seq,
		organisationId: c.organisationId,
		at: '2026-12-07T10:00:00.000Z',
		actor: camille,
		audience: 'full',
		rdvId: c.id,
		change,
		card: c
	} satisfies RdvChanged;
}

const week: LiveView = {
	organisationId: 'o1',
	range: { start: new Date('2026-12-07T00:00:00Z'), end: new Date('2026-12-14T00:00:00Z') },
	agentIds: ['a1'],
	cancelled: false
};

const summary = (changes: LiveChange[]) =>
	changes.map((c) =>
		c.type === 'remove' ? `-${c.id}` : `+${c.id}@${c.entry.kind === 'full' ? c.entry.card.version : 'busy'}`
	);

describe('LiveLedger', () => {
	it('a new RDV in the view is added with who made it; one outside the range or of another agent is removed', () => {
		const ledger = new LiveLedger();
		const [added] = ledger.apply([full(card(1), 'created')], week);
		expect(added).toMatchObject({ type: 'upsert', id: 'r1', mark: { change: 'created', actor: camille } });
		const moved = card(2, { startsAt: '2026-12-15T09:00:00.000Z', endsAt: '2026-12-15T09:30:00.000Z' });
		expect(summary(ledger.apply([full(moved)], week))).toEqual(['-r1']);
		const other = card(3, { agents: [{ id: 'a2', firstName: 'Léo', lastName: 'Petit' }] });
		expect(summary(ledger.apply([full(other)], week))).toEqual(['-r1']);
		expect(summary(ledger.apply([full(card(4))], { ...week, agentIds: undefined, range: undefined }))).toEqual([
			'+r1@4'
		]);
	});

	it('a version at or below the one the view loaded changes nothing', () => {
		const ledger = new LiveLedger();
		ledger.seed([{ id: 'r1', version: 5 }]);
		expect(ledger.apply([full(card(4)), full(card(5))], week)).toEqual([]);
		expect(summary(ledger.apply([full(card(6))], week))).toEqual(['+r1@6']);
	});

	it('cancelled RDVs leave the view unless it shows them; busy ones always free the time', () => {
		const ledger = new LiveLedger();
		const cancelled = card(2, { status: 'revoked' });
		expect(summary(ledger.apply([full(cancelled, 'cancelled')], week))).toEqual(['-r1']);
		expect(summary(new LiveLedger().apply([full(cancelled, 'cancelled')], { ...week, cancelled: true }))).toEqual([
			'+r1@2'
		]);
		const busy = (status: RdvCard['status']): RdvChanged => ({
			node: 'n1',
			seq: ++seq,
			organisationId: 'o1',
			at: '2026-12-07T10:00:00.000Z',
			audience: 'busy',
			rdvId: 'r9',
			change: 'updated',
			busy: {
				id: 'r9',
				organisationId: 'o1',
				startsAt: card(1).startsAt,
				endsAt: card(1).endsAt,
				agentIds: ['a1'],
				status
			}
		});
		expect(summary(ledger.apply([busy('unknown')], { ...week, cancelled: true }))).toEqual(['+r9@busy']);
		expect(summary(ledger.apply([busy('excused')], { ...week, cancelled: true }))).toEqual(['-r9']);
	});

	it('an RDV gone from the agent’s sight is removed, and may come back', () => {
		const ledger = new LiveLedger();
		ledger.seed([{ id: 'r1', version: 2 }]);
		const gone: RdvChanged = {
			node: 'n1',
			seq: ++seq,
			organisationId: 'o1',
			at: '2026-12-07T10:00:00.000Z',
			audience: 'gone',
			rdvId: 'r1',
			change: 'updated'
		};
		expect(summary(ledger.apply([gone], week))).toEqual(['-r1']);
		expect(summary(ledger.apply([full(card(3))], week))).toEqual(['+r1@3']);
	});

	it('messages of another organisation and sequence-only ones change nothing', () => {
		const ledger = new LiveLedger();
		const none: RdvChanged = {
			node: 'n1',
			seq: ++seq,
			organisationId: 'o1',
			at: '2026-12-07T10:00:00.000Z',
			audience: 'none'
		};
		expect(ledger.apply([none, full(card(1, { organisationId: 'o2' }))], week)).toEqual([]);
	});

	it('any delivery order, any batching: the highest version is what the view ends with, and deleted wins', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 15 }),
				fc.boolean(),
				fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 15 }),
				fc.nat(),
				(versions, withDelete, cuts, deletePosition) => {
					const ledger = new LiveLedger();
					// Odd versions fall outside the view (next week): the last state decides whether it shows.
					const messages = versions.map((v) =>
						full(
							v % 2 ? card(v, { startsAt: '2026-12-15T09:00:00.000Z', endsAt: '2026-12-15T09:30:00.000Z' }) : card(v)
						)
					);
					if (withDelete) messages.splice(deletePosition % (messages.length + 1), 0, full(card(0), 'deleted'));
					// The view's state: applying every batch's changes in turn.
					let state: string | null = null;
					let start = 0;
					for (let i = 0; start < messages.length; i++) {
						const end = start + cuts[i % cuts.length];
						for (const change of ledger.apply(messages.slice(start, end), week))
							state =
								change.type === 'remove' ? null : `${change.entry.kind === 'full' ? change.entry.card.version : ''}`;
						start = end;
					}
					const highest = Math.max(...versions);
					expect(state).toBe(withDelete || highest % 2 ? null : `${highest}`);
				}
			)
		);
	});
});

describe('liveMarkText', () => {
	it('says who changed the RDV, and when in the territory’s time', () => {
		const at = '2026-11-24T09:42:00Z';
		expect(liveMarkText({ change: 'updated', at, actor: camille }, 'Europe/Paris')).toBe(
			'Modifié par Camille Durand à 10:42'
		);
		expect(liveMarkText({ change: 'created', at }, 'America/Cayenne')).toBe('Créé à 06:42');
		expect(liveMarkText({ change: 'cancelled', at, actor: camille })).toBe('Annulé par Camille Durand');
		expect(liveMarkText({ change: 'deleted', at })).toBe('Supprimé');
	});
});
