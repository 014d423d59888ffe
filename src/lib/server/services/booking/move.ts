/** Moving an RDV to another time, agents or lieu. */
import { isObjectIdOrHexString } from 'mongoose';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus } from '../../../domain/types.ts';
import { Motif } from '../../db/models/motif.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { checkChangeRights } from './checks.ts';
import { MoveRdvInputSchema, type MoveRdvInput } from './input.ts';
import { alreadyCancelled, fail, zodFailure, type BookingActorInput, type BookingResult } from './result.ts';
import { reschedule, type RdvPlan } from './reschedule.ts';
import { versionRefusal } from './revision.ts';
import { moveSummary } from './summary.ts';

const MOVE_CANCELLED_MESSAGE = 'Ce RDV est annulé : il ne se déplace plus.';

/**
 * Moves an RDV to a new time (and optionally other agents or lieu): the drag and drop of the agenda, and usagers
 * online when the motif allows it. The rules and claims are reschedule.ts's, shared with editRdv.
 */
export async function moveRdv(
	rdvId: string,
	raw: MoveRdvInput,
	actor: BookingActorInput,
	now = new Date()
): Promise<BookingResult> {
	const parsed = MoveRdvInputSchema.safeParse(raw);
	if (!parsed.success) return zodFailure(parsed.error);
	const input = parsed.data;
	const online = actor.kind !== 'agent';
	if (online && input.confirm) return fail('forbidden', 'Seul un agent peut passer outre un conflit d’agenda.');
	if (!isObjectIdOrHexString(rdvId)) return fail('not_found', 'RDV introuvable.');
	const rdv = await Rdv.findById(rdvId);
	if (!rdv) return fail('not_found', 'RDV introuvable.');
	// The motif is read meanwhile (it does not depend on the answer; it is only used once the change is allowed).
	const [refused, motif] = await Promise.all([
		checkChangeRights(rdv, actor, 'move', now),
		Motif.findById(rdv.motifId).lean()
	]);
	if (refused) return refused;
	// Like a cancel: a cancelled RDV (or one a concurrent cancel has claimed) answers the same, whatever the timing.
	if (!isActiveRdvStatus(rdv.status as RdvStatus)) return alreadyCancelled(MOVE_CANCELLED_MESSAGE);
	if (online && input.agentIds) return fail('forbidden', 'Seul un agent peut changer les agents d’un RDV.');
	const stale = await versionRefusal(rdv, input.expectedVersion, MOVE_CANCELLED_MESSAGE);
	if (stale) return stale;

	if (!motif) return fail('not_found', 'Motif introuvable.');
	const durationMinutes = online
		? motif.durationMinutes
		: (input.durationMinutes ?? rdv.durationMinutes ?? motif.durationMinutes);
	const plan: RdvPlan = {
		startsAt: input.startsAt,
		durationMinutes,
		agentIds: input.agentIds ? [...new Set(input.agentIds)] : rdv.agentIds.map(String),
		lieuId: input.lieuId ?? (rdv.lieuId ? String(rdv.lieuId) : null),
		// A lieu replaces a single-use address (an RDV has one or the other).
		singleUseAddress: input.lieuId ? null : (rdv.singleUseAddress ?? null)
	};
	return reschedule(rdv, motif, plan, actor, {
		confirm: input.confirm,
		now,
		placeChanged: input.lieuId !== undefined,
		summary: (agentsChanged) => moveSummary(plan.startsAt, rdv.timeZone, agentsChanged),
		cancelledMessage: MOVE_CANCELLED_MESSAGE
	});
}
