/**
 * What an usager may do online with one of their RDVs (PRODUCT.md §6): cancel it at least 4 hours before its
 * start when the motif allows it; move it at least 48 hours before when the motif is editable and still bookable
 * online, the RDV was not taken by the service, and it is not a collective session. Pure: the time is a
 * parameter, so the usager space (which shows « Annuler » / « Déplacer » or the reason) and the booking service
 * (which enforces the same answer) cannot disagree.
 *
 * Every refusal says why in French and, when it can, whom to call: the usager can still reach the organisation by
 * phone, where an agent is not bound by these limits.
 */
import { canBookMotif } from './booking-rules.ts';
import { isActiveRdvStatus } from './slots.ts';
import { HOUR_MS, toEpochMs, type InstantLike } from './time.ts';
import type { BookableBy, RdvCreator, RdvStatus } from './types.ts';

/** Below this many hours before the start, an usager no longer cancels online. */
export const USAGER_CANCEL_MIN_HOURS = 4;
/** Below this many hours before the start, an usager no longer moves online. */
export const USAGER_MOVE_MIN_HOURS = 48;

export interface UsagerRdvRuleMotif {
	rdvsCancellableByUser: boolean;
	rdvsEditableByUser: boolean;
	bookableBy: BookableBy;
	/** A soft-deleted motif is no longer bookable, online or not. */
	deleted?: boolean;
}

export interface UsagerRdvRuleInput {
	status: RdvStatus;
	startsAt: InstantLike;
	collective: boolean;
	createdBy: RdvCreator;
	motif: UsagerRdvRuleMotif;
	/** The organisation the usager should call when refused (its phone when it has one). */
	contact?: { name: string; phone?: string | null };
}

/**
 * The rules' input from an RDV, its motif and its organisation as stored (the booking service's check and the
 * usager space's list build it alike).
 */
export function usagerRuleInput(
	rdv: { status: string; startsAt: InstantLike; collective?: boolean | null; createdBy: { kind: string } },
	motif: {
		rdvsCancellableByUser?: boolean | null;
		rdvsEditableByUser?: boolean | null;
		bookableBy: string;
		deletedAt?: unknown;
	},
	organisation?: { name: string; phone?: string | null } | null
): UsagerRdvRuleInput {
	return {
		status: rdv.status as RdvStatus,
		startsAt: rdv.startsAt,
		collective: rdv.collective ?? false,
		createdBy: rdv.createdBy.kind as RdvCreator,
		motif: {
			rdvsCancellableByUser: motif.rdvsCancellableByUser ?? false,
			rdvsEditableByUser: motif.rdvsEditableByUser ?? false,
			bookableBy: motif.bookableBy as UsagerRdvRuleMotif['bookableBy'],
			deleted: !!motif.deletedAt
		},
		...(organisation ? { contact: { name: organisation.name, phone: organisation.phone } } : {})
	};
}

export type UsagerRdvRefusalCode =
	'inactive' | 'past' | 'collective' | 'motif_forbids' | 'too_late' | 'created_by_agent' | 'not_online';

export interface UsagerRdvRefusal {
	code: UsagerRdvRefusalCode;
	/** French, ready to show. */
	message: string;
}

/** « appelez X au 03 21 … » when the organisation has a phone, else « contactez X ». */
export function contactHint(contact: UsagerRdvRuleInput['contact']): string {
	if (!contact) return 'contactez le service qui vous reçoit';
	return contact.phone ? `appelez ${contact.name} au ${contact.phone}` : `contactez ${contact.name}`;
}

const refusal = (code: UsagerRdvRefusalCode, message: string): UsagerRdvRefusal => ({ code, message });

/** What is refused to both changes: a cancelled or past RDV. */
function commonRefusal(rdv: UsagerRdvInputLike, now: InstantLike): UsagerRdvRefusal | null {
	if (!isActiveRdvStatus(rdv.status)) return refusal('inactive', 'Ce RDV est annulé.');
	// Honoured or missed says it took place, whatever the clock says.
	if (rdv.status !== 'unknown' || toEpochMs(rdv.startsAt) <= toEpochMs(now))
		return refusal('past', 'Ce RDV est passé.');
	return null;
}

type UsagerRdvInputLike = Pick<UsagerRdvRuleInput, 'status' | 'startsAt'>;

/** Whether at least `hours` hours remain before the start (exactly `hours` still counts as in time). */
function inTime(startsAt: InstantLike, now: InstantLike, hours: number): boolean {
	return toEpochMs(startsAt) - toEpochMs(now) >= hours * HOUR_MS;
}

/** Why the usager may not cancel this RDV online now, or null when they may. */
export function usagerCancelRefusal(rdv: UsagerRdvRuleInput, now: InstantLike): UsagerRdvRefusal | null {
	const common = commonRefusal(rdv, now);
	if (common) return common;
	const call = contactHint(rdv.contact);
	// A collective session is cancelled by the service only (domain/rdv-status.ts): an usager leaving one is a
	// participant's status that an agent sets.
	if (rdv.collective) return refusal('collective', `Pour vous désinscrire de cette séance collective, ${call}.`);
	if (!rdv.motif.rdvsCancellableByUser)
		return refusal('motif_forbids', `Ce RDV ne peut pas être annulé en ligne : ${call}.`);
	if (!inTime(rdv.startsAt, now, USAGER_CANCEL_MIN_HOURS))
		return refusal(
			'too_late',
			`Ce RDV ne peut plus être annulé en ligne moins de ${USAGER_CANCEL_MIN_HOURS} heures avant : ${call}.`
		);
	return null;
}

/** Why the usager may not move this RDV online now, or null when they may. */
export function usagerMoveRefusal(rdv: UsagerRdvRuleInput, now: InstantLike): UsagerRdvRefusal | null {
	const common = commonRefusal(rdv, now);
	if (common) return common;
	const call = contactHint(rdv.contact);
	if (rdv.collective) return refusal('collective', `Une séance collective ne se déplace pas en ligne : ${call}.`);
	if (rdv.createdBy === 'agent')
		return refusal('created_by_agent', `Ce RDV a été fixé par le service : pour le déplacer, ${call}.`);
	if (!rdv.motif.rdvsEditableByUser)
		return refusal('motif_forbids', `Ce RDV ne peut pas être déplacé en ligne : ${call}.`);
	if (rdv.motif.deleted || !canBookMotif(rdv.motif.bookableBy, 'usager'))
		return refusal('not_online', `Ce motif ne se réserve plus en ligne : pour déplacer ce RDV, ${call}.`);
	if (!inTime(rdv.startsAt, now, USAGER_MOVE_MIN_HOURS))
		return refusal(
			'too_late',
			`Ce RDV ne peut plus être déplacé en ligne moins de ${USAGER_MOVE_MIN_HOURS} heures avant : ${call}.`
		);
	return null;
}

export interface UsagerRdvActions {
	cancel: { allowed: true } | { allowed: false; reason: UsagerRdvRefusal };
	move: { allowed: true } | { allowed: false; reason: UsagerRdvRefusal };
}

/** Both answers at once, for the usager space's cards. */
export function usagerRdvActions(rdv: UsagerRdvRuleInput, now: InstantLike): UsagerRdvActions {
	const answer = (r: UsagerRdvRefusal | null) =>
		r ? { allowed: false as const, reason: r } : { allowed: true as const };
	return { cancel: answer(usagerCancelRefusal(rdv, now)), move: answer(usagerMoveRefusal(rdv, now)) };
}

/**
 * The status as the usager reads it: no « À renseigner » (an agent's chore), and a cancel says who cancelled
 * from the usager's side of the desk.
 */
export function usagerStatusLabel(status: RdvStatus, startsAt: InstantLike, now: InstantLike): string {
	switch (status) {
		case 'unknown':
			return toEpochMs(startsAt) > toEpochMs(now) ? 'À venir' : 'Passé';
		case 'seen':
			return 'Honoré';
		case 'excused':
			return 'Annulé à votre demande';
		case 'revoked':
			return 'Annulé par le service';
		case 'noshow':
			return 'Absence non excusée';
	}
}
