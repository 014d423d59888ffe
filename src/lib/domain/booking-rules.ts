/**
 * Booking rules: may this RDV be created (or moved) as asked? Pure: the booking service loads the same input as
 * the slot engine, asks here, then claims the agents' time (the claims, not this check, guarantee that two
 * overlapping bookings cannot both succeed under concurrency).
 *
 * - Agents may book anywhere; conflicts (another RDV, an absence, a start in the past) are warnings they must
 *   confirm with `override`. Booking outside the agent's plages or on a holiday is only a notice.
 * - Online bookings (usagers, prescripteurs) must fit the agent's free time for the motif exactly like the slot
 *   engine computes it, inside the booking window, with the motif's duration; they can never override.
 *   Their conflicts are reported as one "Ce créneau n'est plus disponible." (no detail about agents' agendas).
 * - The usagers' own RDVs (PRODUCT.md §5): an exact duplicate (same usagers, motif and start) is an error; the
 *   same usager on the same motif the same local day, or an RDV of the usager ending right when this one starts
 *   (or starting right when it ends) in another place, are warnings an agent may confirm. Online, the duplicate
 *   and the same-day RDV are refused with the same neutral message as a taken slot (a prescripteur must not
 *   learn what the usager booked); back-to-back RDVs are the usager's own choice there.
 * - What the warnings say is what the acting agent may see (`hiddenRdvIds`): an RDV of another organisation or
 *   service still makes an overlap with the agent's time a warning (the agent's time is taken, whoever took
 *   it), but it is neither named nor counted as the usager's (that would tell where else they go).
 */
import {
	bookingWindow,
	inspectInterval,
	isActiveRdvStatus,
	type AvailabilityInput,
	type IntervalInspection,
	type MotifInput
} from './slots.ts';
import { INSTANT_RANGE_MESSAGE, isAcceptedInstant } from './calendar-day.ts';
import { BUCKET_MINUTES } from './calendar-keys.ts';
import { instantToZoned, MINUTE_MS, toEpochMs, type InstantLike } from './time.ts';
import type { BookableBy, RdvStatus } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// The time grain of RDVs

/**
 * RDVs start on the claim grain (a multiple of 5 minutes, no seconds or milliseconds) and last a whole number of
 * 5-minute steps. Why enforce it on input rather than only round busy time in the slot engine: an RDV's claims
 * (services/claims.ts) hold whole 5-minute buckets, so a 7-minute RDV at 09:00 would silently block 09:00–09:10
 * and a start at 10:07 would take 10:05–10:10 from its neighbour. On the grain, what an RDV holds is exactly its
 * time, the slot engine (which cuts plages, themselves on the grain, by motif durations, multiples of 5) offers
 * only grain-aligned slots, and every offered slot's buckets are free. The engine still reads busy time outward
 * to the grain (slots.ts), for RDVs saved before this rule.
 *
 * The grain is checked on UTC instants: every territory's offset is a whole number of hours (or half-hours), so a
 * local 09:05 is a UTC multiple of 5 minutes too.
 */
export const RDV_GRAIN_MINUTES = BUCKET_MINUTES;
const RDV_GRAIN_MS = RDV_GRAIN_MINUTES * MINUTE_MS;

/** Whether an instant lies on the RDV grain. */
export function isOnRdvGrain(instant: InstantLike): boolean {
	const ms = toEpochMs(instant);
	return Number.isFinite(ms) && ms % RDV_GRAIN_MS === 0;
}

export const RDV_START_GRAIN_MESSAGE =
	'L’heure de début doit tomber sur un multiple de 5 minutes (9h00, 9h05, 9h10…), sans secondes.';
export const RDV_DURATION_GRAIN_MESSAGE = 'La durée doit être un multiple de 5 minutes.';

/** Why an RDV cannot start at this instant (out of the accepted years, or off the grain), or null. */
export function rdvStartError(instant: InstantLike): string | null {
	if (!isAcceptedInstant(toEpochMs(instant))) return INSTANT_RANGE_MESSAGE;
	return isOnRdvGrain(instant) ? null : RDV_START_GRAIN_MESSAGE;
}

/** Whether a duration in minutes is a whole number of grain steps. */
export function isRdvDuration(minutes: number): boolean {
	return Number.isInteger(minutes) && minutes > 0 && minutes % RDV_GRAIN_MINUTES === 0;
}

export type BookingActor = 'agent' | 'prescripteur' | 'usager';

export interface BookingMotif extends MotifInput {
	bookableBy: BookableBy;
}

/** An RDV an usager takes part in, as the booking service loads them around the booked time. */
export interface UsagerRdvInput {
	id: string;
	motifId: string;
	status: RdvStatus;
	startsAt: InstantLike;
	endsAt: InstantLike;
	lieuId?: string | null;
	singleUseAddress?: string | null;
	/** Each participant's own status: an excused participant no longer takes part. */
	participants: { usagerId: string; status: RdvStatus }[];
}

export interface BookingInput extends AvailabilityInput {
	motif: BookingMotif;
	/** The booked usagers' RDVs around the booked time (at least the local days it touches and their edges). */
	usagerRdvs?: UsagerRdvInput[];
}

export interface BookingRequest {
	actor: BookingActor;
	/** An usager who came through an invitation (motifs bookable by invited users). */
	invited?: boolean;
	agentIds: string[];
	startsAt: InstantLike;
	endsAt: InstantLike;
	lieuId?: string | null;
	/** Home visits and one-off places: where the RDV takes place when it has no lieu. */
	singleUseAddress?: string | null;
	/** The usagers booked (for a session: those joining it). */
	usagerIds?: string[];
	now: InstantLike;
	/** The agent confirmed the warnings. Refused from anyone else. */
	override?: boolean;
	/** Moving an existing RDV: its own time is no conflict. */
	rdvId?: string;
	/** Collective motifs: the session (collective RDV) joined. */
	sessionId?: string;
	/**
	 * RDVs the acting agent may not see (permissions.canSeeRdv): an overlap with one still warns, without its id
	 * (« un autre engagement »); the usager's soft warnings (same day, back to back) ignore them.
	 */
	hiddenRdvIds?: ReadonlySet<string>;
}

export type BookingIssueCode =
	| 'invalid_interval'
	| 'no_agent'
	| 'override_forbidden'
	| 'motif_not_bookable'
	| 'duration_mismatch'
	| 'outside_booking_window'
	| 'slot_unavailable'
	| 'session_unavailable'
	| 'session_full'
	| 'duplicate_rdv'
	| 'start_in_past'
	| 'rdv_overlap'
	| 'usager_same_day'
	| 'usager_consecutive_elsewhere'
	| 'absence_overlap'
	| 'outside_opening'
	| 'holiday';

export interface BookingIssue {
	code: BookingIssueCode;
	/** French, ready to show. */
	message: string;
	/** The agent concerned, for per-agent conflicts. */
	agentId?: string;
	/** The usager concerned, for the usager's own RDVs. */
	usagerId?: string;
	/** The RDVs in question (overlapping, duplicated, same day, back to back). */
	rdvIds?: string[];
}

export type BookingStatus = 'accepted' | 'needs_confirmation' | 'rejected';

export interface BookingDecision {
	/** rejected: errors; needs_confirmation: warnings an agent may confirm (override); accepted otherwise. */
	status: BookingStatus;
	errors: BookingIssue[];
	warnings: BookingIssue[];
	/** Information that needs no confirmation (outside plages, holiday). */
	notices: BookingIssue[];
}

const MESSAGES = {
	invalid_interval: 'La fin du RDV doit suivre son début.',
	no_agent: 'Choisissez au moins un agent.',
	override_forbidden: 'Seul un agent peut passer outre un conflit d’agenda.',
	outside_booking_window: 'Ce créneau n’est pas dans la période ouverte à la réservation en ligne.',
	slot_unavailable: 'Ce créneau n’est plus disponible.',
	session_unavailable: 'Cette séance n’est plus disponible.',
	session_full: 'Cette séance est complète.',
	duplicate_rdv: 'Ce RDV existe déjà : même usager, même motif, même heure.',
	start_in_past: 'Le RDV commence dans le passé.',
	rdv_overlap: 'L’agent a déjà un RDV sur ce créneau.',
	rdv_overlap_hidden: 'L’agent a un autre engagement sur ce créneau.',
	absence_overlap: 'L’agent est indisponible sur ce créneau.',
	outside_opening: 'Ce créneau est en dehors des plages d’ouverture de l’agent pour ce motif.'
} as const;

/** Whether an actor may book a motif given its `bookableBy`. */
export function canBookMotif(bookableBy: BookableBy, actor: BookingActor, invited = false): boolean {
	if (actor === 'agent') return true;
	if (actor === 'prescripteur') return bookableBy !== 'agents';
	return bookableBy === 'everyone' || (invited && bookableBy === 'agents_and_prescripteurs_and_invited_users');
}

function decide(
	errors: BookingIssue[],
	warnings: BookingIssue[],
	notices: BookingIssue[],
	override: boolean
): BookingDecision {
	const status: BookingStatus = errors.length
		? 'rejected'
		: warnings.length && !override
			? 'needs_confirmation'
			: 'accepted';
	return { status, errors, warnings, notices };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Issues an agent gets about one agent's time (warnings and notices). An overlap with RDVs out of the actor's
 * sight still warns — the agent cannot be in two places — but names only the RDVs the actor may see.
 */
function agentIssues(
	inspection: IntervalInspection,
	hidden: ReadonlySet<string>,
	warnings: BookingIssue[],
	notices: BookingIssue[]
): void {
	const agentId = inspection.agentId;
	const visible = inspection.overlappingRdvIds.filter((id) => !hidden.has(id));
	if (visible.length) warnings.push({ code: 'rdv_overlap', message: MESSAGES.rdv_overlap, agentId, rdvIds: visible });
	else if (inspection.overlappingRdvIds.length)
		warnings.push({ code: 'rdv_overlap', message: MESSAGES.rdv_overlap_hidden, agentId });
	if (inspection.absenceOverlap) warnings.push({ code: 'absence_overlap', message: MESSAGES.absence_overlap, agentId });
	if (!inspection.withinOpening) notices.push({ code: 'outside_opening', message: MESSAGES.outside_opening, agentId });
	for (const h of inspection.holidays)
		notices.push({ code: 'holiday', message: `Le ${frenchDay(h.day)} est un jour férié (${h.name}).`, agentId });
}

function frenchDay(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** 'HH:MM' → '9h30'. */
function frenchTime(time: string): string {
	return `${Number(time.slice(0, 2))}h${time.slice(3, 5)}`;
}

/** Where an RDV takes place, to compare two; null for phone and visio (no travel). */
function placeKey(lieuId: string | null | undefined, address: string | null | undefined): string | null {
	if (lieuId) return `lieu:${lieuId}`;
	const a = address?.trim().toLowerCase().replace(/\s+/g, ' ');
	return a ? `adresse:${a}` : null;
}

interface UsagerCheck {
	usagerIds: string[];
	motifId: string;
	start: number;
	end: number;
	place: string | null;
	timeZone: string;
	/** The RDV moved or the session joined: not a conflict with itself. */
	ignoreRdvId?: string;
	/** Out of the actor's sight: still an exact duplicate (an error), never a soft warning nor named. */
	hidden: ReadonlySet<string>;
}

/** Issues with the usagers' own RDVs: exact duplicates (errors), same motif the same day, back to back elsewhere. */
function usagerIssues(rdvs: readonly UsagerRdvInput[], check: UsagerCheck) {
	const wanted = new Set(check.usagerIds);
	const day = instantToZoned(check.start, check.timeZone).day;
	const duplicates: string[] = [];
	const sameDay = new Map<string, UsagerRdvInput[]>();
	const before = new Map<string, UsagerRdvInput[]>();
	const after = new Map<string, UsagerRdvInput[]>();
	const add = (map: Map<string, UsagerRdvInput[]>, usagerId: string, r: UsagerRdvInput) =>
		map.set(usagerId, [...(map.get(usagerId) ?? []), r]);
	const sorted = [...rdvs].sort((a, b) => toEpochMs(a.startsAt) - toEpochMs(b.startsAt));
	for (const r of sorted) {
		if (r.id === check.ignoreRdvId || !isActiveRdvStatus(r.status)) continue;
		const present = r.participants.filter((p) => isActiveRdvStatus(p.status)).map((p) => p.usagerId);
		const shared = present.filter((u) => wanted.has(u));
		if (shared.length === 0) continue;
		const start = toEpochMs(r.startsAt);
		const end = toEpochMs(r.endsAt);
		const sameMotif = r.motifId === check.motifId;
		if (sameMotif && start === check.start && present.length === wanted.size && shared.length === wanted.size)
			duplicates.push(r.id);
		else if (check.hidden.has(r.id)) continue;
		else if (sameMotif && instantToZoned(start, check.timeZone).day === day) for (const u of shared) add(sameDay, u, r);
		const place = placeKey(r.lieuId, r.singleUseAddress);
		if (check.place && place && place !== check.place) {
			if (end === check.start) for (const u of shared) add(before, u, r);
			if (start === check.end) for (const u of shared) add(after, u, r);
		}
	}
	const warnings: BookingIssue[] = [];
	const at = (instant: InstantLike) => frenchTime(instantToZoned(instant, check.timeZone).time);
	for (const usagerId of check.usagerIds) {
		const same = sameDay.get(usagerId);
		if (same)
			warnings.push({
				code: 'usager_same_day',
				message: `L’usager a déjà un RDV pour ce motif le même jour (à ${same.map((r) => at(r.startsAt)).join(', ')}).`,
				usagerId,
				rdvIds: same.map((r) => r.id)
			});
		const prev = before.get(usagerId);
		if (prev)
			warnings.push({
				code: 'usager_consecutive_elsewhere',
				message: `L’usager a un autre RDV dans un autre lieu qui se termine à ${at(prev[0].endsAt)}, juste avant celui-ci.`,
				usagerId,
				rdvIds: prev.map((r) => r.id)
			});
		const next = after.get(usagerId);
		if (next)
			warnings.push({
				code: 'usager_consecutive_elsewhere',
				message: `L’usager a un autre RDV dans un autre lieu qui commence à ${at(next[0].startsAt)}, juste après celui-ci.`,
				usagerId,
				rdvIds: next.map((r) => r.id)
			});
	}
	return { duplicates, warnings };
}

/** Checks a booking request against the rules and the slot engine's view of the agents' time. */
export function checkBooking(input: BookingInput, request: BookingRequest): BookingDecision {
	const errors: BookingIssue[] = [];
	const warnings: BookingIssue[] = [];
	const notices: BookingIssue[] = [];
	const online = request.actor !== 'agent';
	const requestedStart = toEpochMs(request.startsAt);
	const requestedEnd = toEpochMs(request.endsAt);
	const now = toEpochMs(request.now);
	const motif = input.motif;
	const hidden = request.hiddenRdvIds ?? NONE;

	if (!(requestedEnd > requestedStart)) errors.push({ code: 'invalid_interval', message: MESSAGES.invalid_interval });
	if (request.agentIds.length === 0 && !motif.collective) errors.push({ code: 'no_agent', message: MESSAGES.no_agent });
	if (online && request.override) errors.push({ code: 'override_forbidden', message: MESSAGES.override_forbidden });
	if (!canBookMotif(motif.bookableBy, request.actor, request.invited))
		errors.push({
			code: 'motif_not_bookable',
			message:
				request.actor === 'prescripteur'
					? 'Ce motif n’est pas ouvert à la prescription.'
					: 'Ce motif ne se réserve pas en ligne.'
		});
	if (errors.length) return decide(errors, warnings, notices, false);

	let start = requestedStart;
	let end = requestedEnd;
	let place = placeKey(request.lieuId, request.singleUseAddress);
	if (motif.collective) {
		// The session already holds its agents' time: only its state and times matter.
		const session = (input.sessions ?? []).find((s) => s.id === request.sessionId);
		if (
			!session ||
			session.motifId !== motif.id ||
			!isActiveRdvStatus(session.status) ||
			toEpochMs(session.endsAt) <= now
		)
			errors.push({ code: 'session_unavailable', message: MESSAGES.session_unavailable });
		else if (session.maxParticipants != null && session.participantCount >= session.maxParticipants)
			errors.push({ code: 'session_full', message: MESSAGES.session_full });
		if (!session || errors.length) return decide(errors, warnings, notices, false);
		start = toEpochMs(session.startsAt);
		end = toEpochMs(session.endsAt);
		place = placeKey(session.lieuId, null);
	}

	if (online) {
		if (!motif.collective && end - start !== motif.durationMinutes * MINUTE_MS)
			errors.push({
				code: 'duration_mismatch',
				message: `La durée du RDV doit être de ${motif.durationMinutes} minutes.`
			});
		const window = bookingWindow(motif, now, 'usager');
		if (start < window.start || end > window.end)
			errors.push({ code: 'outside_booking_window', message: MESSAGES.outside_booking_window });
	} else if (start < now) {
		warnings.push({ code: 'start_in_past', message: MESSAGES.start_in_past });
	}

	if (request.usagerIds?.length) {
		const usagers = usagerIssues(input.usagerRdvs ?? [], {
			usagerIds: request.usagerIds,
			motifId: motif.id,
			start,
			end,
			place,
			timeZone: input.territory.timeZone,
			ignoreRdvId: request.rdvId ?? request.sessionId,
			hidden
		});
		if (!online) {
			if (usagers.duplicates.length) {
				const named = usagers.duplicates.filter((id) => !hidden.has(id));
				errors.push({
					code: 'duplicate_rdv',
					message: MESSAGES.duplicate_rdv,
					...(named.length ? { rdvIds: named } : {})
				});
			}
			warnings.push(...usagers.warnings);
		} else if (usagers.duplicates.length || usagers.warnings.some((w) => w.code === 'usager_same_day')) {
			// Online: no hint that the usager already has this RDV (nor confirmation: only agents confirm).
			errors.push({ code: 'slot_unavailable', message: MESSAGES.slot_unavailable });
		}
	}
	if (motif.collective) return decide(errors, warnings, notices, !!request.override);

	for (const agentId of request.agentIds) {
		const inspection = inspectInterval(input, agentId, start, end, {
			lieuId: request.lieuId,
			...(request.rdvId ? { ignoreRdvId: request.rdvId } : {})
		});
		if (!online) agentIssues(inspection, hidden, warnings, notices);
		else if (!inspection.free && !errors.some((e) => e.code === 'slot_unavailable'))
			errors.push({ code: 'slot_unavailable', message: MESSAGES.slot_unavailable });
	}
	return decide(errors, warnings, notices, !!request.override);
}
