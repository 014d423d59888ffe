/**
 * Deleting an RDV (organisation admins only): for mistakes, where cancelling would leave a trace the usager and
 * the statistics should not see.
 */
import { Types, isObjectIdOrHexString } from 'mongoose';
import { canAdminOrganisation, canSeeRdv } from '../../../domain/permissions.ts';
import type { SessionAgent } from '../../../domain/types.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { RdvRevision } from '../../db/models/rdv-revision.ts';
import { events } from '../../events.ts';
import { logger } from '../../logger.ts';
import { StaleVersionError, claimRdvRevision, releaseClaims } from '../claims.ts';
import { loadRdvCard } from '../rdv-cards/card.ts';
import { rdvTarget } from './dto.ts';
import { fail, type BookingFailure } from './result.ts';
import { staleFailure, versionRefusal } from './revision.ts';
import { DELETE_SUMMARY } from './summary.ts';

export const DELETE_FORBIDDEN_MESSAGE = 'Seuls les administrateurs de l’organisation peuvent supprimer un RDV.';

/**
 * Deletes an RDV and gives its claims back. Order, without transactions: reserve the next version as a cancel
 * (concurrent writers then lose, hearing « déjà annulé »), delete the RDV, release its claims, then drop its
 * history but that reservation, which stays as the tombstone a late writer collides with. A crash after the
 * delete leaves claims of a missing RDV, which the nightly reconcileClaims releases.
 */
export async function deleteRdv(
	rdvId: string,
	agent: SessionAgent,
	options: { version?: number } = {}
): Promise<{ ok: true } | BookingFailure> {
	if (!isObjectIdOrHexString(rdvId)) return fail('not_found', 'RDV introuvable.');
	const rdv = await Rdv.findById(rdvId);
	if (!rdv || !canSeeRdv(agent, rdvTarget(rdv))) return fail('not_found', 'RDV introuvable.');
	const organisationId = String(rdv.organisationId);
	if (!canAdminOrganisation(agent, organisationId)) return fail('forbidden', DELETE_FORBIDDEN_MESSAGE);
	const readVersion = rdv.version ?? 0;
	const stale = await versionRefusal(rdv, options.version);
	if (stale) return stale;
	// The card as it is, for the live push (nothing can read the RDV after this); claiming the tombstone next
	// proves nothing changed since. Without it the push burns its number and followers refetch.
	const card = await loadRdvCard(rdvId).catch(() => null);
	let tombstone: number;
	try {
		tombstone = await claimRdvRevision(rdv._id, readVersion, agent.id, 'cancel', DELETE_SUMMARY);
	} catch (err) {
		if (err instanceof StaleVersionError) return staleFailure(rdv._id, readVersion);
		throw err;
	}
	try {
		await rdv.deleteOne();
	} catch (err) {
		await RdvRevision.deleteOne({ rdvId: rdv._id, version: tombstone });
		throw err;
	}
	await releaseClaims(rdv._id);
	await RdvRevision.deleteMany({ rdvId: new Types.ObjectId(String(rdv._id)), version: { $lt: tombstone } });
	logger.info({ rdvId, organisationId }, 'rdv deleted');
	// Its own event, not a cancel: a planning that shows cancelled RDVs must drop this one, not restyle it.
	await events.publish('rdv.deleted', {
		rdvId,
		organisationId,
		actorAgentId: agent.id,
		...(card ? { card: { ...card, version: tombstone } } : {})
	});
	return { ok: true };
}
