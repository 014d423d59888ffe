import { describe, expect, it } from 'vitest';
import { findOverlaps, motifsTooLong, type OtherPlage } from './plage-checks.ts';

const weekly = (weekdays: number[]) => ({ every: 'week' as const, interval: 1, weekdays });

const other = (fields: Partial<OtherPlage>): OtherPlage => ({
	id: 'p2',
	organisationId: 'o2',
	title: 'Autre',
	firstDay: '2026-03-02',
	startTime: '09:00',
	endTime: '12:00',
	timeZone: 'Europe/Paris',
	...fields
});

describe('findOverlaps', () => {
	const candidate = {
		firstDay: '2026-03-02',
		startTime: '11:00',
		endTime: '13:00',
		recurrence: weekly([1]),
		timeZone: 'Europe/Paris'
	};

	it('reports the first day a weekly series overlaps another', () => {
		const warnings = findOverlaps(
			candidate,
			[other({ firstDay: '2026-03-16', recurrence: weekly([1, 3]) })],
			'2026-03-01'
		);
		expect(warnings).toEqual([expect.objectContaining({ code: 'overlap', plageId: 'p2', day: '2026-03-16' })]);
	});

	it('ignores touching intervals, other weekdays and cancelled occurrences', () => {
		expect(
			findOverlaps(candidate, [other({ startTime: '13:00', endTime: '14:00', recurrence: weekly([1]) })], '2026-03-01')
		).toEqual([]);
		expect(findOverlaps(candidate, [other({ recurrence: weekly([2, 4]) })], '2026-03-01')).toEqual([]);
		const single = { ...candidate, recurrence: null };
		expect(
			findOverlaps(single, [other({ exceptions: [{ day: '2026-03-02', cancelled: true }] })], '2026-03-01')
		).toEqual([]);
	});

	it('compares instants across time zones', () => {
		// 15:00–16:00 in Réunion (UTC+4) is 12:00–13:00 in Paris in winter (UTC+1).
		const reunion = other({ startTime: '15:00', endTime: '16:00', timeZone: 'Indian/Reunion' });
		expect(findOverlaps({ ...candidate, recurrence: null }, [reunion], '2026-03-01')).toHaveLength(1);
		const late = other({ startTime: '16:00', endTime: '17:00', timeZone: 'Indian/Reunion' });
		expect(findOverlaps({ ...candidate, recurrence: null }, [late], '2026-03-01')).toEqual([]);
	});

	it('ignores overlaps before today', () => {
		const past = other({ firstDay: '2026-03-02' });
		expect(findOverlaps({ ...candidate, recurrence: null }, [past], '2026-03-03')).toEqual([]);
	});
});

describe('motifsTooLong', () => {
	it('warns about motifs that do not fit once', () => {
		const motifs = [
			{ id: 'a', name: 'Court', durationMinutes: 30 },
			{ id: 'b', name: 'Long', durationMinutes: 90 }
		];
		expect(motifsTooLong('09:00', '10:00', motifs).map((w) => w.code === 'motif_too_long' && w.motifId)).toEqual(['b']);
		expect(motifsTooLong('09:00', '10:30', motifs)).toEqual([]);
	});
});
