import { describe, expect, it } from 'vitest';
import { nextOccurrences, shownOccurrences } from './plage-occurrences.ts';
import { occurrences, type Series } from './recurrence.ts';

// 2030-01-07 is a Monday.
const series: Series = {
	firstDay: '2030-01-07',
	startTime: '09:00',
	endTime: '12:00',
	lieuId: 'lieu-1',
	recurrence: { every: 'week', interval: 1, weekdays: [1, 3] },
	exceptions: [
		{ day: '2030-01-09', cancelled: true },
		{ day: '2030-01-14', startTime: '10:00', lieuId: 'lieu-2' }
	]
};

describe('shownOccurrences', () => {
	it('keeps cancelled occurrences, flagged, and applies the other exceptions', () => {
		expect(shownOccurrences(series, '2030-01-01', '2030-01-17')).toEqual([
			{
				day: '2030-01-07',
				startTime: '09:00',
				endTime: '12:00',
				lieuId: 'lieu-1',
				overridden: false,
				cancelled: false
			},
			{ day: '2030-01-09', startTime: '09:00', endTime: '12:00', lieuId: 'lieu-1', overridden: false, cancelled: true },
			{ day: '2030-01-14', startTime: '10:00', endTime: '12:00', lieuId: 'lieu-2', overridden: true, cancelled: false },
			{ day: '2030-01-16', startTime: '09:00', endTime: '12:00', lieuId: 'lieu-1', overridden: false, cancelled: false }
		]);
	});

	it('agrees with occurrences() once the cancelled ones are left out', () => {
		const from = '2029-12-01';
		const to = '2030-06-01';
		const shown = shownOccurrences(series, from, to)
			.filter((o) => !o.cancelled)
			.map(({ cancelled: _cancelled, ...o }) => o);
		expect(shown).toEqual(occurrences(series, from, to));
	});

	it('is empty outside the series and for an empty range', () => {
		expect(shownOccurrences(series, '2029-01-01', '2030-01-07')).toEqual([]);
		expect(shownOccurrences(series, '2030-01-08', '2030-01-08')).toEqual([]);
	});
});

describe('nextOccurrences', () => {
	it('starts today, or on the first day when it is later', () => {
		expect(nextOccurrences(series, '2030-01-08', 2).map((o) => [o.day, o.cancelled])).toEqual([
			['2030-01-09', true],
			['2030-01-14', false]
		]);
		expect(nextOccurrences(series, '2029-06-01', 1).map((o) => o.day)).toEqual(['2030-01-07']);
	});

	it('looks far enough ahead for a sparse series, but no further than the horizon', () => {
		const sparse: Series = { ...series, exceptions: [], recurrence: { every: 'month', interval: 5 } };
		const next = nextOccurrences(sparse, '2030-01-01', 10);
		expect(next).toHaveLength(10);
		expect(next.at(-1)?.day).toBe('2033-10-03');
		expect(nextOccurrences(sparse, '2030-01-01', 10, 200).map((o) => o.day)).toEqual(['2030-01-07', '2030-06-03']);
	});
});
