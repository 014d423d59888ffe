/**
 * Editing an RDV (agents only): time, duration, lieu or single-use address, agents, context note, at the version
 * the agent saw. A new time, agents or place goes through reschedule.ts (the rules and claims of a move); a note
 * alone is saved under the revision claims only.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus, SessionAgent } from '../../../domain/types.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { checkChangeRights } from './checks.ts';
import { docDto } from './dto.ts';
import { EditRdvInputSchema, type EditRdvInput } from './input.ts';
import { alreadyCancelled, fail, zodFailure, type BookingResult } from './result.ts';
import { reschedule, type RdvPlan } from './reschedule.ts';
import { saveRevision, versionRefusal } from './revision.ts';
import { editSummary } from './summary.ts';

const EDIT_CANCELLED_MESSAGE = 'Ce RDV est annulé : son horaire, ses agents et son lieu ne se modifient plus.';

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/**
 * Applies the fields given (absent: unchanged; null or empty lieu, address or note: removed). A save over a
 * newer change is refused with who made it; warnings (overlap, absence, in the past…) ask for `confirm`.
 */
export async function editRdv(
	rdvId: string,
	raw: EditRdvInput,
	agent: SessionAgent,
	now = new Date()
): Promise<BookingResult> {
	const parsed = EditRdvInputSchema.safeParse(raw);
	if (!parsed.success) return zodFailure(parsed.error);
	const input = parsed.data;
	if (!isObjectIdOrHexString(rdvId)) return fail('not_found', 'RDV introuvable.');
	const rdv = await Rdv.findById(rdvId);
	if (!rdv) return fail('not_found', 'RDV introuvable.');
	const actor = { kind: 'agent' as const, agent };
	const refused = await checkChangeRights(rdv, actor, 'move');
	if (refused) return refused;
	const active = isActiveRdvStatus(rdv.status as RdvStatus);
	const movesTime = ['startsAt', 'durationMinutes', 'agentIds', 'lieuId', 'singleUseAddress'].some(
		(field) => input[field as keyof typeof input] !== undefined
	);
	// Time, agents or place over a cancel answer as for a move, whatever the timing; a note hears who changed it.
	const stale = await versionRefusal(rdv, input.version, movesTime ? EDIT_CANCELLED_MESSAGE : undefined);
	if (stale) return stale;

	const current: RdvPlan = {
		startsAt: rdv.startsAt,
		durationMinutes: rdv.durationMinutes ?? Math.round((rdv.endsAt.getTime() - rdv.startsAt.getTime()) / 60_000),
		agentIds: rdv.agentIds.map(String),
		lieuId: rdv.lieuId ? String(rdv.lieuId) : null,
		singleUseAddress: rdv.singleUseAddress ?? null
	};
	const address = input.singleUseAddress === undefined ? undefined : input.singleUseAddress || null;
	const plan: RdvPlan = {
		startsAt: input.startsAt ?? current.startsAt,
		durationMinutes: input.durationMinutes ?? current.durationMinutes,
		agentIds: input.agentIds ? [...new Set(input.agentIds)] : current.agentIds,
		// A lieu replaces an address and the other way round (an RDV has one or the other).
		lieuId: input.lieuId !== undefined ? input.lieuId : address ? null : current.lieuId,
		singleUseAddress: address !== undefined ? address : input.lieuId ? null : current.singleUseAddress
	};
	const context = input.context === undefined ? undefined : input.context || null;
	const changes = {
		startsAt: plan.startsAt.getTime() !== current.startsAt.getTime() ? plan.startsAt : undefined,
		durationMinutes: plan.durationMinutes !== current.durationMinutes ? plan.durationMinutes : undefined,
		agents: !sameSet(plan.agentIds, current.agentIds),
		place: plan.lieuId !== current.lieuId || plan.singleUseAddress !== current.singleUseAddress,
		context: context !== undefined && context !== (rdv.context ?? null)
	};
	const planChanged = !!(changes.startsAt || changes.durationMinutes || changes.agents || changes.place);
	if (!planChanged && !changes.context) return { ok: true, rdv: docDto(rdv), notices: [] };
	if (planChanged && !active) return alreadyCancelled(EDIT_CANCELLED_MESSAGE);

	if (changes.context) rdv.context = context ?? undefined;
	if (!planChanged) return saveRevision(rdv, agent.id, 'rdv.updated', { summary: editSummary(changes, rdv.timeZone) });
	// The motif is read with the availability (one round trip less than reading it first).
	return reschedule(rdv, undefined, plan, actor, {
		confirm: input.confirm,
		now,
		placeChanged: changes.place,
		summary: (agentsChanged) => editSummary({ ...changes, agents: agentsChanged }, rdv.timeZone),
		cancelledMessage: EDIT_CANCELLED_MESSAGE
	});
}
