/**
 * RDV statuses (PRODUCT.md §5): what they are called, which changes are allowed, and how the status of an RDV
 * and those of its participants follow each other. Pure: the time is a parameter.
 *
 * Propagation, both ways:
 * - The RDV's status is set → its participants follow. An individual RDV (one usager and the relatives who come
 *   with them) shares one fate: every participant takes the status. A collective session: `revoked` revokes every
 *   participant who had not excused themselves; back to `unknown` makes every other participant expected again
 *   (those who excused themselves stay out); `seen` (the session took place) marks those expected (or revoked
 *   with it) as present, and the agent then marks the absent ones one by one.
 * - One participant's status is set → the RDV's status is derived from its participants. Individual RDV: the
 *   first of seen › unknown › noshow › revoked › excused that a participant holds — someone came, so the RDV was
 *   honoured; else someone is still expected; else someone did not come; else everyone cancelled, by themselves
 *   (excused) when all did, by the service otherwise. Hence « all participants excused → RDV excused », and a
 *   single participant's status is the RDV's. Collective session: a revoked session stays revoked (the service
 *   cancelled it), otherwise it is `seen` as soon as one participant came and `unknown` before; an empty one
 *   keeps its status.
 */
import { localDay } from './local-time.ts';
import { isActiveRdvStatus } from './slots.ts';
import { RDV_STATUSES, type RdvStatus } from './types.ts';

export { RDV_STATUSES, isActiveRdvStatus };

/** Collective sessions only know these (PRODUCT.md §5). */
export const COLLECTIVE_STATUSES: readonly RdvStatus[] = ['unknown', 'seen', 'revoked'];

/** Statuses that say what happened: they only make sense once the RDV has started. */
const AFTER_START_STATUSES: readonly RdvStatus[] = ['seen', 'noshow'];

export const RDV_STATUS_LABELS: Record<Exclude<RdvStatus, 'unknown'>, string> = {
	seen: 'Honoré',
	excused: 'Annulé par l’usager',
	revoked: 'Annulé par le service',
	noshow: 'Absent non excusé'
};

export interface RdvTiming {
	startsAt: Date;
	timeZone: string;
}

/** `unknown` is told by time: « À renseigner » once started, « Aujourd'hui » later the same local day, else « À venir ». */
export type UnknownPhase = 'upcoming' | 'today' | 'to_fill';

export function unknownPhase(rdv: RdvTiming, now: Date): UnknownPhase {
	if (rdv.startsAt.getTime() <= now.getTime()) return 'to_fill';
	return localDay(rdv.startsAt, rdv.timeZone) === localDay(now, rdv.timeZone) ? 'today' : 'upcoming';
}

const UNKNOWN_LABELS: Record<UnknownPhase, string> = {
	upcoming: 'À venir',
	today: 'Aujourd’hui',
	to_fill: 'À renseigner'
};

export function rdvStatusLabel(status: RdvStatus, rdv: RdvTiming, now: Date): string {
	return status === 'unknown' ? UNKNOWN_LABELS[unknownPhase(rdv, now)] : RDV_STATUS_LABELS[status];
}

/** The DSFR badge type of a status (success, error, info, warning, new). */
export function rdvStatusTone(status: RdvStatus, rdv: RdvTiming, now: Date): string {
	if (status === 'seen') return 'success';
	if (status === 'noshow') return 'error';
	if (status === 'excused' || status === 'revoked') return 'warning';
	return unknownPhase(rdv, now) === 'to_fill' ? 'new' : 'info';
}

export interface StatusTarget extends RdvTiming {
	collective: boolean;
}

export type StatusChangeRefusal = 'unchanged' | 'collective' | 'not_started';

const REFUSAL_MESSAGES: Record<StatusChangeRefusal, string> = {
	unchanged: 'Le RDV a déjà ce statut.',
	collective: 'Une séance collective est à venir, honorée ou annulée par le service : pas d’autre statut.',
	not_started: 'Ce statut ne se renseigne qu’une fois le RDV commencé.'
};

export const statusRefusalMessage = (refusal: StatusChangeRefusal) => REFUSAL_MESSAGES[refusal];

/** The statuses an RDV may take now (whatever its current one). */
export function allowedRdvStatuses(rdv: StatusTarget, now: Date): RdvStatus[] {
	const started = rdv.startsAt.getTime() <= now.getTime();
	return RDV_STATUSES.filter(
		(s) => (!rdv.collective || COLLECTIVE_STATUSES.includes(s)) && (started || !AFTER_START_STATUSES.includes(s))
	);
}

/** Why the RDV may not go from `from` to `to` now, or null when it may. */
export function rdvStatusChangeRefusal(
	rdv: StatusTarget,
	from: RdvStatus,
	to: RdvStatus,
	now: Date
): StatusChangeRefusal | null {
	if (from === to) return 'unchanged';
	if (rdv.collective && !COLLECTIVE_STATUSES.includes(to)) return 'collective';
	if (AFTER_START_STATUSES.includes(to) && rdv.startsAt.getTime() > now.getTime()) return 'not_started';
	return null;
}

/** A participant's status may be any status, even in a session (one may excuse oneself), but not before it starts. */
export function participantStatusChangeRefusal(
	rdv: RdvTiming,
	from: RdvStatus,
	to: RdvStatus,
	now: Date
): StatusChangeRefusal | null {
	if (from === to) return 'unchanged';
	if (AFTER_START_STATUSES.includes(to) && rdv.startsAt.getTime() > now.getTime()) return 'not_started';
	return null;
}

/** The participants' statuses once the RDV's status is set to `status` (same order). */
export function participantsFollowRdv(
	collective: boolean,
	participants: readonly RdvStatus[],
	status: RdvStatus
): RdvStatus[] {
	if (!collective) return participants.map(() => status);
	if (status === 'revoked') return participants.map((p) => (p === 'excused' ? p : 'revoked'));
	if (status === 'unknown') return participants.map((p) => (p === 'excused' ? p : 'unknown'));
	return participants.map((p) => (p === 'unknown' || p === 'revoked' ? 'seen' : p));
}

const INDIVIDUAL_PRECEDENCE: readonly RdvStatus[] = ['seen', 'unknown', 'noshow', 'revoked', 'excused'];

/** The RDV's status derived from its participants' (after one of them changed); `current` when none. */
export function rdvStatusFromParticipants(
	collective: boolean,
	participants: readonly RdvStatus[],
	current: RdvStatus
): RdvStatus {
	if (participants.length === 0) return current;
	if (collective) {
		if (current === 'revoked') return current;
		return participants.includes('seen') ? 'seen' : 'unknown';
	}
	return INDIVIDUAL_PRECEDENCE.find((s) => participants.includes(s)) ?? current;
}

/** Whether a change of status moves the RDV between holding the agents' time and not. */
export function claimsChange(from: RdvStatus, to: RdvStatus): 'release' | 'claim' | null {
	if (isActiveRdvStatus(from) && !isActiveRdvStatus(to)) return 'release';
	if (!isActiveRdvStatus(from) && isActiveRdvStatus(to)) return 'claim';
	return null;
}
