import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	absenceIntervals,
	conflictingRdvs,
	conflictWeeks,
	describeConflict,
	HIDDEN_MOTIF,
	OTHER_ORGANISATION,
	type AbsenceSpan,
	type ConflictFacts
} from './absence-conflicts.ts';

const at = (iso: string) => new Date(iso).getTime();
const span = (fields: Partial<AbsenceSpan> = {}): AbsenceSpan => ({
	firstDay: '2026-03-02',
	endDay: '2026-03-02',
	startTime: '09:00',
	endTime: '12:00',
	timeZone: 'Europe/Paris',
	...fields
});
const NOW = new Date('2026-03-01T08:00:00Z');

describe('absenceIntervals', () => {
	it('gives a one-day or several-day absence as one interval, in the absence’s zone', () => {
		expect(absenceIntervals(span(), NOW)).toEqual([
			{ start: at('2026-03-02T08:00:00Z'), end: at('2026-03-02T11:00:00Z') }
		]);
		expect(absenceIntervals(span({ endDay: '2026-03-04', endTime: '17:00', timeZone: 'Indian/Reunion' }), NOW)).toEqual(
			[{ start: at('2026-03-02T05:00:00Z'), end: at('2026-03-04T13:00:00Z') }]
		);
	});

	it('expands a recurring absence up to the horizon, across a DST change', () => {
		const weekly = span({ recurrence: { every: 'week', interval: 1, weekdays: [1] } });
		const intervals = absenceIntervals(weekly, NOW, 1);
		expect(intervals.map((i) => new Date(i.start).toISOString())).toEqual([
			'2026-03-02T08:00:00.000Z',
			'2026-03-09T08:00:00.000Z',
			'2026-03-16T08:00:00.000Z',
			'2026-03-23T08:00:00.000Z',
			// Summer time from 29 March: 09:00 in Paris is 07:00 UTC.
			'2026-03-30T07:00:00.000Z'
		]);
		// Six months from Monday 2 March: every Monday up to 31 August included.
		expect(absenceIntervals(weekly, NOW).length).toBe(27);
	});

	it('leaves out past time: the part already elapsed, and absences over', () => {
		const duringIt = new Date('2026-03-02T10:00:00Z');
		expect(absenceIntervals(span(), duringIt)).toEqual([
			{ start: duringIt.getTime(), end: at('2026-03-02T11:00:00Z') }
		]);
		expect(absenceIntervals(span(), new Date('2026-03-02T11:00:00Z'))).toEqual([]);
		const weekly = span({ firstDay: '2025-01-06', endDay: '2025-01-06', recurrence: { every: 'week', interval: 1 } });
		expect(new Date(absenceIntervals(weekly, NOW)[0]!.start).toISOString()).toBe('2026-03-02T08:00:00.000Z');
	});

	it('stops a long one-off absence at the horizon', () => {
		const year = span({ endDay: '2027-03-01', endTime: '18:00' });
		expect(absenceIntervals(year, NOW)).toEqual([
			{ start: at('2026-03-02T08:00:00Z'), end: at('2026-09-01T22:00:00Z') }
		]);
	});
});

describe('conflictWeeks', () => {
	it('lists the ISO weeks each interval may touch, widened by a day for other zones', () => {
		const intervals = [
			{ start: at('2026-03-04T08:00:00Z'), end: at('2026-03-04T11:00:00Z') },
			{ start: at('2026-03-11T08:00:00Z'), end: at('2026-03-11T11:00:00Z') }
		];
		expect(conflictWeeks(intervals)).toEqual(['2026-W10', '2026-W11']);
		expect(conflictWeeks([{ start: at('2026-03-09T08:00:00Z'), end: at('2026-03-09T09:00:00Z') }])).toEqual([
			'2026-W10',
			'2026-W11'
		]);
	});
});

describe('conflictingRdvs', () => {
	const intervals = [{ start: at('2026-03-02T08:00:00Z'), end: at('2026-03-02T11:00:00Z') }];
	const rdv = (
		id: string,
		start: string,
		end: string,
		fields: { status?: 'unknown' | 'revoked'; agent?: string } = {}
	) => ({
		id,
		startsAt: new Date(start),
		endsAt: new Date(end),
		agentIds: [fields.agent ?? 'a1'],
		status: fields.status ?? 'unknown'
	});

	it('keeps the agent’s active RDVs that overlap, in time order', () => {
		const found = conflictingRdvs('a1', intervals, [
			rdv('late', '2026-03-02T10:30:00Z', '2026-03-02T11:30:00Z'),
			rdv('early', '2026-03-02T07:30:00Z', '2026-03-02T08:30:00Z'),
			rdv('touching', '2026-03-02T11:00:00Z', '2026-03-02T11:30:00Z'),
			rdv('cancelled', '2026-03-02T09:00:00Z', '2026-03-02T09:30:00Z', { status: 'revoked' }),
			rdv('colleague', '2026-03-02T09:00:00Z', '2026-03-02T09:30:00Z', { agent: 'a2' })
		]);
		expect(found.map((r) => r.id)).toEqual(['early', 'late']);
	});
});

describe('describeConflict', () => {
	const facts = (fields: Partial<ConflictFacts> = {}): ConflictFacts => ({
		day: '2030-01-14',
		startTime: '14:00',
		endTime: '14:30',
		motifName: 'Entretien',
		organisationName: 'MDS Autre',
		rdvVisible: true,
		organisationKnown: true,
		...fields
	});

	it('names the motif and organisation of an RDV the actor sees', () => {
		expect(describeConflict(facts())).toEqual({
			message: '« Entretien » le 14/01/2030 de 14:00 à 14:30 (MDS Autre)',
			motifName: 'Entretien',
			organisationName: 'MDS Autre'
		});
	});

	it('tells only the time of an RDV out of sight, and the organisation’s name only to its members', () => {
		expect(describeConflict(facts({ rdvVisible: false, organisationKnown: false }))).toEqual({
			message: 'Un RDV le 14/01/2030 de 14:00 à 14:30 (autre organisation)',
			motifName: HIDDEN_MOTIF,
			organisationName: OTHER_ORGANISATION
		});
		expect(describeConflict(facts({ rdvVisible: false, organisationName: 'MDS Test' }))).toEqual({
			message: 'Un RDV le 14/01/2030 de 14:00 à 14:30 (MDS Test)',
			motifName: HIDDEN_MOTIF,
			organisationName: 'MDS Test'
		});
	});

	it('never lets a hidden motif or an unknown organisation’s name through, whatever they are', () => {
		fc.assert(
			fc.property(
				fc.string({ maxLength: 40 }),
				fc.string({ maxLength: 40 }),
				fc.boolean(),
				fc.boolean(),
				(motif, organisation, rdvVisible, organisationKnown) => {
					// A marker the fixed wording never contains: a found name can only be the one given.
					const motifName = `§${motif}`;
					const organisationName = `¤${organisation}`;
					const told = JSON.stringify(
						describeConflict(facts({ motifName, organisationName, rdvVisible, organisationKnown }))
					);
					expect(told.includes(JSON.stringify(motifName).slice(1, -1))).toBe(rdvVisible);
					expect(told.includes(JSON.stringify(organisationName).slice(1, -1))).toBe(organisationKnown);
				}
			)
		);
	});
});
