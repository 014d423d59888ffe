/**
 * Changing the status of an RDV, or of one of its participants (PRODUCT.md §5). The rules — which statuses,
 * when, and how the RDV's and its participants' statuses follow each other — are in domain/rdv-status.ts; this
 * applies them under the revision claims, releases the agents' time when the RDV becomes cancelled and claims it
 * again when it comes back (refused when someone else took that time meanwhile).
 */
import { isObjectIdOrHexString } from 'mongoose';
import { z } from 'zod';
import {
	claimsChange,
	participantStatusChangeRefusal,
	participantsFollowRdv,
	rdvStatusChangeRefusal,
	rdvStatusFromParticipants,
	statusRefusalMessage,
	type StatusChangeRefusal
} from '../../../domain/rdv-status.ts';
import { RDV_STATUSES, type RdvStatus, type SessionAgent } from '../../../domain/types.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { ClaimConflictError, claimAgentTime, releaseClaims } from '../claims.ts';
import { checkChangeRights } from './checks.ts';
import { fail, zodFailure, type BookingFailure, type BookingResult } from './result.ts';
import { saveRevision, versionRefusal } from './revision.ts';
import { participantStatusSummary, statusSummary } from './summary.ts';

export const ChangeRdvStatusInputSchema = z.object({
	status: z.enum(RDV_STATUSES, { error: 'Statut inconnu.' }),
	/** The version the caller saw: a change made since then is refused, naming who made it. */
	version: z.number().int().min(0).optional(),
	/** Change this participant's status only (the RDV's follows, domain/rdv-status.ts says how). */
	participantUsagerId: z
		.string()
		.regex(/^[0-9a-f]{24}$/i, 'Identifiant invalide.')
		.optional()
});
export type ChangeRdvStatusInput = z.input<typeof ChangeRdvStatusInputSchema>;

const RETAKEN_MESSAGE =
	'Le temps de ce RDV a été pris par un autre RDV depuis son annulation : il ne peut pas redevenir actif. Créez un nouveau RDV.';

function refusal(reason: StatusChangeRefusal, field: string): BookingFailure {
	const message = statusRefusalMessage(reason);
	return fail(reason === 'unchanged' ? 'conflict' : 'invalid', message, { fieldErrors: { [field]: message } });
}

/**
 * Sets the status of an RDV, or of one participant. Agents only. An RDV out of the agent's sight (another
 * organisation's, or another service's) answers like an unknown one, as every other RDV write and read of the
 * API does; the RDV page tells another service's agent 403 before any action can run.
 */
export async function changeRdvStatus(
	rdvId: string,
	raw: ChangeRdvStatusInput,
	agent: SessionAgent,
	now = new Date()
): Promise<BookingResult> {
	const parsed = ChangeRdvStatusInputSchema.safeParse(raw);
	if (!parsed.success) return zodFailure(parsed.error);
	const input = parsed.data;
	if (!isObjectIdOrHexString(rdvId)) return fail('not_found', 'RDV introuvable.');
	const rdv = await Rdv.findById(rdvId);
	if (!rdv) return fail('not_found', 'RDV introuvable.');
	const denied =
		(await checkChangeRights(rdv, { kind: 'agent', agent }, 'move')) ?? (await versionRefusal(rdv, input.version));
	if (denied) return denied;

	const timing = { startsAt: rdv.startsAt, timeZone: rdv.timeZone, collective: rdv.collective ?? false };
	const from = rdv.status as RdvStatus;
	const current = rdv.participants.map((p) => p.status as RdvStatus);
	let participants: RdvStatus[];
	let to: RdvStatus;
	let summary: string;
	if (input.participantUsagerId) {
		const index = rdv.participants.findIndex((p) => String(p.usagerId) === input.participantUsagerId);
		if (index < 0) {
			const message = 'Cet usager ne participe pas à ce RDV.';
			return fail('invalid', message, { fieldErrors: { participantUsagerId: message } });
		}
		const refused = participantStatusChangeRefusal(timing, current[index], input.status, now);
		if (refused) return refusal(refused, 'status');
		participants = current.map((s, i) => (i === index ? input.status : s));
		to = rdvStatusFromParticipants(timing.collective, participants, from);
		summary = participantStatusSummary(input.status);
		if (to !== from) summary += ` ; ${statusSummary(to)}`;
	} else {
		const refused = rdvStatusChangeRefusal(timing, from, input.status, now);
		if (refused) return refusal(refused, 'status');
		to = input.status;
		participants = participantsFollowRdv(timing.collective, current, to);
		summary = statusSummary(to);
	}

	const claims = claimsChange(from, to);
	rdv.status = to;
	rdv.participants.forEach((p, i) => (p.status = participants[i]));
	if (claims === 'release') rdv.cancelledAt = now;
	if (claims === 'claim') rdv.cancelledAt = undefined;
	const result = await saveRevision(rdv, agent.id, claims === 'release' ? 'rdv.cancelled' : 'rdv.updated', {
		summary,
		// Recorded as a cancel whenever the RDV leaves the active statuses, as cancelRdv does.
		change: claims === 'release' ? 'cancel' : 'update',
		// Coming back: the time is claimed once the version is ours, as reschedule.ts does (a concurrent writer
		// stops at the version before touching this RDV's claims). It must still be free: no override here — an
		// agent who wants an overlap books anew.
		...(claims === 'claim' && {
			beforeSave: async () => {
				try {
					await claimAgentTime(rdv.agentIds, rdv.startsAt, rdv.endsAt, rdv._id);
					return null;
				} catch (err) {
					if (err instanceof ClaimConflictError) return fail('conflict', RETAKEN_MESSAGE);
					throw err;
				}
			},
			undoBeforeSave: () => releaseClaims(rdv._id)
		})
	});
	if (result.ok && claims === 'release') await releaseClaims(rdv._id);
	return result;
}
