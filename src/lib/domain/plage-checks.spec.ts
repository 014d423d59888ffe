import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	findOverlaps,
	motifsTooLong,
	OTHER_ORGANISATION_PLAGE,
	shownPlageTitle,
	type OtherPlage
} from './plage-checks.ts';

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
		timeZone: 'Europe/Paris',
		organisationId: 'o1'
	};

	it('reports the first day a weekly series overlaps another', () => {
		const warnings = findOverlaps(
			candidate,
			[other({ firstDay: '2026-03-16', recurrence: weekly([1, 3]), organisationId: 'o1' })],
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

	it('names a plage of the same organisation, and never the title of another organisation’s plage', () => {
		const same = findOverlaps(candidate, [other({ organisationId: 'o1', title: 'Permanence PMI' })], '2026-03-01');
		expect(same.map((w) => w.message)).toEqual(['Chevauchement avec la plage « Permanence PMI » le 02/03/2026.']);
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.boolean(), (secret, sameOrganisation) => {
				// A marker the fixed wording never contains, so that a found title can only be the plage's own.
				const title = `§${secret}`;
				const theirs = other({ organisationId: sameOrganisation ? 'o1' : 'o2', title });
				const [warning] = findOverlaps(candidate, [theirs], '2026-03-01');
				expect(warning?.message.includes(title)).toBe(sameOrganisation);
				if (!sameOrganisation) {
					expect(warning?.message).toBe('Chevauchement avec une plage d’une autre organisation le 02/03/2026.');
					// Nor its id or organisation: the warning travels in the API's details.
					expect(warning).toEqual({ code: 'overlap', message: warning?.message, day: '2026-03-02' });
				} else expect(warning).toMatchObject({ plageId: theirs.id, organisationId: 'o1' });
			})
		);
	});
});

describe('shownPlageTitle', () => {
	it('keeps the title within its organisation and withholds it elsewhere', () => {
		expect(shownPlageTitle({ organisationId: 'o1', title: 'Secret' }, 'o1')).toBe('Secret');
		expect(shownPlageTitle({ organisationId: 'o2', title: 'Secret' }, 'o1')).toBe(OTHER_ORGANISATION_PLAGE);
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
