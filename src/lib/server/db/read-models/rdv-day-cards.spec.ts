import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RdvCard } from '../../../domain/rdv-card.ts';
import { dayKey, dayKeysOf, mergeDayCards, packCards, trustedDocuments, unpackCards } from './rdv-day-cards.ts';

const ORG = '0123456789abcdef01234567';
const DAY = '2027-04-06';
const KEY = dayKey(ORG, DAY);

function card(id: string, version: number, time = '09:00', day = DAY): RdvCard {
	return {
		id,
		organisationId: ORG,
		version,
		startsAt: `${day}T${time}:00.000Z`,
		endsAt: `${day}T${time}:30.000Z`,
		durationMinutes: 30,
		timeZone: 'Europe/Paris',
		days: [day],
		status: 'unknown',
		motif: { id: 'm', name: 'Suivi', color: '#000091', serviceId: 's', locationType: 'public_office' },
		agents: [],
		participants: [],
		collective: false,
		updatedAt: '2027-04-01T00:00:00.000Z'
	};
}

describe('dayKeysOf', () => {
	it('names each local day of the RDV in its organisation', () => {
		expect(dayKeysOf({ organisationId: ORG, days: ['2027-04-06', '2027-04-07'] })).toEqual([
			`${ORG}:2027-04-06`,
			`${ORG}:2027-04-07`
		]);
		expect(dayKeysOf({ days: [DAY] })).toEqual([]);
	});
});

describe('mergeDayCards', () => {
	it('replaces a card by a newer or equal version, never by an older one', () => {
		const stored = [card('a', 3)];
		expect(mergeDayCards(KEY, stored, new Map([['a', card('a', 4, '10:00')]]))[0]!.version).toBe(4);
		expect(mergeDayCards(KEY, stored, new Map([['a', card('a', 3, '10:00')]]))[0]!.startsAt).toContain('10:00');
		expect(mergeDayCards(KEY, stored, new Map([['a', card('a', 2, '10:00')]]))).toEqual(stored);
	});

	it('drops an RDV that is gone or no longer on that day, keeps the others, sorted by start', () => {
		const stored = [card('a', 0, '09:00'), card('b', 0, '10:00'), card('c', 0, '11:00')];
		const merged = mergeDayCards(
			KEY,
			stored,
			new Map<string, RdvCard | null>([
				['a', null],
				['b', card('b', 1, '10:00', '2027-04-07')],
				['d', card('d', 0, '08:00')]
			])
		);
		expect(merged.map((c) => c.id)).toEqual(['d', 'c']);
		// Another organisation's day of the same date is another key.
		expect(mergeDayCards(dayKey('fedcba9876543210fedcba98', DAY), [], new Map([['d', card('d', 0)]]))).toEqual([]);
	});

	it('ends with the newest version of each RDV whatever order the refreshes land in', () => {
		const versions = fc.array(
			fc.record({
				id: fc.constantFrom('a', 'b', 'c'),
				version: fc.nat(5),
				time: fc.constantFrom('08:00', '09:00', '10:00')
			}),
			{ maxLength: 12 }
		);
		fc.assert(
			fc.property(versions, (updates) => {
				const apply = (order: typeof updates) =>
					order.reduce<RdvCard[]>(
						(cards, u) => mergeDayCards(KEY, cards, new Map([[u.id, card(u.id, u.version, u.time)]])),
						[]
					);
				const forward = apply(updates);
				const newest = new Map<string, number>();
				for (const u of updates) newest.set(u.id, Math.max(newest.get(u.id) ?? -1, u.version));
				expect(new Map(forward.map((c) => [c.id, c.version]))).toEqual(newest);
				expect(new Map(apply([...updates].reverse()).map((c) => [c.id, c.version]))).toEqual(newest);
				expect(forward.map((c) => c.startsAt)).toEqual([...forward.map((c) => c.startsAt)].sort());
			})
		);
	});
});

describe('packCards', () => {
	it('gives the cards back, as a Buffer or as the Binary a lean read returns, in far fewer bytes', () => {
		const cards = Array.from({ length: 200 }, (_, i) => card(`r${String(i).padStart(3, '0')}`, i % 4));
		const packed = packCards(cards);
		expect(unpackCards(packed)).toEqual(cards);
		expect(unpackCards({ buffer: new Uint8Array(packed) })).toEqual(cards);
		expect(packed.length * 5).toBeLessThan(JSON.stringify(cards).length);
		expect(unpackCards(undefined)).toEqual([]);
	});
});

describe('trustedDocuments', () => {
	const U = 'a0000000000000000000000a';
	const named = (c: RdvCard, firstName: string): RdvCard => ({
		...c,
		participants: [{ usagerId: U, firstName, lastName: 'Martin', status: 'unknown' }]
	});
	const doc = (version: number, firstName: string) => ({
		_id: 'r1',
		version,
		participantNames: [{ usagerId: U, firstName, lastName: 'Martin' }]
	});
	const latest = (cards: RdvCard[]) => [{ key: KEY, seq: 3, cards }];

	it('trusts the saved document when the stored card of an older version names the same participants', () => {
		const docs = new Map([['r1', doc(2, 'Léa')]]);
		expect(trustedDocuments(latest([named(card('r1', 1), 'Léa')]), ['r1'], docs)).toEqual([doc(2, 'Léa')]);
		// Not on the day yet, or already newer there (the merge keeps the newer one).
		expect(trustedDocuments(latest([]), ['r1'], docs)).toHaveLength(1);
		expect(trustedDocuments(latest([named(card('r1', 3), 'Zoé')]), ['r1'], docs)).toHaveLength(1);
	});

	it('reads again when an older card names other participants (a rename written after the document was loaded)', () => {
		const docs = new Map([['r1', doc(2, 'Léa')]]);
		expect(trustedDocuments(latest([named(card('r1', 1), 'Zoé')]), ['r1'], docs)).toBeUndefined();
	});

	it('reads again without the document of every RDV written', () => {
		expect(trustedDocuments(latest([]), ['r1'], undefined)).toBeUndefined();
		expect(trustedDocuments(latest([]), ['r1', 'r2'], new Map([['r1', doc(2, 'Léa')]]))).toBeUndefined();
	});
});
