import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Recurrence } from './recurrence.ts';
import {
	findCollectiveSessions,
	findSlots,
	inspectInterval,
	mergeSlotsByTime,
	nextAvailability,
	type AbsenceInput,
	type AvailabilityInput,
	type CollectiveSessionInput,
	type PlageInput,
	type RdvInput,
	type SlotQuery
} from './slots.ts';
import { oracleSlots } from './slots-oracle.ts';
import { isRdvDuration, rdvStartError } from './booking-rules.ts';
import { claimBuckets } from './calendar-keys.ts';
import { DAY_MS, dayFromNumber, dayNumber, formatTime, toEpochMs } from './time.ts';
import { RDV_STATUSES } from './types.ts';

const PARIS = 'Europe/Paris';

function plage(over: Partial<PlageInput> = {}): PlageInput {
	return {
		id: 'p1',
		agentId: 'a1',
		organisationId: 'o1',
		lieuId: 'l1',
		motifIds: ['m1'],
		firstDay: '2026-11-23',
		startTime: '09:00',
		endTime: '12:00',
		recurrence: { every: 'week', interval: 1, weekdays: [1, 2, 3, 4, 5, 6, 7] },
		timeZone: PARIS,
		...over
	};
}

function input(over: Partial<AvailabilityInput> = {}): AvailabilityInput {
	return {
		motif: { id: 'm1', durationMinutes: 30, minBookingDelayMinutes: 30, maxBookingDelayMinutes: 90 * 24 * 60 },
		territory: { departement: '62', timeZone: PARIS, allowWorkOnHolidays: false },
		plages: [plage()],
		absences: [],
		rdvs: [],
		...over
	};
}

/** Agent view including the past, so examples do not depend on the clock. */
function agentQuery(from: string, to: string, over: Partial<SlotQuery> = {}): SlotQuery {
	return { from, to, now: 0, audience: 'agent', includePast: true, ...over };
}

const times = (slots: { day: string; time: string }[]) => slots.map((s) => `${s.day} ${s.time}`);
const at = (iso: string) => new Date(iso);

describe('findSlots: examples', () => {
	it('cuts slots from the start of each plage occurrence, stepping by the motif duration', () => {
		const r = findSlots(input({ plages: [plage({ endTime: '10:40' })] }), agentQuery('2026-11-24', '2026-11-25'));
		expect(times(r.slots)).toEqual(['2026-11-24 09:00', '2026-11-24 09:30', '2026-11-24 10:00']);
		expect(r.slots[0]).toEqual({
			agentId: 'a1',
			lieuId: 'l1',
			startsAt: at('2026-11-24T08:00:00Z'),
			endsAt: at('2026-11-24T08:30:00Z'),
			day: '2026-11-24',
			time: '09:00'
		});
		expect(r.agents).toEqual([{ agentId: 'a1', slots: r.slots }]);
		expect(r.emptyReason).toBeUndefined();
	});

	it('gives correct instants for a 08:00–12:00 plage on both DST days', () => {
		const i = input({
			motif: { ...input().motif, durationMinutes: 60 },
			plages: [plage({ firstDay: '2026-03-01', endTime: '12:00', startTime: '08:00' })]
		});
		const march = findSlots(i, agentQuery('2026-03-29', '2026-03-30')).slots;
		expect(march.map((s) => s.startsAt.toISOString())).toEqual([
			'2026-03-29T06:00:00.000Z',
			'2026-03-29T07:00:00.000Z',
			'2026-03-29T08:00:00.000Z',
			'2026-03-29T09:00:00.000Z'
		]);
		expect(times(march)).toEqual(['2026-03-29 08:00', '2026-03-29 09:00', '2026-03-29 10:00', '2026-03-29 11:00']);
		const october = findSlots(i, agentQuery('2026-10-25', '2026-10-26')).slots;
		expect(october[0].startsAt.toISOString()).toBe('2026-10-25T07:00:00.000Z');
		expect(october.at(-1)!.endsAt.toISOString()).toBe('2026-10-25T11:00:00.000Z');
		// The day before is in the other offset.
		expect(findSlots(i, agentQuery('2026-03-28', '2026-03-29')).slots[0].startsAt.toISOString()).toBe(
			'2026-03-28T07:00:00.000Z'
		);
	});

	it('follows the real duration of a plage spanning the DST change', () => {
		const i = input({ plages: [plage({ firstDay: '2026-03-01', startTime: '01:00', endTime: '04:00' })] });
		// 01:00–04:00 lasts two hours on 29 March…
		expect(findSlots(i, agentQuery('2026-03-29', '2026-03-30')).slots.map((s) => s.time)).toEqual([
			'01:00',
			'01:30',
			'03:00',
			'03:30'
		]);
		// …and four hours on 25 October, 02:00–03:00 happening twice.
		expect(findSlots(i, agentQuery('2026-10-25', '2026-10-26')).slots.map((s) => s.time)).toEqual([
			'01:00',
			'01:30',
			'02:00',
			'02:30',
			'02:00',
			'02:30',
			'03:00',
			'03:30'
		]);
	});

	it('uses overseas zones', () => {
		const reunion = input({
			territory: { departement: '974', timeZone: 'Indian/Reunion', allowWorkOnHolidays: false },
			plages: [plage({ timeZone: 'Indian/Reunion' })]
		});
		expect(findSlots(reunion, agentQuery('2026-11-24', '2026-11-25')).slots[0].startsAt.toISOString()).toBe(
			'2026-11-24T05:00:00.000Z'
		);
		const cayenne = input({
			territory: { departement: '973', timeZone: 'America/Cayenne', allowWorkOnHolidays: false },
			plages: [plage({ timeZone: 'America/Cayenne' })]
		});
		expect(findSlots(cayenne, agentQuery('2026-11-24', '2026-11-25')).slots[0].startsAt.toISOString()).toBe(
			'2026-11-24T12:00:00.000Z'
		);
	});

	it('blocks public holidays unless the territory allows work on them', () => {
		// Week of 27 April 2026: Friday 1 May is a holiday.
		const i = input({
			plages: [plage({ firstDay: '2026-04-01', recurrence: { every: 'week', interval: 1, weekdays: [1, 2, 3, 4, 5] } })]
		});
		const days = (x: AvailabilityInput) => [
			...new Set(findSlots(x, agentQuery('2026-04-27', '2026-05-04')).slots.map((s) => s.day))
		];
		expect(days(i)).toEqual(['2026-04-27', '2026-04-28', '2026-04-29', '2026-04-30']);
		expect(days({ ...i, territory: { ...i.territory, allowWorkOnHolidays: true } })).toContain('2026-05-01');

		// Good Friday (3 April 2026) only in Alsace-Moselle; Easter Monday everywhere.
		const easterWeek = (departement: string) => [
			...new Set(
				findSlots(
					{ ...i, territory: { ...i.territory, departement } },
					agentQuery('2026-03-30', '2026-04-11')
				).slots.map((s) => s.day)
			)
		];
		expect(easterWeek('62')).toContain('2026-04-03');
		expect(easterWeek('57')).not.toContain('2026-04-03');
		expect(easterWeek('62')).not.toContain('2026-04-06');

		// The abolition day in La Réunion (Sunday 20 December 2026).
		const reunion = input({
			territory: { departement: '974', timeZone: 'Indian/Reunion', allowWorkOnHolidays: false },
			plages: [plage({ timeZone: 'Indian/Reunion' })]
		});
		expect(findSlots(reunion, agentQuery('2026-12-20', '2026-12-21')).slots).toEqual([]);
		expect(findSlots(reunion, agentQuery('2026-12-20', '2026-12-21')).emptyReason).toBe('all_taken');
	});

	it('blocks absences, one-off over several days and recurring', () => {
		const absences: AbsenceInput[] = [
			{
				agentId: 'a1',
				firstDay: '2026-11-24',
				endDay: '2026-11-25',
				startTime: '10:00',
				endTime: '09:30',
				timeZone: PARIS
			},
			{
				agentId: 'a1',
				firstDay: '2026-11-26',
				endDay: '2026-11-26',
				startTime: '09:00',
				endTime: '11:00',
				recurrence: { every: 'week', interval: 1 },
				timeZone: PARIS
			},
			// Another agent's absence changes nothing.
			{
				agentId: 'a2',
				firstDay: '2026-11-23',
				endDay: '2026-11-30',
				startTime: '00:00',
				endTime: '00:00',
				timeZone: PARIS
			}
		];
		const r = findSlots(input({ absences }), agentQuery('2026-11-24', '2026-11-28'));
		const byDay = (day: string) => r.slots.filter((s) => s.day === day).map((s) => s.time);
		expect(byDay('2026-11-24')).toEqual(['09:00', '09:30']);
		expect(byDay('2026-11-25')).toEqual(['09:30', '10:00', '10:30', '11:00', '11:30']);
		expect(byDay('2026-11-26')).toEqual(['11:00', '11:30']);
		expect(byDay('2026-11-27')).toHaveLength(6);
		const nextWeek = findSlots(input({ absences }), agentQuery('2026-12-03', '2026-12-04')).slots;
		expect(nextWeek.map((s) => s.time)).toEqual(['11:00', '11:30']);
	});

	it('blocks the agent’s active RDVs in any organisation, not cancelled ones', () => {
		const rdvs: RdvInput[] = [
			{
				organisationId: 'other-org',
				agentIds: ['a1'],
				status: 'unknown',
				startsAt: at('2026-11-24T08:10:00Z'),
				endsAt: at('2026-11-24T08:40:00Z')
			},
			{
				agentIds: ['a2', 'a1'],
				status: 'seen',
				startsAt: at('2026-11-24T10:00:00Z'),
				endsAt: at('2026-11-24T10:30:00Z')
			},
			{ agentIds: ['a1'], status: 'excused', startsAt: at('2026-11-24T09:00:00Z'), endsAt: at('2026-11-24T09:30:00Z') },
			{ agentIds: ['a1'], status: 'revoked', startsAt: at('2026-11-24T09:30:00Z'), endsAt: at('2026-11-24T10:00:00Z') }
		];
		const r = findSlots(input({ rdvs }), agentQuery('2026-11-24', '2026-11-25'));
		// Free: 09:00–09:10 (too short), 09:40–11:00, 11:30–12:00.
		expect(r.slots.map((s) => s.time)).toEqual(['09:40', '10:10', '11:30']);
	});

	it('applies the usager booking window with now rounded up to 5 minutes', () => {
		const now = at('2026-11-24T07:02:10Z'); // 08:02:10 in Paris
		const motif = { id: 'm1', durationMinutes: 30, minBookingDelayMinutes: 30, maxBookingDelayMinutes: 2 * 24 * 60 };
		const i = input({ motif, plages: [plage({ startTime: '08:00' })] });
		const usager = findSlots(i, { from: '2026-11-24', to: '2026-11-28', now, audience: 'usager' });
		// From 08:05 + 30 min; until now + 2 days, so nothing fits on the 26th (08:00–08:02:10).
		expect(usager.slots[0].time).toBe('08:35');
		expect(usager.slots.at(-1)!.day).toBe('2026-11-25');
		expect(usager.slots.at(-1)!.time).toBe('11:30');
		// Agents are not bound by the delays, only by the past (rounded the same way), or nothing with includePast.
		const agent = findSlots(i, { from: '2026-11-24', to: '2026-11-28', now, audience: 'agent' });
		expect(agent.slots[0].time).toBe('08:05');
		expect(agent.slots.at(-1)!.day).toBe('2026-11-27');
		expect(
			findSlots(i, { from: '2026-11-24', to: '2026-11-25', now, audience: 'agent', includePast: true }).slots[0].time
		).toBe('08:00');
		// An exact 5-minute now is not rounded further.
		expect(
			findSlots(i, { from: '2026-11-24', to: '2026-11-25', now: at('2026-11-24T07:00:00Z'), audience: 'usager' })
				.slots[0].time
		).toBe('08:30');
		// Empty because of the window.
		const late = findSlots(
			{ ...i, motif: { ...motif, minBookingDelayMinutes: 3 * 24 * 60, maxBookingDelayMinutes: 4 * 24 * 60 } },
			{
				from: '2026-11-24',
				to: '2026-11-26',
				now,
				audience: 'usager'
			}
		);
		expect(late.slots).toEqual([]);
		expect(late.emptyReason).toBe('outside_window');
	});

	it('explains empty results', () => {
		expect(
			findSlots(input({ plages: [plage({ motifIds: ['other'] })] }), agentQuery('2026-11-24', '2026-11-25')).emptyReason
		).toBe('no_plage');
		const full: RdvInput = {
			agentIds: ['a1'],
			status: 'unknown',
			startsAt: at('2026-11-24T08:00:00Z'),
			endsAt: at('2026-11-24T11:00:00Z')
		};
		expect(findSlots(input({ rdvs: [full] }), agentQuery('2026-11-24', '2026-11-25')).emptyReason).toBe('all_taken');
	});

	it('applies occurrence exceptions, lieu and agent filters', () => {
		const p = plage({
			exceptions: [
				{ day: '2026-11-24', cancelled: true },
				{ day: '2026-11-25', startTime: '14:00', endTime: '15:00', lieuId: 'l2' }
			]
		});
		const other = plage({ id: 'p2', agentId: 'a2', lieuId: 'l2', startTime: '14:00', endTime: '14:30' });
		const i = input({ plages: [p, other] });
		const all = findSlots(i, agentQuery('2026-11-24', '2026-11-26'));
		expect(all.slots.filter((s) => s.day === '2026-11-24').map((s) => s.agentId)).toEqual(['a2']);
		expect(all.slots.filter((s) => s.day === '2026-11-25').map((s) => `${s.agentId} ${s.lieuId} ${s.time}`)).toEqual([
			'a1 l2 14:00',
			'a2 l2 14:00',
			'a1 l2 14:30'
		]);
		const l1 = findSlots(i, agentQuery('2026-11-24', '2026-11-26', { lieuIds: ['l1'] }));
		expect(l1.slots).toEqual([]);
		const a2 = findSlots(i, agentQuery('2026-11-24', '2026-11-26', { agentIds: ['a2'] }));
		expect(a2.agents.map((a) => a.agentId)).toEqual(['a2']);
		expect(a2.slots).toHaveLength(2);
	});

	it('merges overlapping plages of one agent at one lieu into one free block', () => {
		const i = input({
			plages: [
				plage({ endTime: '10:15' }),
				plage({ id: 'p2', startTime: '10:00', endTime: '11:00', recurrence: null, firstDay: '2026-11-24' })
			]
		});
		expect(findSlots(i, agentQuery('2026-11-24', '2026-11-25')).slots.map((s) => s.time)).toEqual([
			'09:00',
			'09:30',
			'10:00',
			'10:30'
		]);
	});
});

describe('mergeSlotsByTime', () => {
	it('gives one entry per start time and lieu with the free agents', () => {
		const i = input({
			plages: [
				plage(),
				plage({ id: 'p2', agentId: 'a2', startTime: '09:30' }),
				plage({ id: 'p3', agentId: 'a3', lieuId: 'l2' })
			]
		});
		const r = findSlots(i, agentQuery('2026-11-24', '2026-11-25', { agentIds: ['a2', 'a1', 'a3'] }));
		const merged = mergeSlotsByTime(r.slots);
		expect(merged.slice(0, 3).map((m) => [m.time, m.lieuId, m.agentIds])).toEqual([
			['09:00', 'l1', ['a1']],
			['09:00', 'l2', ['a3']],
			['09:30', 'l1', ['a2', 'a1']]
		]);
		expect(merged.filter((m) => m.lieuId === 'l1')).toHaveLength(6);
	});
});

describe('collective sessions', () => {
	const motif = {
		id: 'mc',
		durationMinutes: 60,
		collective: true,
		minBookingDelayMinutes: 60,
		maxBookingDelayMinutes: 30 * 24 * 60
	};
	const session = (over: Partial<CollectiveSessionInput>): CollectiveSessionInput => ({
		id: 's',
		motifId: 'mc',
		agentIds: ['a1'],
		lieuId: 'l1',
		status: 'unknown',
		startsAt: at('2026-11-26T13:00:00Z'),
		endsAt: at('2026-11-26T15:00:00Z'),
		maxParticipants: 5,
		participantCount: 2,
		...over
	});
	const sessions = [
		session({ id: 'open' }),
		session({ id: 'full', participantCount: 5 }),
		session({
			id: 'unlimited',
			maxParticipants: null,
			participantCount: 40,
			startsAt: at('2026-11-27T08:00:00Z'),
			endsAt: at('2026-11-27T09:00:00Z')
		}),
		session({ id: 'revoked', status: 'revoked' }),
		session({ id: 'past', startsAt: at('2026-11-20T08:00:00Z'), endsAt: at('2026-11-20T09:00:00Z') }),
		session({ id: 'soon', startsAt: at('2026-11-24T08:30:00Z'), endsAt: at('2026-11-24T09:30:00Z') }),
		session({ id: 'other-motif', motifId: 'm1' })
	];
	const i = input({ motif, plages: [], sessions });
	const now = at('2026-11-24T08:00:00Z');

	it('offers future sessions with seats left', () => {
		const agent = findCollectiveSessions(i, { from: '2026-11-16', to: '2026-12-01', now, audience: 'agent' });
		expect(agent.map((s) => [s.rdvId, s.seatsLeft])).toEqual([
			['soon', 3],
			['open', 3],
			['unlimited', null]
		]);
		expect(agent[1]).toMatchObject({ day: '2026-11-26', time: '14:00', agentIds: ['a1'], lieuId: 'l1' });
		// Usagers also get the booking window (min delay 60 minutes leaves "soon" out).
		const usager = findCollectiveSessions(i, { from: '2026-11-16', to: '2026-12-01', now, audience: 'usager' });
		expect(usager.map((s) => s.rdvId)).toEqual(['open', 'unlimited']);
		expect(
			findCollectiveSessions(i, { from: '2026-11-16', to: '2026-12-01', now, audience: 'agent', agentIds: ['a9'] })
		).toEqual([]);
	});

	it('is the next availability of a collective motif', () => {
		expect(nextAvailability(i, { from: '2026-11-24', now, audience: 'usager' })).toMatchObject({
			day: '2026-11-26',
			time: '14:00',
			agentIds: ['a1'],
			lieuId: 'l1'
		});
	});
});

describe('nextAvailability', () => {
	const now = at('2026-11-24T07:00:00Z');

	it('finds the first free time weeks ahead, with the agents free then', () => {
		const i = input({
			plages: [
				plage({ firstDay: '2027-01-11', recurrence: { every: 'week', interval: 2, weekdays: [3] } }),
				plage({
					id: 'p2',
					agentId: 'a2',
					firstDay: '2027-01-13',
					recurrence: null,
					startTime: '09:00',
					endTime: '09:30'
				})
			],
			rdvs: [
				{
					agentIds: ['a1'],
					status: 'unknown',
					startsAt: at('2027-01-13T08:00:00Z'),
					endsAt: at('2027-01-13T08:30:00Z')
				}
			]
		});
		expect(nextAvailability(i, { from: '2026-11-24', now, audience: 'agent' })).toEqual({
			startsAt: at('2027-01-13T08:00:00Z'),
			day: '2027-01-13',
			time: '09:00',
			lieuId: 'l1',
			agentIds: ['a2']
		});
	});

	it('gives up after six months, and respects the usager window', () => {
		const far = input({ plages: [plage({ firstDay: '2027-06-01' })] });
		expect(nextAvailability(far, { from: '2026-11-24', now, audience: 'agent' })).toBeNull();
		expect(nextAvailability(far, { from: '2026-11-24', now, audience: 'agent', horizonMonths: 7 })?.day).toBe(
			'2027-06-01'
		);
		// A usager with a 3-month maximum cannot go as far even within the horizon.
		const threeMonths = input({
			plages: [plage({ firstDay: '2027-03-01' })],
			motif: { ...input().motif, maxBookingDelayMinutes: 60 * 24 * 60 }
		});
		expect(nextAvailability(threeMonths, { from: '2026-11-24', now, audience: 'usager' })).toBeNull();
		expect(nextAvailability(input(), { from: '2026-11-24', now, audience: 'usager' })).toMatchObject({
			day: '2026-11-24',
			time: '09:00'
		});
	});
});

describe('inspectInterval', () => {
	const rdv: RdvInput = {
		id: 'r1',
		agentIds: ['a1'],
		status: 'unknown',
		startsAt: at('2026-11-24T09:00:00Z'),
		endsAt: at('2026-11-24T09:30:00Z')
	};
	const absence: AbsenceInput = {
		agentId: 'a1',
		firstDay: '2026-11-25',
		endDay: '2026-11-25',
		startTime: '10:00',
		endTime: '11:00',
		timeZone: PARIS
	};
	const i = input({ rdvs: [rdv], absences: [absence] });

	it('says whether an interval is free and why not', () => {
		expect(inspectInterval(i, 'a1', at('2026-11-24T08:00:00Z'), at('2026-11-24T08:30:00Z'), { lieuId: 'l1' })).toEqual({
			agentId: 'a1',
			withinOpening: true,
			holidays: [],
			absenceOverlap: false,
			overlappingRdvIds: [],
			free: true
		});
		expect(
			inspectInterval(i, 'a1', at('2026-11-24T08:00:00Z'), at('2026-11-24T08:30:00Z'), { lieuId: 'l2' }).withinOpening
		).toBe(false);
		expect(inspectInterval(i, 'a1', at('2026-11-24T10:45:00Z'), at('2026-11-24T11:15:00Z')).withinOpening).toBe(false);
		const taken = inspectInterval(i, 'a1', at('2026-11-24T09:15:00Z'), at('2026-11-24T09:45:00Z'));
		expect(taken.overlappingRdvIds).toEqual(['r1']);
		expect(taken.free).toBe(false);
		expect(
			inspectInterval(i, 'a1', at('2026-11-24T09:15:00Z'), at('2026-11-24T09:45:00Z'), { ignoreRdvId: 'r1' }).free
		).toBe(true);
		expect(inspectInterval(i, 'a1', at('2026-11-25T09:30:00Z'), at('2026-11-25T10:00:00Z')).absenceOverlap).toBe(true);
		expect(inspectInterval(i, 'a1', at('2026-12-25T09:00:00Z'), at('2026-12-25T09:30:00Z')).holidays).toEqual([
			{ day: '2026-12-25', name: 'Noël' }
		]);
	});
});

// ---------------------------------------------------------------------------------------------------------------
// Property: the engine equals the minute-by-minute oracle.

/** Days the random ranges are drawn around: DST changes (last Sundays of March and October), holidays. */
const ZONES = [
	{
		timeZone: 'Europe/Paris',
		departements: ['62', '57'],
		focus: ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31', '2026-05-01', '2026-04-03', '2026-12-25']
	},
	{ timeZone: 'Indian/Reunion', departements: ['974'], focus: ['2026-12-20', '2026-03-29', '2026-11-01'] },
	{ timeZone: 'America/Cayenne', departements: ['973'], focus: ['2026-06-10', '2026-10-25', '2026-07-14'] }
];

const AGENTS = ['a1', 'a2', 'a3'];
const LIEUX = ['l1', 'l2'];

/** Times biased towards the small hours, where DST changes happen. */
const minuteOfDay = fc.oneof(
	fc.integer({ min: 0, max: 54 }).map((i) => i * 5),
	fc.integer({ min: 0, max: 286 }).map((i) => i * 5)
);

const timePair = fc
	.tuple(minuteOfDay, fc.integer({ min: 1, max: 120 }))
	.map(([start, len]) => [Math.min(start, 1430), Math.min(start + len * 5, 1435)] as const)
	.filter(([s, e]) => e > s)
	.map(([s, e]) => [formatTime(s), formatTime(e)] as const);

function recurrenceArb(anchor: number): fc.Arbitrary<Recurrence | null> {
	const until = fc.option(
		fc.integer({ min: -5, max: 60 }).map((d) => dayFromNumber(anchor + d)),
		{ nil: undefined, freq: 2 }
	);
	const interval = fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 5 }));
	return fc.oneof(
		fc.constant(null),
		{
			weight: 4,
			arbitrary: fc.record({
				every: fc.constant('week' as const),
				interval,
				weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 7 }),
				until
			})
		},
		fc.record({ every: fc.constant('month' as const), interval, until })
	);
}

/** A range of 1–8 days containing one of the zone's focus days, and a schedule around it. */
function scenarioArb(zones = ZONES) {
	return fc.constantFrom(...zones).chain((zone) =>
		fc
			.integer({ min: 1, max: 8 })
			.chain((length) =>
				fc.record({
					anchor: fc.constantFrom(...zone.focus).map(dayNumber),
					shift: fc.integer({ min: 1 - length, max: 0 }),
					length: fc.constant(length),
					departement: fc.constantFrom(...zone.departements),
					allowWorkOnHolidays: fc.boolean()
				})
			)
			.chain((base) => {
				const anchor = base.anchor + base.shift;
				const tz = zone.timeZone;
				const plages = fc.array(
					fc.record({
						agentId: fc.constantFrom(...AGENTS),
						lieuId: fc.constantFrom(...LIEUX),
						motifIds: fc.constantFrom(['m'], ['m'], ['m', 'x'], ['x']),
						firstDay: fc
							.oneof(fc.integer({ min: -14, max: 3 }), fc.integer({ min: -70, max: 8 }))
							.map((d) => dayFromNumber(anchor + d)),
						times: timePair,
						recurrence: recurrenceArb(anchor),
						exceptions: fc.uniqueArray(
							fc.record({
								day: fc.integer({ min: -1, max: 9 }).map((d) => dayFromNumber(anchor + d)),
								cancel: fc.boolean(),
								times: timePair,
								lieuId: fc.option(fc.constantFrom(...LIEUX), { nil: undefined })
							}),
							{ maxLength: 3, selector: (e) => e.day }
						)
					}),
					{ minLength: 2, maxLength: 8 }
				);
				const absences = fc.array(
					fc.record({
						agentId: fc.constantFrom(...AGENTS),
						firstDay: fc.integer({ min: -3, max: 9 }),
						days: fc.integer({ min: 0, max: 2 }),
						times: timePair,
						endTime: minuteOfDay,
						recurrence: recurrenceArb(anchor)
					}),
					{ maxLength: 4 }
				);
				const rdvs = fc.array(
					fc.record({
						offset: fc.integer({ min: -600, max: 8 * 1440 }),
						duration: fc.integer({ min: 1, max: 240 }),
						agentIds: fc.subarray(AGENTS, { minLength: 1 }),
						status: fc.constantFrom(...RDV_STATUSES)
					}),
					{ maxLength: 25 }
				);
				return fc.record({
					base: fc.constant({ ...base, anchor, tz }),
					plages,
					absences,
					rdvs,
					duration: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
					minDelay: fc.integer({ min: 0, max: 16 }).map((i) => i * 30),
					maxDelaySpan: fc.integer({ min: 1, max: 40 }).map((i) => i * 360),
					now: fc.integer({ min: -3 * 1440 * 60, max: 4 * 1440 * 60 }).map((s) => anchor * DAY_MS + s * 1000 + 123),
					audience: fc.constantFrom('agent' as const, 'usager' as const),
					includePast: fc.boolean(),
					agentFilter: fc.option(fc.subarray(AGENTS, { minLength: 1 }), { nil: undefined, freq: 2 }),
					lieuFilter: fc.option(fc.subarray(LIEUX, { minLength: 1 }), { nil: undefined, freq: 2 })
				});
			})
	);
}

type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): { input: AvailabilityInput; query: SlotQuery } {
	const { anchor, tz } = s.base;
	const input: AvailabilityInput = {
		motif: {
			id: 'm',
			durationMinutes: s.duration,
			minBookingDelayMinutes: s.minDelay,
			maxBookingDelayMinutes: s.minDelay + s.maxDelaySpan
		},
		territory: { departement: s.base.departement, timeZone: tz, allowWorkOnHolidays: s.base.allowWorkOnHolidays },
		plages: s.plages.map((p, i) => ({
			id: `p${i}`,
			agentId: p.agentId,
			lieuId: p.lieuId,
			motifIds: [...p.motifIds],
			firstDay: p.firstDay,
			startTime: p.times[0],
			endTime: p.times[1],
			recurrence: p.recurrence,
			exceptions: p.exceptions.map((e) =>
				e.cancel
					? { day: e.day, cancelled: true }
					: { day: e.day, startTime: e.times[0], endTime: e.times[1], ...(e.lieuId ? { lieuId: e.lieuId } : {}) }
			),
			timeZone: tz
		})),
		absences: s.absences.map((a) => {
			const firstDay = dayFromNumber(anchor + a.firstDay);
			// Only single-day absences recur; multi-day ones may end at any time on their last day.
			return a.days === 0 || a.recurrence
				? {
						agentId: a.agentId,
						firstDay,
						endDay: firstDay,
						startTime: a.times[0],
						endTime: a.times[1],
						recurrence: a.recurrence,
						timeZone: tz
					}
				: {
						agentId: a.agentId,
						firstDay,
						endDay: dayFromNumber(anchor + a.firstDay + a.days),
						startTime: a.times[0],
						endTime: formatTime(a.endTime),
						timeZone: tz
					};
		}),
		rdvs: s.rdvs.map((r, i) => {
			const start = anchor * DAY_MS + r.offset * 60_000;
			return {
				id: `r${i}`,
				agentIds: r.agentIds,
				status: r.status,
				startsAt: new Date(start),
				endsAt: new Date(start + r.duration * 60_000)
			};
		})
	};
	const query: SlotQuery = {
		from: dayFromNumber(anchor),
		to: dayFromNumber(anchor + s.base.length),
		now: s.now,
		audience: s.audience,
		includePast: s.includePast,
		...(s.agentFilter ? { agentIds: s.agentFilter } : {}),
		...(s.lieuFilter ? { lieuIds: s.lieuFilter } : {})
	};
	return { input, query };
}

const key = (x: { agentId: string; lieuId?: string; start: number; end: number }) =>
	`${new Date(x.start).toISOString()} ${new Date(x.end).toISOString()} ${x.agentId} ${x.lieuId ?? '-'}`;

describe('findSlots equals the minute-by-minute oracle', () => {
	it('on random schedules across DST changes, holidays and overseas zones', () => {
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				const { input, query } = build(s);
				const result = findSlots(input, query);
				const engine = result.slots
					.map((x) => key({ ...x, start: x.startsAt.getTime(), end: x.endsAt.getTime() }))
					.sort();
				const oracle = oracleSlots(input, query).map(key).sort();
				expect(engine).toEqual(oracle);
				// Local day and time are Temporal's.
				for (const slot of result.slots) {
					const zdt = Temporal.Instant.fromEpochMilliseconds(slot.startsAt.getTime()).toZonedDateTimeISO(s.base.tz);
					expect(`${slot.day} ${slot.time}`).toBe(`${zdt.toPlainDate()} ${formatTime(zdt.hour * 60 + zdt.minute)}`);
				}
				// Per-agent lists partition the whole list.
				expect(result.agents.reduce((n, a) => n + a.slots.length, 0)).toBe(result.slots.length);
			}),
			{ numRuns: 400 }
		);
	}, 60_000);

	it('on the DST weeks of Europe/Paris', () => {
		const paris = [{ ...ZONES[0], focus: ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'] }];
		fc.assert(
			fc.property(scenarioArb(paris), (s) => {
				const { input, query } = build(s);
				const engine = findSlots(input, query).slots.map((x) =>
					key({ ...x, start: x.startsAt.getTime(), end: x.endsAt.getTime() })
				);
				expect(engine.sort()).toEqual(oracleSlots(input, query).map(key).sort());
			}),
			{ numRuns: 300 }
		);
	}, 60_000);

	it('next availability is the first slot of a long search', () => {
		fc.assert(
			fc.property(scenarioArb(), (s) => {
				const { input, query } = build(s);
				const to = dayFromNumber(dayNumber(query.from) + 21);
				const first = findSlots(input, { ...query, to }).slots[0];
				const next = nextAvailability(input, { ...query, horizonMonths: 1 });
				if (!first) {
					// Nothing within three weeks: the search may still find something later in the month.
					if (next) expect(next.day >= to).toBe(true);
				} else {
					expect(next?.startsAt).toEqual(first.startsAt);
					expect(next?.agentIds).toContain(first.agentId);
				}
			}),
			{ numRuns: 150 }
		);
	}, 60_000);
});

describe('every slot the engine offers can be booked', () => {
	it('restarts after an off-grain RDV on the claim grain: 7 minutes at 09:00 hold 09:00–09:10', () => {
		const rdv: RdvInput = {
			agentIds: ['a1'],
			status: 'unknown',
			startsAt: at('2026-11-24T08:00:00Z'),
			endsAt: at('2026-11-24T08:07:00Z')
		};
		const { slots } = findSlots(input({ rdvs: [rdv] }), agentQuery('2026-11-24', '2026-11-25'));
		expect(times(slots)).toEqual([
			'2026-11-24 09:10',
			'2026-11-24 09:40',
			'2026-11-24 10:10',
			'2026-11-24 10:40',
			'2026-11-24 11:10'
		]);
	});

	it('opens usager slots on the grain after a minimum delay off the grain', () => {
		const motif = { ...input().motif, minBookingDelayMinutes: 7 };
		// Monday 23 November 08:00 in Paris: the earliest start is 08:07, so the 09:00 plage opens at 09:00.
		const now = at('2026-11-23T07:02:00Z');
		const { slots } = findSlots(input({ motif }), { from: '2026-11-23', to: '2026-11-24', now, audience: 'usager' });
		expect(times(slots)[0]).toBe('2026-11-23 09:00');
		const late = findSlots(input({ motif }), {
			from: '2026-11-23',
			to: '2026-11-24',
			now: at('2026-11-23T08:00:00Z'), // 09:00 + 7 minutes: 09:07 rounds up to 09:10
			audience: 'usager'
		});
		expect(times(late.slots)[0]).toBe('2026-11-23 09:10');
	});

	it('on random schedules with RDVs at any minute and second: on the grain, and every claim bucket is free', () => {
		fc.assert(
			fc.property(scenarioArb(), fc.array(fc.integer({ min: 0, max: 59_999 }), { maxLength: 25 }), (s, jitters) => {
				const { input, query } = build(s);
				// RDVs saved before the grain rule: any second and millisecond too.
				input.rdvs = input.rdvs.map((r, i) => ({
					...r,
					startsAt: new Date(toEpochMs(r.startsAt) + (jitters[i] ?? 0)),
					endsAt: new Date(toEpochMs(r.endsAt) + (jitters[(i + 1) % Math.max(1, jitters.length)] ?? 0))
				}));
				const taken = new Map<string, Set<number>>();
				for (const r of input.rdvs) {
					if (r.status === 'excused' || r.status === 'revoked') continue;
					const buckets = claimBuckets(new Date(toEpochMs(r.startsAt)), new Date(toEpochMs(r.endsAt)));
					for (const agentId of r.agentIds) {
						const set = taken.get(agentId) ?? new Set<number>();
						for (const b of buckets) set.add(b.getTime());
						taken.set(agentId, set);
					}
				}
				for (const slot of findSlots(input, query).slots) {
					// The booking service accepts the slot's time as it is…
					expect(rdvStartError(slot.startsAt)).toBeNull();
					expect(isRdvDuration((slot.endsAt.getTime() - slot.startsAt.getTime()) / 60_000)).toBe(true);
					// …and the claims let it through: none of its buckets is held by another RDV of the agent.
					for (const bucket of claimBuckets(slot.startsAt, slot.endsAt))
						expect(taken.get(slot.agentId)?.has(bucket.getTime()) ?? false).toBe(false);
				}
			}),
			{ numRuns: 300 }
		);
	}, 60_000);
});
