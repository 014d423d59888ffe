import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	canBookMotif,
	checkBooking,
	isRdvDuration,
	rdvStartError,
	type BookingInput,
	type BookingRequest,
	type UsagerRdvInput
} from './booking-rules.ts';
import { findSlots, type CollectiveSessionInput, type PlageInput, type RdvInput } from './slots.ts';

const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);

const plage: PlageInput = {
	id: 'p1',
	agentId: 'a1',
	lieuId: 'l1',
	motifIds: ['m1'],
	firstDay: '2026-11-23',
	startTime: '09:00',
	endTime: '12:00',
	recurrence: { every: 'week', interval: 1, weekdays: [1, 2, 3, 4, 5] },
	timeZone: PARIS
};

function input(over: Partial<BookingInput> = {}): BookingInput {
	return {
		motif: {
			id: 'm1',
			durationMinutes: 30,
			minBookingDelayMinutes: 30,
			maxBookingDelayMinutes: 60 * 24 * 60,
			bookableBy: 'everyone'
		},
		territory: { departement: '62', timeZone: PARIS, allowWorkOnHolidays: false },
		plages: [plage],
		absences: [],
		rdvs: [],
		...over
	};
}

const now = at('2026-11-23T07:00:00Z'); // Monday 08:00 in Paris

function request(over: Partial<BookingRequest> = {}): BookingRequest {
	// Tuesday 24 November, 09:00–09:30 in Paris.
	return {
		actor: 'usager',
		agentIds: ['a1'],
		startsAt: at('2026-11-24T08:00:00Z'),
		endsAt: at('2026-11-24T08:30:00Z'),
		lieuId: 'l1',
		now,
		...over
	};
}

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('canBookMotif', () => {
	it('follows bookableBy', () => {
		expect(canBookMotif('agents', 'agent')).toBe(true);
		expect(canBookMotif('agents', 'prescripteur')).toBe(false);
		expect(canBookMotif('agents_and_prescripteurs', 'prescripteur')).toBe(true);
		expect(canBookMotif('agents_and_prescripteurs', 'usager')).toBe(false);
		expect(canBookMotif('agents_and_prescripteurs_and_invited_users', 'usager')).toBe(false);
		expect(canBookMotif('agents_and_prescripteurs_and_invited_users', 'usager', true)).toBe(true);
		expect(canBookMotif('everyone', 'usager')).toBe(true);
	});
});

describe('checkBooking: online bookings', () => {
	it('accepts a free slot inside the window', () => {
		expect(checkBooking(input(), request())).toEqual({ status: 'accepted', errors: [], warnings: [], notices: [] });
	});

	it('rejects a taken slot with one neutral message', () => {
		const rdvs: RdvInput[] = [
			{
				id: 'r1',
				agentIds: ['a1'],
				status: 'unknown',
				startsAt: at('2026-11-24T08:15:00Z'),
				endsAt: at('2026-11-24T08:45:00Z')
			}
		];
		const d = checkBooking(input({ rdvs }), request());
		expect(d.status).toBe('rejected');
		expect(d.errors).toEqual([{ code: 'slot_unavailable', message: 'Ce créneau n’est plus disponible.' }]);
		// A cancelled RDV frees the time again.
		expect(checkBooking(input({ rdvs: [{ ...rdvs[0], status: 'revoked' }] }), request()).status).toBe('accepted');
	});

	it('rejects outside plages, on absences, at another lieu, on holidays', () => {
		const outside = request({ startsAt: at('2026-11-24T11:00:00Z'), endsAt: at('2026-11-24T11:30:00Z') });
		expect(codes(checkBooking(input(), outside).errors)).toEqual(['slot_unavailable']);
		expect(codes(checkBooking(input(), request({ lieuId: 'l2' })).errors)).toEqual(['slot_unavailable']);
		const absences = [
			{
				agentId: 'a1',
				firstDay: '2026-11-24',
				endDay: '2026-11-24',
				startTime: '09:00',
				endTime: '09:15',
				timeZone: PARIS
			}
		];
		expect(codes(checkBooking(input({ absences }), request()).errors)).toEqual(['slot_unavailable']);
		// Friday 25 December.
		const christmas = request({ startsAt: at('2026-12-25T08:00:00Z'), endsAt: at('2026-12-25T08:30:00Z') });
		expect(codes(checkBooking(input(), christmas).errors)).toEqual(['slot_unavailable']);
	});

	it('enforces the booking window, the duration and bookableBy', () => {
		const tooSoon = request({ startsAt: at('2026-11-23T07:15:00Z'), endsAt: at('2026-11-23T07:45:00Z') });
		expect(codes(checkBooking(input(), tooSoon).errors)).toContain('outside_booking_window');
		const tooFar = request({ startsAt: at('2027-02-01T08:00:00Z'), endsAt: at('2027-02-01T08:30:00Z') });
		expect(codes(checkBooking(input(), tooFar).errors)).toContain('outside_booking_window');
		const longer = request({ endsAt: at('2026-11-24T08:45:00Z') });
		expect(checkBooking(input(), longer).errors).toContainEqual({
			code: 'duration_mismatch',
			message: 'La durée du RDV doit être de 30 minutes.'
		});
		const agentsOnly = input({ motif: { ...input().motif, bookableBy: 'agents' } });
		expect(checkBooking(agentsOnly, request()).errors).toEqual([
			{ code: 'motif_not_bookable', message: 'Ce motif ne se réserve pas en ligne.' }
		]);
		expect(checkBooking(agentsOnly, request({ actor: 'prescripteur' })).errors[0].message).toBe(
			'Ce motif n’est pas ouvert à la prescription.'
		);
	});

	it('never lets an usager or a prescripteur override', () => {
		const d = checkBooking(input(), request({ override: true }));
		expect(d.status).toBe('rejected');
		expect(d.errors).toEqual([
			{ code: 'override_forbidden', message: 'Seul un agent peut passer outre un conflit d’agenda.' }
		]);
		expect(checkBooking(input(), request({ actor: 'prescripteur', override: true })).status).toBe('rejected');
	});

	it('rejects an empty or reversed interval', () => {
		expect(codes(checkBooking(input(), request({ endsAt: at('2026-11-24T08:00:00Z') })).errors)).toEqual([
			'invalid_interval'
		]);
		expect(codes(checkBooking(input(), request({ agentIds: [] })).errors)).toEqual(['no_agent']);
	});
});

describe('checkBooking: agents', () => {
	const rdv: RdvInput = {
		id: 'r1',
		agentIds: ['a1'],
		status: 'unknown',
		startsAt: at('2026-11-24T08:15:00Z'),
		endsAt: at('2026-11-24T08:45:00Z')
	};

	it('turns conflicts into warnings that need confirmation', () => {
		const absences = [
			{
				agentId: 'a1',
				firstDay: '2026-11-24',
				endDay: '2026-11-24',
				startTime: '09:00',
				endTime: '09:15',
				timeZone: PARIS
			}
		];
		const d = checkBooking(input({ rdvs: [rdv], absences }), request({ actor: 'agent' }));
		expect(d.status).toBe('needs_confirmation');
		expect(d.warnings).toEqual([
			{ code: 'rdv_overlap', message: 'L’agent a déjà un RDV sur ce créneau.', agentId: 'a1', rdvIds: ['r1'] },
			{ code: 'absence_overlap', message: 'L’agent est indisponible sur ce créneau.', agentId: 'a1' }
		]);
		const confirmed = checkBooking(input({ rdvs: [rdv], absences }), request({ actor: 'agent', override: true }));
		expect(confirmed.status).toBe('accepted');
		expect(confirmed.warnings).toHaveLength(2);
	});

	it('ignores the RDV being moved', () => {
		expect(checkBooking(input({ rdvs: [rdv] }), request({ actor: 'agent', rdvId: 'r1' })).status).toBe('accepted');
	});

	it('is not bound by the window or the plages, and warns about the past', () => {
		const past = checkBooking(
			input(),
			request({ actor: 'agent', startsAt: at('2026-11-20T08:00:00Z'), endsAt: at('2026-11-20T08:45:00Z') })
		);
		expect(past.status).toBe('needs_confirmation');
		expect(codes(past.warnings)).toEqual(['start_in_past']);
		const evening = checkBooking(
			input(),
			request({ actor: 'agent', startsAt: at('2026-11-24T17:00:00Z'), endsAt: at('2026-11-24T17:20:00Z') })
		);
		expect(evening.status).toBe('accepted');
		expect(codes(evening.notices)).toEqual(['outside_opening']);
		const christmas = checkBooking(
			input(),
			request({ actor: 'agent', startsAt: at('2026-12-25T08:00:00Z'), endsAt: at('2026-12-25T08:30:00Z') })
		);
		expect(christmas.status).toBe('accepted');
		expect(christmas.notices).toContainEqual({
			code: 'holiday',
			message: 'Le 25/12/2026 est un jour férié (Noël).',
			agentId: 'a1'
		});
	});

	it('checks every agent of a multi-agent RDV', () => {
		const i = input({ plages: [plage, { ...plage, id: 'p2', agentId: 'a2' }], rdvs: [{ ...rdv, agentIds: ['a2'] }] });
		const d = checkBooking(i, request({ actor: 'agent', agentIds: ['a1', 'a2'] }));
		expect(d.warnings.map((w) => w.agentId)).toEqual(['a2']);
	});
});

/** A collective session of motif mc, 13:00–15:00 UTC on 26 November, 2 of 3 seats taken. */
const collectiveSession: CollectiveSessionInput = {
	id: 's1',
	motifId: 'mc',
	agentIds: ['a1'],
	lieuId: 'l1',
	status: 'unknown',
	startsAt: at('2026-11-26T13:00:00Z'),
	endsAt: at('2026-11-26T15:00:00Z'),
	maxParticipants: 3,
	participantCount: 2
};

describe('checkBooking: collective sessions', () => {
	const session = collectiveSession;
	const collective = (s: CollectiveSessionInput) =>
		input({ motif: { ...input().motif, id: 'mc', collective: true, durationMinutes: 120 }, plages: [], sessions: [s] });
	const join = (over: Partial<BookingRequest> = {}) =>
		request({ sessionId: 's1', agentIds: [], startsAt: session.startsAt, endsAt: session.endsAt, ...over });

	it('accepts a session with seats left, refuses a full, cancelled or unknown one', () => {
		expect(checkBooking(collective(session), join()).status).toBe('accepted');
		expect(codes(checkBooking(collective({ ...session, participantCount: 3 }), join()).errors)).toEqual([
			'session_full'
		]);
		expect(codes(checkBooking(collective({ ...session, status: 'revoked' }), join()).errors)).toEqual([
			'session_unavailable'
		]);
		expect(codes(checkBooking(collective(session), join({ sessionId: 'nope' })).errors)).toEqual([
			'session_unavailable'
		]);
	});

	it('applies the usager window to the session’s own times', () => {
		const soon = { ...session, startsAt: at('2026-11-23T07:10:00Z'), endsAt: at('2026-11-23T08:00:00Z') };
		expect(codes(checkBooking(collective(soon), join()).errors)).toEqual(['outside_booking_window']);
		expect(checkBooking(collective(soon), join({ actor: 'agent' })).status).toBe('accepted');
	});
});

describe('checkBooking: the usagers’ own RDVs', () => {
	// The request: Tuesday 24 November 09:00–09:30 in Paris, usager u1, motif m1, lieu l1.
	const own = (over: Partial<UsagerRdvInput> = {}): UsagerRdvInput => ({
		id: 'u-r1',
		motifId: 'm1',
		status: 'unknown',
		startsAt: at('2026-11-24T08:00:00Z'),
		endsAt: at('2026-11-24T08:30:00Z'),
		lieuId: 'l1',
		participants: [{ usagerId: 'u1', status: 'unknown' }],
		...over
	});
	const withOwn = (...usagerRdvs: UsagerRdvInput[]) => input({ usagerRdvs });
	const asAgent = (over: Partial<BookingRequest> = {}) => request({ actor: 'agent', usagerIds: ['u1'], ...over });

	it('refuses an exact duplicate to agents, even confirmed, and answers online with the neutral message', () => {
		const d = checkBooking(withOwn(own()), asAgent({ override: true }));
		expect(d.status).toBe('rejected');
		expect(d.errors).toEqual([
			{
				code: 'duplicate_rdv',
				message: 'Ce RDV existe déjà : même usager, même motif, même heure.',
				rdvIds: ['u-r1']
			}
		]);
		// Whatever the agent: the usager cannot be twice at the same RDV.
		expect(codes(checkBooking(withOwn(own()), asAgent({ agentIds: ['a2'] })).errors)).toEqual(['duplicate_rdv']);
		for (const actor of ['usager', 'prescripteur'] as const) {
			const online = checkBooking(withOwn(own()), request({ actor, usagerIds: ['u1'] }));
			expect(online.errors).toEqual([{ code: 'slot_unavailable', message: 'Ce créneau n’est plus disponible.' }]);
		}
	});

	it('is no duplicate when cancelled, for another usager set, motif or start, or for the RDV itself', () => {
		const accepted = (i: BookingInput, r: BookingRequest = asAgent()) => checkBooking(i, r).status;
		expect(accepted(withOwn(own({ status: 'revoked' })))).toBe('accepted');
		// The usager excused alone from a shared RDV.
		const excused = own({ participants: [{ usagerId: 'u1', status: 'excused' }] });
		expect(accepted(withOwn(excused))).toBe('accepted');
		expect(accepted(withOwn(own({ motifId: 'm2' })))).toBe('accepted');
		expect(accepted(withOwn(own()), asAgent({ rdvId: 'u-r1' }))).toBe('accepted');
		expect(accepted(withOwn(own()), asAgent({ usagerIds: ['u2'] }))).toBe('accepted');
		// Same motif and start with a different set of usagers: not identical, but the same day.
		const pair = checkBooking(withOwn(own()), asAgent({ usagerIds: ['u1', 'u2'] }));
		expect(pair.errors).toEqual([]);
		expect(codes(pair.warnings)).toEqual(['usager_same_day']);
	});

	it('warns an agent about the same motif the same local day, and accepts once confirmed', () => {
		// 23:30 in Paris on Tuesday is 22:30 UTC: the same local day; Wednesday 00:30 is not.
		const late = own({ id: 'late', startsAt: at('2026-11-24T22:30:00Z'), endsAt: at('2026-11-24T22:45:00Z') });
		const nextDay = own({ id: 'next', startsAt: at('2026-11-24T23:30:00Z'), endsAt: at('2026-11-25T00:00:00Z') });
		const d = checkBooking(withOwn(late, nextDay), asAgent());
		expect(d.status).toBe('needs_confirmation');
		expect(d.warnings).toEqual([
			{
				code: 'usager_same_day',
				message: 'L’usager a déjà un RDV pour ce motif le même jour (à 23h30).',
				usagerId: 'u1',
				rdvIds: ['late']
			}
		]);
		expect(checkBooking(withOwn(late), asAgent({ override: true })).status).toBe('accepted');
		// Another motif the same day is no warning.
		expect(checkBooking(withOwn(own({ ...late, motifId: 'm2' })), asAgent()).status).toBe('accepted');
		// Online: refused with the neutral message, never confirmable.
		expect(checkBooking(withOwn(late), request({ usagerIds: ['u1'] })).errors).toEqual([
			{ code: 'slot_unavailable', message: 'Ce créneau n’est plus disponible.' }
		]);
	});

	it('warns an agent about an RDV right before or after in another place', () => {
		const before = own({
			id: 'before',
			motifId: 'm2',
			startsAt: at('2026-11-24T07:30:00Z'),
			endsAt: at('2026-11-24T08:00:00Z'),
			lieuId: 'l2'
		});
		const after = own({
			id: 'after',
			motifId: 'm2',
			startsAt: at('2026-11-24T08:30:00Z'),
			endsAt: at('2026-11-24T09:00:00Z'),
			lieuId: null,
			singleUseAddress: '3 rue des Lilas'
		});
		const d = checkBooking(withOwn(before, after), asAgent());
		expect(d.status).toBe('needs_confirmation');
		expect(d.warnings).toEqual([
			{
				code: 'usager_consecutive_elsewhere',
				message: 'L’usager a un autre RDV dans un autre lieu qui se termine à 9h00, juste avant celui-ci.',
				usagerId: 'u1',
				rdvIds: ['before']
			},
			{
				code: 'usager_consecutive_elsewhere',
				message: 'L’usager a un autre RDV dans un autre lieu qui commence à 9h30, juste après celui-ci.',
				usagerId: 'u1',
				rdvIds: ['after']
			}
		]);
		expect(checkBooking(withOwn(before, after), asAgent({ override: true })).status).toBe('accepted');
		// The same lieu, a phone RDV, or a gap between them: nothing to say.
		expect(checkBooking(withOwn({ ...before, lieuId: 'l1' }), asAgent()).status).toBe('accepted');
		expect(checkBooking(withOwn({ ...before, lieuId: null }), asAgent()).status).toBe('accepted');
		const gap = { ...before, endsAt: at('2026-11-24T07:55:00Z') };
		expect(checkBooking(withOwn(gap), asAgent()).status).toBe('accepted');
		// Online bookings are not asked about it.
		expect(checkBooking(withOwn(before, after), request({ usagerIds: ['u1'] })).status).toBe('accepted');
	});

	it('checks the usagers joining a session against the session’s time and lieu', () => {
		const session: CollectiveSessionInput = { ...collectiveSession, participantCount: 1 };
		const i = (...usagerRdvs: UsagerRdvInput[]) =>
			input({
				motif: { ...input().motif, id: 'mc', collective: true, durationMinutes: 120 },
				plages: [],
				sessions: [session],
				usagerRdvs
			});
		const join = request({
			actor: 'agent',
			sessionId: 's1',
			agentIds: [],
			usagerIds: ['u1'],
			startsAt: session.startsAt,
			endsAt: session.endsAt
		});
		// The session itself is not a duplicate of itself.
		const inSession = own({ id: 's1', motifId: 'mc', startsAt: session.startsAt, endsAt: session.endsAt });
		expect(checkBooking(i(inSession), join).status).toBe('accepted');
		const sameTime = own({ ...inSession, id: 's2' });
		expect(codes(checkBooking(i(sameTime), join).errors)).toEqual(['duplicate_rdv']);
		const right = own({
			id: 'r2',
			startsAt: session.endsAt,
			endsAt: at('2026-11-26T15:30:00Z'),
			lieuId: 'l2'
		});
		expect(codes(checkBooking(i(right), join).warnings)).toEqual(['usager_consecutive_elsewhere']);
	});
});

describe('checkBooking agrees with the slot engine', () => {
	it('accepts every slot offered to usagers, and refuses it once booked', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({ offset: fc.integer({ min: 0, max: 5 * 24 * 60 }), duration: fc.integer({ min: 5, max: 120 }) }),
					{ maxLength: 15 }
				),
				fc.constantFrom(15, 20, 30, 45),
				fc.integer({ min: 0, max: 3 * 24 * 60 }),
				(busy, duration, nowOffset) => {
					const base = Date.parse('2026-11-23T00:00:00Z');
					const rdvs: RdvInput[] = busy.map((b, i) => ({
						id: `r${i}`,
						agentIds: ['a1'],
						status: 'unknown',
						startsAt: new Date(base + b.offset * 60_000),
						endsAt: new Date(base + (b.offset + b.duration) * 60_000)
					}));
					const i = input({ rdvs, motif: { ...input().motif, durationMinutes: duration } });
					const t = base + nowOffset * 60_000;
					const { slots } = findSlots(i, { from: '2026-11-23', to: '2026-11-28', now: t, audience: 'usager' });
					for (const slot of slots) {
						const req = request({ startsAt: slot.startsAt, endsAt: slot.endsAt, lieuId: slot.lieuId, now: t });
						expect(checkBooking(i, req).status).toBe('accepted');
						const booked: RdvInput = {
							id: 'new',
							agentIds: ['a1'],
							status: 'unknown',
							startsAt: slot.startsAt,
							endsAt: slot.endsAt
						};
						const again = input({ rdvs: [...rdvs, booked], motif: i.motif });
						expect(checkBooking(again, req).status).toBe('rejected');
						expect(checkBooking(again, { ...req, actor: 'agent' }).status).toBe('needs_confirmation');
					}
				}
			),
			{ numRuns: 60 }
		);
	}, 60_000);
});

describe('the RDV time grain', () => {
	it('accepts starts on 5 minutes only, without seconds, in the accepted years', () => {
		expect(rdvStartError(at('2026-11-24T08:05:00Z'))).toBeNull();
		for (const iso of ['2026-11-24T08:07:00Z', '2026-11-24T08:05:30Z', '2026-11-24T08:05:00.001Z'])
			expect(rdvStartError(at(iso)), iso).toMatch(/multiple de 5 minutes/);
		for (const iso of ['1900-11-24T08:05:00Z', '9999-11-24T08:05:00Z'])
			expect(rdvStartError(at(iso)), iso).toMatch(/^Date hors limites/);
		expect(rdvStartError(Number.NaN)).toMatch(/^Date hors limites/);
	});

	it('accepts durations in whole 5-minute steps', () => {
		expect([5, 30, 45, 1440].every(isRdvDuration)).toBe(true);
		expect([0, 7, 12.5, -5, Number.NaN].some(isRdvDuration)).toBe(false);
	});
});

describe('checkBooking: RDVs out of the acting agent’s sight', () => {
	// The request: Tuesday 24 November 09:00–09:30 in Paris, agent a1, usager u1, lieu l1.
	const agentRdv = (id: string, start: string, end: string): RdvInput => ({
		id,
		agentIds: ['a1'],
		status: 'unknown',
		startsAt: at(start),
		endsAt: at(end)
	});
	const usagerRdv = (id: string, over: Partial<UsagerRdvInput> = {}): UsagerRdvInput => ({
		id,
		motifId: 'm2',
		status: 'unknown',
		startsAt: at('2026-11-24T07:30:00Z'),
		endsAt: at('2026-11-24T08:00:00Z'),
		lieuId: 'l2',
		participants: [{ usagerId: 'u1', status: 'unknown' }],
		...over
	});
	const asAgent = (hidden: string[], over: Partial<BookingRequest> = {}) =>
		request({ actor: 'agent', usagerIds: ['u1'], hiddenRdvIds: new Set(hidden), ...over });

	it('still warns about an overlap with a hidden RDV, without naming it', () => {
		const rdvs = [agentRdv('elsewhere', '2026-11-24T08:15:00Z', '2026-11-24T08:45:00Z')];
		const d = checkBooking(input({ rdvs }), asAgent(['elsewhere']));
		expect(d.status).toBe('needs_confirmation');
		expect(d.warnings).toEqual([
			{ code: 'rdv_overlap', message: 'L’agent a un autre engagement sur ce créneau.', agentId: 'a1' }
		]);
		// Beside a visible one, only the visible one is named.
		const both = [...rdvs, agentRdv('mine', '2026-11-24T08:00:00Z', '2026-11-24T08:30:00Z')];
		expect(checkBooking(input({ rdvs: both }), asAgent(['elsewhere'])).warnings).toEqual([
			{ code: 'rdv_overlap', message: 'L’agent a déjà un RDV sur ce créneau.', agentId: 'a1', rdvIds: ['mine'] }
		]);
	});

	it('says nothing of the usager’s hidden RDVs right before or after, and keeps a hidden duplicate an error', () => {
		const before = usagerRdv('before');
		expect(codes(checkBooking(input({ usagerRdvs: [before] }), asAgent([])).warnings)).toEqual([
			'usager_consecutive_elsewhere'
		]);
		expect(checkBooking(input({ usagerRdvs: [before] }), asAgent(['before']))).toMatchObject({
			status: 'accepted',
			warnings: []
		});
		const sameDay = usagerRdv('same-day', { motifId: 'm1', startsAt: at('2026-11-24T13:00:00Z') });
		expect(checkBooking(input({ usagerRdvs: [sameDay] }), asAgent(['same-day'])).status).toBe('accepted');
		const duplicate = usagerRdv('twin', {
			motifId: 'm1',
			startsAt: at('2026-11-24T08:00:00Z'),
			endsAt: at('2026-11-24T08:30:00Z'),
			lieuId: 'l1'
		});
		expect(checkBooking(input({ usagerRdvs: [duplicate] }), asAgent(['twin'], { override: true })).errors).toEqual([
			{ code: 'duplicate_rdv', message: 'Ce RDV existe déjà : même usager, même motif, même heure.' }
		]);
	});

	it('decides the agent’s time the same whatever is hidden, and never names a hidden RDV', () => {
		// Random RDVs of the agent on the grain around 09:00–09:30, any subset hidden.
		const slot = fc.integer({ min: 0, max: 24 }).map((i) => Date.UTC(2026, 10, 24, 7) + i * 5 * 60_000);
		const rdvArb = fc
			.tuple(slot, fc.integer({ min: 1, max: 12 }), fc.boolean())
			.map(([start, steps, hidden]) => ({ start, end: start + steps * 5 * 60_000, hidden }));
		fc.assert(
			fc.property(fc.array(rdvArb, { maxLength: 6 }), (specs) => {
				const rdvs = specs.map((s, i) => ({
					id: `r${i}`,
					agentIds: ['a1'],
					status: 'unknown' as const,
					startsAt: new Date(s.start),
					endsAt: new Date(s.end)
				}));
				const hidden = specs.flatMap((s, i) => (s.hidden ? [`r${i}`] : []));
				const open = checkBooking(input({ rdvs }), asAgent([]));
				const masked = checkBooking(input({ rdvs }), asAgent(hidden));
				expect(masked.status).toBe(open.status);
				expect(codes(masked.warnings)).toEqual(codes(open.warnings));
				const said = JSON.stringify(masked);
				for (const id of hidden) expect(said).not.toContain(`"${id}"`);
			})
		);
	});
});
