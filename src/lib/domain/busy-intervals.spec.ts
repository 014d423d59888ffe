import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBusy, unpackBusy, type BusyInterval } from './busy-intervals.ts';

const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);
const interval: fc.Arbitrary<BusyInterval> = fc
	.record({
		rdvId: hexId,
		organisationId: hexId,
		start: fc.integer({ min: 0, max: 4_102_444_800_000 }),
		minutes: fc.integer({ min: 1, max: 24 * 60 })
	})
	.map(({ rdvId, organisationId, start, minutes }) => ({
		rdvId,
		organisationId,
		startsAt: new Date(start),
		endsAt: new Date(start + minutes * 60_000)
	}));

const key = (i: BusyInterval) => `${i.rdvId}|${i.startsAt.getTime()}|${i.endsAt.getTime()}|${i.organisationId}`;

describe('packBusy / unpackBusy', () => {
	it('round-trips any set of intervals', () => {
		fc.assert(
			fc.property(fc.array(interval, { maxLength: 60 }), (list) => {
				const back = unpackBusy(packBusy(list));
				expect(back.map(key).sort()).toEqual(list.map(key).sort());
			})
		);
	});

	it('packs equal sets to equal strings whatever their order', () => {
		fc.assert(
			fc.property(fc.uniqueArray(interval, { maxLength: 20, selector: key }), (list) => {
				expect(packBusy([...list].reverse())).toBe(packBusy(list));
			})
		);
	});

	it('reads nothing from an empty week and skips malformed entries', () => {
		expect(unpackBusy('')).toEqual([]);
		expect(unpackBusy(undefined)).toEqual([]);
		const good = packBusy([
			{
				rdvId: 'a'.repeat(24),
				organisationId: 'b'.repeat(24),
				startsAt: new Date('2026-03-29T08:00:00Z'),
				endsAt: new Date('2026-03-29T08:30:00Z')
			}
		]);
		const read = unpackBusy(`garbage;${good};x,y,z,w`);
		expect(read).toHaveLength(1);
		expect(read[0].startsAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
	});

	it('refuses ids that could break the format', () => {
		expect(() =>
			packBusy([{ rdvId: 'a;b', organisationId: 'b'.repeat(24), startsAt: new Date(0), endsAt: new Date(1) }])
		).toThrow();
	});
});
