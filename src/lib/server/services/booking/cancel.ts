/** Cancelling an RDV, by the service or by the usager. */
import { isObjectIdOrHexString } from 'mongoose';
import { participantsFollowRdv } from '../../../domain/rdv-status.ts';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus } from '../../../domain/types.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { releaseClaims } from '../claims.ts';
import { checkChangeRights } from './checks.ts';
import {
	ALREADY_CANCELLED_MESSAGE,
	actorAgentId,
	alreadyCancelled,
	fail,
	type BookingActorInput,
	type BookingResult
} from './result.ts';
import { saveRevision, versionRefusal } from './revision.ts';
import { statusSummary } from './summary.ts';

export type CancelStatus = 'revoked' | 'excused';

/**
 * Cancels an RDV: `revoked` (by the service) or `excused` (by the usager). The participants follow as
 * domain/rdv-status.ts says; the agents' time is released.
 */
export async function cancelRdv(
	rdvId: string,
	actor: BookingActorInput,
	status: CancelStatus,
	options: { expectedVersion?: number; now?: Date } = {}
): Promise<BookingResult> {
	for (let attempt = 1; ; attempt++) {
		const result = await cancelOnce(rdvId, actor, status, options);
		// Without a version to respect, a cancel that lost its version to a concurrent change (a move) follows it:
		// the RDV is read again and cancelled as it now is. A lost version answers 'conflict' without a reason.
		if (result.ok || result.code !== 'conflict' || result.reason || options.expectedVersion !== undefined)
			return result;
		if (attempt === CANCEL_ATTEMPTS) return result;
	}
}

const CANCEL_ATTEMPTS = 3;

async function cancelOnce(
	rdvId: string,
	actor: BookingActorInput,
	status: CancelStatus,
	options: { expectedVersion?: number; now?: Date }
): Promise<BookingResult> {
	if (status !== 'revoked' && status !== 'excused') return fail('invalid', 'Statut d’annulation invalide.');
	if (!isObjectIdOrHexString(rdvId)) return fail('not_found', 'RDV introuvable.');
	const rdv = await Rdv.findById(rdvId);
	if (!rdv) return fail('not_found', 'RDV introuvable.');
	const refused = await checkChangeRights(rdv, actor, 'cancel', options.now);
	if (refused) return refused;
	if (actor.kind === 'usager' && status !== 'excused')
		return fail('forbidden', 'Un usager annule avec le statut « excusé ».');
	if (rdv.collective && status === 'excused')
		return fail('invalid', 'Une séance collective s’annule avec le statut « annulé par le service ».');
	// Already cancelled — or, below, cancelled by a concurrent request whose version is reserved but not saved
	// yet: the same answer either way, so that the losers of concurrent cancels all hear « déjà annulé ».
	if (!isActiveRdvStatus(rdv.status as RdvStatus)) return alreadyCancelled();
	const stale = await versionRefusal(rdv, options.expectedVersion, ALREADY_CANCELLED_MESSAGE);
	if (stale) return stale;

	rdv.status = status;
	rdv.cancelledAt = options.now ?? new Date();
	// The participants follow as for any status change (domain/rdv-status.ts).
	const followed = participantsFollowRdv(
		rdv.collective ?? false,
		rdv.participants.map((p) => p.status as RdvStatus),
		status
	);
	rdv.participants.forEach((p, i) => (p.status = followed[i]));
	const result = await saveRevision(rdv, actorAgentId(actor), 'rdv.cancelled', {
		summary: statusSummary(status),
		ifCancelled: alreadyCancelled
	});
	if (result.ok) await releaseClaims(rdv._id);
	return result;
}
