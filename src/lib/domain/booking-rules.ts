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
 */
import {
	bookingWindow,
	inspectInterval,
	isActiveRdvStatus,
	type AvailabilityInput,
	type IntervalInspection,
	type MotifInput
} from './slots.ts';
import { MINUTE_MS, toEpochMs, type InstantLike } from './time.ts';
import type { BookableBy } from './types.ts';

export type BookingActor = 'agent' | 'prescripteur' | 'usager';

export interface BookingMotif extends MotifInput {
	bookableBy: BookableBy;
}

export interface BookingInput extends AvailabilityInput {
	motif: BookingMotif;
}

export interface BookingRequest {
	actor: BookingActor;
	/** An usager who came through an invitation (motifs bookable by invited users). */
	invited?: boolean;
	agentIds: string[];
	startsAt: InstantLike;
	endsAt: InstantLike;
	lieuId?: string | null;
	now: InstantLike;
	/** The agent confirmed the warnings. Refused from anyone else. */
	override?: boolean;
	/** Moving an existing RDV: its own time is no conflict. */
	rdvId?: string;
	/** Collective motifs: the session (collective RDV) joined. */
	sessionId?: string;
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
	| 'start_in_past'
	| 'rdv_overlap'
	| 'absence_overlap'
	| 'outside_opening'
	| 'holiday';

export interface BookingIssue {
	code: BookingIssueCode;
	/** French, ready to show. */
	message: string;
	/** The agent concerned, for per-agent conflicts. */
	agentId?: string;
	/** Overlapping RDVs, for rdv_overlap. */
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
	start_in_past: 'Le RDV commence dans le passé.',
	rdv_overlap: 'L’agent a déjà un RDV sur ce créneau.',
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

/** Issues an agent gets about one agent's time (warnings and notices). */
function agentIssues(inspection: IntervalInspection, warnings: BookingIssue[], notices: BookingIssue[]): void {
	const agentId = inspection.agentId;
	if (inspection.overlappingRdvIds.length)
		warnings.push({
			code: 'rdv_overlap',
			message: MESSAGES.rdv_overlap,
			agentId,
			rdvIds: inspection.overlappingRdvIds
		});
	if (inspection.absenceOverlap) warnings.push({ code: 'absence_overlap', message: MESSAGES.absence_overlap, agentId });
	if (!inspection.withinOpening) notices.push({ code: 'outside_opening', message: MESSAGES.outside_opening, agentId });
	for (const h of inspection.holidays)
		notices.push({ code: 'holiday', message: `Le ${frenchDay(h.day)} est un jour férié (${h.name}).`, agentId });
}

function frenchDay(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
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
	if (motif.collective) return decide(errors, warnings, notices, !!request.override);

	for (const agentId of request.agentIds) {
		const inspection = inspectInterval(input, agentId, start, end, {
			lieuId: request.lieuId,
			...(request.rdvId ? { ignoreRdvId: request.rdvId } : {})
		});
		if (!online) agentIssues(inspection, warnings, notices);
		else if (!inspection.free && !errors.some((e) => e.code === 'slot_unavailable'))
			errors.push({ code: 'slot_unavailable', message: MESSAGES.slot_unavailable });
	}
	return decide(errors, warnings, notices, !!request.override);
}
