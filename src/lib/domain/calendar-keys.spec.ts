import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentWeekKeys, candidateWeeks, claimBuckets, touchedDays, weeksOfDays } from './calendar-keys.ts';
import { TERRITORY_TIME_ZONES } from './types.ts';

describe('touchedDays / weeksOfDays', () => {
	it('lists local days in the territory time zone', () => {
		// 22:00–23:00 UTC is the next morning in La Réunion (UTC+4).
		const s = new Date('2026-11-29T22:00:00Z');
		const e = new Date('2026-11-29T23:00:00Z');
		expect(touchedDays(s, e, 'Europe/Paris')).toEqual(['2026-11-29']);
		expect(touchedDays(s, e, 'Indian/Reunion')).toEqual(['2026-11-30']);
		expect(weeksOfDays(touchedDays(s, e, 'Europe/Paris'))).toEqual(['2026-W48']);
		expect(weeksOfDays(touchedDays(s, e, 'Indian/Reunion'))).toEqual(['2026-W49']);
	});

	it('does not count the next day for an RDV ending at midnight', () => {
		const s = new Date('2026-11-24T22:00:00Z'); // 23:00 Paris
		const e = new Date('2026-11-24T23:00:00Z'); // 00:00 Paris
		expect(touchedDays(s, e, 'Europe/Paris')).toEqual(['2026-11-24']);
	});

	it('builds agent-week keys', () => {
		expect(agentWeekKeys(['a', 'b'], ['2026-W48'])).toEqual(['a:2026-W48', 'b:2026-W48']);
	});
});

describe('candidateWeeks', () => {
	it('always covers the weeks an overlapping RDV touches, whatever the time zone', () => {
		const base = Date.UTC(2026, 0, 1);
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 800 * 24 * 60 }),
				fc.integer({ min: 5, max: 8 * 60 }),
				fc.constantFrom(...TERRITORY_TIME_ZONES),
				fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
				fc.integer({ min: 1, max: 10 * 24 * 60 }),
				(startMin, duration, tz, offsetMin, windowMin) => {
					const startsAt = new Date(base + startMin * 60_000);
					const endsAt = new Date(startsAt.getTime() + duration * 60_000);
					const from = new Date(startsAt.getTime() + offsetMin * 60_000);
					const to = new Date(from.getTime() + windowMin * 60_000);
					const overlaps = startsAt < to && endsAt > from;
					if (!overlaps) return true;
					const weeks = new Set(candidateWeeks(from, to));
					return weeksOfDays(touchedDays(startsAt, endsAt, tz)).some((w) => weeks.has(w));
				}
			)
		);
	});
});

describe('claimBuckets', () => {
	it('cuts aligned intervals into 5-minute buckets', () => {
		const b = claimBuckets(new Date('2026-01-05T09:00:00Z'), new Date('2026-01-05T09:30:00Z'));
		expect(b.map((d) => d.toISOString().slice(11, 16))).toEqual(['09:00', '09:05', '09:10', '09:15', '09:20', '09:25']);
	});

	it('lets back-to-back intervals share no bucket, overlapping ones always share one', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10_000 }),
				fc.integer({ min: 1, max: 240 }),
				fc.integer({ min: 0, max: 10_000 }),
				fc.integer({ min: 1, max: 240 }),
				(s1, d1, s2, d2) => {
					const base = Date.UTC(2026, 0, 5);
					const a = [new Date(base + s1 * 60_000), new Date(base + (s1 + d1) * 60_000)] as const;
					const b = [new Date(base + s2 * 60_000), new Date(base + (s2 + d2) * 60_000)] as const;
					const ka = new Set(claimBuckets(...a).map((d) => d.getTime()));
					const shared = claimBuckets(...b).some((d) => ka.has(d.getTime()));
					const overlap = a[0] < b[1] && b[0] < a[1];
					// Overlap implies a shared bucket; unaligned neighbours may share one (conservative).
					return !overlap || shared;
				}
			)
		);
		const first = claimBuckets(new Date('2026-01-05T09:00:00Z'), new Date('2026-01-05T09:30:00Z'));
		const next = claimBuckets(new Date('2026-01-05T09:30:00Z'), new Date('2026-01-05T10:00:00Z'));
		expect(first.some((d) => next.some((n) => n.getTime() === d.getTime()))).toBe(false);
	});
});
