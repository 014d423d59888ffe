/** Moving an RDV to another time, agents or lieu. */
import { Types, isObjectIdOrHexString } from 'mongoose';
import { checkBooking } from '../../../domain/booking-rules.ts';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus } from '../../../domain/types.ts';
import { Motif } from '../../db/models/motif.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { ClaimConflictError, cancelledAfter, releaseClaims, syncClaims } from '../claims.ts';
import { loadAvailabilityInput } from '../creneaux.ts';
import {
	CONFLICT_MESSAGE,
	checkAgents,
	checkChangeRights,
	checkLieu,
	confirmation,
	daysAround,
	hiddenRdvIds,
	loadUsagerRdvs,
	rejection
} from './checks.ts';
import { MoveRdvInputSchema, grainFailure, type MoveRdvInput } from './input.ts';
import {
	actorAgentId,
	actorKind,
	alreadyCancelled,
	fail,
	zodFailure,
	type BookingActorInput,
	type BookingResult
} from './result.ts';
import { saveRevision, staleFailure } from './revision.ts';
import { moveSummary } from './summary.ts';

const MOVE_CANCELLED_MESSAGE = 'Ce RDV est annulé : il ne se déplace plus.';

/**
 * Moves an RDV to a new time (and optionally other agents or lieu). The new time is claimed first (the old
 * claims stay until then), then the version is reserved; on a concurrent change the claims are put back.
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
	const refused = await checkChangeRights(rdv, actor, 'move');
	if (refused) return refused;
	// Like a cancel: a cancelled RDV (or one a concurrent cancel has claimed) answers the same, whatever the timing.
	if (!isActiveRdvStatus(rdv.status as RdvStatus)) return alreadyCancelled(MOVE_CANCELLED_MESSAGE);
	if (online && input.agentIds) return fail('forbidden', 'Seul un agent peut changer les agents d’un RDV.');
	if (input.expectedVersion !== undefined && input.expectedVersion !== (rdv.version ?? 0))
		return (await cancelledAfter(rdv._id, input.expectedVersion))
			? alreadyCancelled(MOVE_CANCELLED_MESSAGE)
			: staleFailure(rdv._id, input.expectedVersion);

	const organisationId = String(rdv.organisationId);
	const motif = await Motif.findById(rdv.motifId).lean();
	if (!motif) return fail('not_found', 'Motif introuvable.');
	const agentIds = input.agentIds ? [...new Set(input.agentIds)] : rdv.agentIds.map(String);
	const durationMinutes = online
		? motif.durationMinutes
		: (input.durationMinutes ?? rdv.durationMinutes ?? motif.durationMinutes);
	const startsAt = input.startsAt;
	const offGrain = grainFailure(startsAt, durationMinutes);
	if (offGrain) return offGrain;
	const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
	const lieuId = input.lieuId ?? (rdv.lieuId ? String(rdv.lieuId) : undefined);
	const agentsRefused = await checkAgents(actor, organisationId, agentIds);
	if (agentsRefused) return agentsRefused;
	if (input.lieuId) {
		const lieuRefused = await checkLieu(motif, organisationId, input.lieuId, undefined);
		if (lieuRefused) return lieuRefused;
	}

	const loaded = await loadAvailabilityInput({
		organisationIds: [organisationId],
		motifId: String(rdv.motifId),
		...daysAround(startsAt, endsAt),
		agentIds
	});
	if (!loaded) return fail('not_found', 'Motif introuvable.');
	// The usagers still taking part must not end up in a duplicate, nor twice the same day, unseen.
	const usagerIds = rdv.participants
		.filter((p) => isActiveRdvStatus(p.status as RdvStatus))
		.map((p) => String(p.usagerId));
	const usagerRdvs = await loadUsagerRdvs(usagerIds, startsAt, endsAt, loaded.timeZone);
	const decision = checkBooking(
		{ ...loaded.input, motif: { ...loaded.input.motif, collective: false }, usagerRdvs },
		{
			actor: actorKind(actor),
			invited: actor.kind === 'usager' ? actor.invited : undefined,
			agentIds,
			startsAt,
			endsAt,
			lieuId: lieuId ?? null,
			singleUseAddress: rdv.singleUseAddress ?? null,
			usagerIds,
			now,
			override: input.confirm,
			rdvId,
			hiddenRdvIds: await hiddenRdvIds(actor, loaded.input.rdvs, usagerRdvs, startsAt, endsAt)
		}
	);
	if (decision.status === 'rejected') return rejection(decision);
	if (decision.status === 'needs_confirmation') return confirmation(decision);

	const previous = { agentIds: rdv.agentIds.map(String), startsAt: rdv.startsAt, endsAt: rdv.endsAt };
	const allowOverlap = !online && input.confirm === true;
	try {
		await syncClaims(agentIds, startsAt, endsAt, rdv._id, { allowOverlap });
	} catch (err) {
		if (err instanceof ClaimConflictError) return fail('conflict', CONFLICT_MESSAGE);
		throw err;
	}
	rdv.startsAt = startsAt;
	rdv.endsAt = endsAt;
	rdv.agentIds = agentIds.map((id) => new Types.ObjectId(id));
	if (input.lieuId) rdv.lieuId = new Types.ObjectId(input.lieuId);
	// Back to the previous claims when someone else changed the RDV meanwhile (or the save failed).
	const restore = () =>
		syncClaims(previous.agentIds, previous.startsAt, previous.endsAt, rdv._id, { allowOverlap: true });
	const agentsChanged = [...previous.agentIds].sort().join() !== [...agentIds].sort().join();
	return saveRevision(rdv, actorAgentId(actor), 'rdv.updated', {
		notices: decision.notices,
		summary: moveSummary(startsAt, rdv.timeZone, agentsChanged),
		onStale: restore,
		// Not back to the previous claims: a cancelled RDV holds no time (its cancel may have released already).
		ifCancelled: async () => {
			await releaseClaims(rdv._id);
			return alreadyCancelled(MOVE_CANCELLED_MESSAGE);
		}
	});
}
