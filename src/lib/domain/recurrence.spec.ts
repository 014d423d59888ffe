import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	cancelOccurrence,
	expandDays,
	isOccurrenceDay,
	lastOccurrenceDay,
	occurrences,
	overrideOccurrence,
	pruneExceptions,
	restoreOccurrence,
	splitSeries,
	type Recurrence,
	type Series
} from './recurrence.ts';
import { naiveIsOccurrence } from './slots-oracle.ts';
import { addDays, dayFromNumber, dayNumber } from './time.ts';

describe('expandDays', () => {
	it('returns the first day alone without recurrence, within [from, to)', () => {
		expect(expandDays('2026-11-24', null, '2026-11-01', '2026-12-01')).toEqual(['2026-11-24']);
		expect(expandDays('2026-11-24', null, '2026-11-24', '2026-11-25')).toEqual(['2026-11-24']);
		expect(expandDays('2026-11-24', null, '2026-11-25', '2026-12-31')).toEqual([]);
		expect(expandDays('2026-11-24', null, '2026-11-01', '2026-11-24')).toEqual([]);
	});

	it('repeats weekly on chosen weekdays', () => {
		// 2026-11-23 is a Monday.
		const days = expandDays('2026-11-23', { every: 'week', interval: 1, weekdays: [1, 4] }, '2026-11-20', '2026-12-07');
		expect(days).toEqual(['2026-11-23', '2026-11-26', '2026-11-30', '2026-12-03']);
	});

	it('uses the first day’s weekday when none is chosen', () => {
		expect(expandDays('2026-11-25', { every: 'week', interval: 1, weekdays: [] }, '2026-11-01', '2026-12-10')).toEqual([
			'2026-11-25',
			'2026-12-02',
			'2026-12-09'
		]);
	});

	it('counts weeks from the first day’s week for intervals', () => {
		// First day on a Wednesday: the Monday of that week is before the first day, so not an occurrence.
		const days = expandDays('2026-11-25', { every: 'week', interval: 2, weekdays: [1, 3] }, '2026-11-01', '2027-01-01');
		expect(days).toEqual(['2026-11-25', '2026-12-07', '2026-12-09', '2026-12-21', '2026-12-23']);
		// Every 5 weeks, across a year boundary (ISO week 53 of 2026 does not shift the count).
		expect(expandDays('2026-12-01', { every: 'week', interval: 5 }, '2026-12-01', '2027-03-01')).toEqual([
			'2026-12-01',
			'2027-01-05',
			'2027-02-09'
		]);
	});

	it('stops at until (included)', () => {
		const rec: Recurrence = { every: 'week', interval: 1, until: '2026-11-30' };
		expect(expandDays('2026-11-23', rec, '2026-11-01', '2027-01-01')).toEqual(['2026-11-23', '2026-11-30']);
	});

	it('repeats monthly on the nth weekday of the first day', () => {
		// 2026-11-10 is the 2nd Tuesday of November.
		const days = expandDays('2026-11-10', { every: 'month', interval: 1 }, '2026-11-01', '2027-03-01');
		expect(days).toEqual(['2026-11-10', '2026-12-08', '2027-01-12', '2027-02-09']);
		expect(expandDays('2026-11-10', { every: 'month', interval: 3 }, '2026-11-01', '2027-09-01')).toEqual([
			'2026-11-10',
			'2027-02-09',
			'2027-05-11',
			'2027-08-10'
		]);
	});

	it('skips months without a 5th weekday', () => {
		// 2026-10-30 is the 5th Friday of October; November and December have none, January 2027 has one.
		const days = expandDays('2026-10-30', { every: 'month', interval: 1 }, '2026-10-01', '2027-02-01');
		expect(days).toEqual(['2026-10-30', '2027-01-29']);
	});

	it('agrees with the rule stated on Temporal dates', () => {
		const recurrence = fc.oneof(
			fc.constant(null),
			fc.record({
				every: fc.constant('week' as const),
				interval: fc.integer({ min: 1, max: 5 }),
				weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 7 })
			}),
			fc.record({ every: fc.constant('month' as const), interval: fc.integer({ min: 1, max: 5 }) })
		);
		fc.assert(
			fc.property(
				fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2027-12-31') }),
				recurrence,
				fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
				fc.integer({ min: -60, max: 300 }),
				(first, rec, untilOffset, fromOffset) => {
					const firstDay = dayFromNumber(first);
					const r = rec && untilOffset !== undefined ? { ...rec, until: dayFromNumber(first + untilOffset) } : rec;
					const from = dayFromNumber(first + fromOffset);
					const to = addDays(from, 70);
					const expected: string[] = [];
					for (let d = from; d < to; d = addDays(d, 1)) if (naiveIsOccurrence(firstDay, r, d)) expected.push(d);
					expect(expandDays(firstDay, r, from, to)).toEqual(expected);
				}
			),
			{ numRuns: 300 }
		);
	}, 60_000);
});

const weekly: Series & { id: string; agentId: string } = {
	id: 'p1',
	agentId: 'a1',
	firstDay: '2026-11-02', // a Monday
	startTime: '09:00',
	endTime: '12:00',
	lieuId: 'l1',
	recurrence: { every: 'week', interval: 1, weekdays: [1, 3] }
};

describe('occurrences and exceptions', () => {
	it('lists occurrences with their times and lieu', () => {
		expect(occurrences(weekly, '2026-11-02', '2026-11-05')).toEqual([
			{ day: '2026-11-02', startTime: '09:00', endTime: '12:00', lieuId: 'l1', overridden: false },
			{ day: '2026-11-04', startTime: '09:00', endTime: '12:00', lieuId: 'l1', overridden: false }
		]);
	});

	it('cancels one occurrence', () => {
		const r = cancelOccurrence(weekly, '2026-11-04');
		if (!r.ok) throw new Error(r.error.message);
		expect(occurrences(r.value, '2026-11-02', '2026-11-10').map((o) => o.day)).toEqual(['2026-11-02', '2026-11-09']);
		expect(occurrences(restoreOccurrence(r.value, '2026-11-04'), '2026-11-02', '2026-11-10')).toHaveLength(3);
		// The original is untouched.
		expect(weekly.exceptions).toBeUndefined();
	});

	it('overrides one occurrence’s times and lieu', () => {
		const r = overrideOccurrence(weekly, '2026-11-09', { startTime: '14:00', endTime: '16:30', lieuId: 'l2' });
		if (!r.ok) throw new Error(r.error.message);
		expect(r.value.exceptions).toEqual([{ day: '2026-11-09', startTime: '14:00', endTime: '16:30', lieuId: 'l2' }]);
		expect(occurrences(r.value, '2026-11-09', '2026-11-10')).toEqual([
			{ day: '2026-11-09', startTime: '14:00', endTime: '16:30', lieuId: 'l2', overridden: true }
		]);
		// Setting the series' own values back removes the exception.
		const back = overrideOccurrence(r.value, '2026-11-09', { startTime: '09:00', endTime: '12:00', lieuId: 'l1' });
		expect(back.ok && back.value.exceptions).toEqual([]);
	});

	it('refuses days that are not occurrences and bad times, in French', () => {
		const notOne = cancelOccurrence(weekly, '2026-11-03');
		expect(notOne).toEqual({
			ok: false,
			error: { code: 'not_an_occurrence', message: 'Le 03/11/2026 n’est pas une occurrence de cette série.' }
		});
		const bad = overrideOccurrence(weekly, '2026-11-04', { startTime: '13:00' });
		expect(bad.ok === false && bad.error.message).toBe('L’heure de fin doit suivre l’heure de début.');
		const grain = overrideOccurrence(weekly, '2026-11-04', { startTime: '09:03' });
		expect(grain.ok === false && grain.error.code).toBe('invalid_time');
	});

	it('prunes exceptions that are no longer occurrences', () => {
		const s: Series = {
			...weekly,
			recurrence: { every: 'week', interval: 1, weekdays: [1] },
			exceptions: [
				{ day: '2026-11-04', cancelled: true },
				{ day: '2026-11-09', cancelled: true }
			]
		};
		expect(pruneExceptions(s).exceptions).toEqual([{ day: '2026-11-09', cancelled: true }]);
	});
});

describe('splitSeries (this and the following ones)', () => {
	const withExceptions = {
		...weekly,
		recurrence: { every: 'week' as const, interval: 2, weekdays: [1, 3], until: '2027-01-31' },
		exceptions: [
			{ day: '2026-11-04', cancelled: true },
			{ day: '2026-11-30', startTime: '10:00', endTime: '11:00' }
		]
	};

	it('ends the first part the day before and starts the second on the chosen occurrence', () => {
		const r = splitSeries(withExceptions, '2026-11-16', { startTime: '13:00', endTime: '17:00' });
		if (!r.ok) throw new Error(r.error.message);
		const { before, after } = r.value;
		expect(before?.recurrence?.until).toBe('2026-11-15');
		expect(before?.exceptions).toEqual([{ day: '2026-11-04', cancelled: true }]);
		expect(after.firstDay).toBe('2026-11-16');
		expect(after.recurrence?.until).toBe('2027-01-31');
		expect(after.startTime).toBe('13:00');
		expect(after.exceptions).toEqual([{ day: '2026-11-30', startTime: '10:00', endTime: '11:00' }]);
		expect(after.agentId).toBe('a1');

		// Together the two parts give the same days as the original; times change from the split on.
		const original = occurrences(withExceptions, '2026-10-01', '2027-03-01');
		const parts = [
			...occurrences(before!, '2026-10-01', '2027-03-01'),
			...occurrences(after, '2026-10-01', '2027-03-01')
		];
		expect(parts.map((o) => o.day)).toEqual(original.map((o) => o.day));
		expect(parts.filter((o) => o.day >= '2026-11-16' && !o.overridden).every((o) => o.startTime === '13:00')).toBe(
			true
		);
	});

	it('keeps the week count aligned for every-N-weeks series', () => {
		const r = splitSeries(withExceptions, '2026-11-18');
		if (!r.ok) throw new Error(r.error.message);
		const days = (s: Series) => expandDays(s.firstDay, s.recurrence, '2026-11-01', '2027-01-01');
		expect([...days(r.value.before!), ...days(r.value.after)]).toEqual(days(withExceptions));
	});

	it('keeps monthly series on the same nth weekday', () => {
		const monthly: Series = { ...weekly, firstDay: '2026-11-10', recurrence: { every: 'month', interval: 1 } };
		const r = splitSeries(monthly, '2027-01-12');
		if (!r.ok) throw new Error(r.error.message);
		expect(r.value.before?.recurrence?.until).toBe('2027-01-11');
		expect(expandDays(r.value.after.firstDay, r.value.after.recurrence, '2027-01-01', '2027-04-01')).toEqual([
			'2027-01-12',
			'2027-02-09',
			'2027-03-09'
		]);
		expect(lastOccurrenceDay(r.value.before!)).toBe('2026-12-08');
	});

	it('replaces the whole series when split on its first day', () => {
		const r = splitSeries(weekly, '2026-11-02', { endTime: '11:00' });
		expect(r.ok && r.value.before).toBeNull();
		expect(r.ok && r.value.after.endTime).toBe('11:00');
	});

	it('drops exceptions that the changed rule no longer reaches', () => {
		const r = splitSeries(withExceptions, '2026-11-16', {
			recurrence: { every: 'week', interval: 2, weekdays: [3], until: '2027-01-31' }
		});
		expect(r.ok && r.value.after.exceptions).toEqual([]);
	});

	it('refuses a day that is not an occurrence, an earlier new start, and bad times', () => {
		expect(splitSeries(weekly, '2026-11-03').ok).toBe(false);
		const early = splitSeries(weekly, '2026-11-09', { firstDay: '2026-11-05' });
		expect(early.ok === false && early.error.code).toBe('invalid_split');
		const times = splitSeries(weekly, '2026-11-09', { startTime: '12:00' });
		expect(times.ok === false && times.error.code).toBe('invalid_time');
	});
});

describe('lastOccurrenceDay', () => {
	it('is the first day without recurrence, undefined for an endless series', () => {
		expect(lastOccurrenceDay('2026-11-24', null)).toBe('2026-11-24');
		expect(lastOccurrenceDay('2026-11-24', { every: 'week', interval: 1 })).toBeUndefined();
		expect(lastOccurrenceDay(weekly)).toBeUndefined();
	});

	it('is the last real occurrence up to until', () => {
		// Mondays only; until is a Sunday.
		expect(lastOccurrenceDay('2026-11-23', { every: 'week', interval: 1, weekdays: [1], until: '2026-12-13' })).toBe(
			'2026-12-07'
		);
		expect(lastOccurrenceDay('2026-11-10', { every: 'month', interval: 2, until: '2027-03-31' })).toBe('2027-03-09');
	});

	it('ignores cancelled trailing occurrences, and falls back to the first day', () => {
		const s: Series = {
			firstDay: '2026-11-02',
			startTime: '09:00',
			endTime: '10:00',
			recurrence: { every: 'week', interval: 1, until: '2026-11-20' },
			exceptions: [{ day: '2026-11-16', cancelled: true }]
		};
		expect(lastOccurrenceDay(s)).toBe('2026-11-09');
		expect(
			lastOccurrenceDay({
				...s,
				exceptions: ['2026-11-02', '2026-11-09', '2026-11-16'].map((day) => ({ day, cancelled: true }))
			})
		).toBe('2026-11-02');
		// until before the first weekday match
		expect(lastOccurrenceDay('2026-11-03', { every: 'week', interval: 1, weekdays: [1], until: '2026-11-08' })).toBe(
			'2026-11-03'
		);
	});

	it('agrees with isOccurrenceDay', () => {
		expect(isOccurrenceDay('2026-10-30', { every: 'month', interval: 1 }, '2027-01-29')).toBe(true);
		expect(isOccurrenceDay('2026-10-30', { every: 'month', interval: 1 }, '2026-11-27')).toBe(false);
	});
});
