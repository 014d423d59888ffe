import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBusy, unpackBusy, type BusyInterval } from './busy-intervals.ts';

const MINUTE = 60_000;
const interval: fc.Arbitrary<BusyInterval> = fc
	.record({ start: fc.integer({ min: 0, max: 4_102_444_800_000 }), ms: fc.integer({ min: 1, max: 24 * 60 * MINUTE }) })
	.map(({ start, ms }) => ({ startsAt: new Date(start), endsAt: new Date(start + ms) }));

/** Is instant t inside one of the intervals? */
const covered = (list: BusyInterval[], t: number) =>
	list.some((i) => i.startsAt.getTime() <= t && t < i.endsAt.getTime());

describe('packBusy / unpackBusy', () => {
	it('never shortens busy time: every busy instant stays busy, widened by less than a minute each side', () => {
		fc.assert(
			fc.property(
				fc.array(interval, { maxLength: 40 }),
				fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
				(list, picks) => {
					const back = unpackBusy(packBusy(list));
					for (const i of list)
						for (const p of picks) {
							const t = i.startsAt.getTime() + Math.floor(p * (i.endsAt.getTime() - i.startsAt.getTime()));
							expect(covered(back, t)).toBe(true);
						}
					// Nothing far from the original intervals becomes busy.
					for (const b of back)
						expect(
							list.some(
								(i) =>
									i.startsAt.getTime() - b.startsAt.getTime() < MINUTE &&
									i.startsAt.getTime() >= b.startsAt.getTime() &&
									b.endsAt.getTime() - i.endsAt.getTime() < MINUTE
							)
						).toBe(true);
				}
			)
		);
	});

	it('round-trips whole-minute intervals exactly, and packs equal sets to equal strings', () => {
		const minute = fc
			.record({ start: fc.integer({ min: 0, max: 60_000_000 }), minutes: fc.integer({ min: 1, max: 1440 }) })
			.map(({ start, minutes }) => ({
				startsAt: new Date(start * MINUTE),
				endsAt: new Date((start + minutes) * MINUTE)
			}));
		fc.assert(
			fc.property(fc.uniqueArray(minute, { maxLength: 30, selector: (i) => i.startsAt.getTime() }), (list) => {
				const sorted = [...list].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
				expect(unpackBusy(packBusy(list))).toEqual(sorted);
				expect(packBusy([...list].reverse())).toBe(packBusy(list));
			})
		);
	});

	it('is short: a 30-minute RDV costs about ten characters', () => {
		const packed = packBusy([
			{ startsAt: new Date('2026-12-07T08:00:00Z'), endsAt: new Date('2026-12-07T08:30:00Z') },
			{ startsAt: new Date('2026-12-07T09:00:00Z'), endsAt: new Date('2026-12-07T09:20:00Z') }
		]);
		expect(packed.length).toBeLessThanOrEqual(20);
		expect(unpackBusy(packed).map((i) => i.endsAt.toISOString())).toEqual([
			'2026-12-07T08:30:00.000Z',
			'2026-12-07T09:20:00.000Z'
		]);
	});

	it('reads nothing from an empty week and skips malformed entries', () => {
		expect(unpackBusy('')).toEqual([]);
		expect(unpackBusy(undefined)).toEqual([]);
		const good = packBusy([{ startsAt: new Date('2026-03-29T08:00:00Z'), endsAt: new Date('2026-03-29T08:30:00Z') }]);
		const read = unpackBusy(`garbage,${good},x!.y,1.0,.5`);
		expect(read).toHaveLength(1);
		expect(read[0].startsAt.toISOString()).toBe('2026-03-29T08:00:00.000Z');
	});
});
