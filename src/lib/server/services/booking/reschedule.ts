/**
 * The core shared by moving and editing an RDV: a new time, agents, lieu or address goes through the same
 * checks, rules and claims whichever use case asks for it. The version is reserved first, then the new time
 * claimed (the old claims stay until then): of concurrent writers, only the one holding the version touches
 * the RDV's claims.
 */
import { Types } from 'mongoose';
import { checkBooking } from '../../../domain/booking-rules.ts';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus } from '../../../domain/types.ts';
import type { MotifFields } from '../../db/models/motif.ts';
import { pickReadModelsBeforeSave, type RdvDoc } from '../../db/models/rdv.ts';
import { stampsOf } from '../../db/stamps.ts';
import { ClaimConflictError, syncClaims } from '../claims.ts';
import { loadAvailabilityInput } from '../creneaux.ts';
import type { Lean } from '../mappers.ts';
import {
	CONFLICT_MESSAGE,
	checkAgents,
	checkLieu,
	confirmation,
	daysAround,
	hiddenRdvIds,
	loadUsagerRdvs,
	rejection
} from './checks.ts';
import { grainFailure } from './input.ts';
import {
	actorAgentId,
	actorKind,
	alreadyCancelled,
	fail,
	type BookingActorInput,
	type BookingResult
} from './result.ts';
import { saveRevision } from './revision.ts';

/** Where and when the RDV is to be, with whom. */
export interface RdvPlan {
	startsAt: Date;
	durationMinutes: number;
	agentIds: string[];
	lieuId: string | null;
	singleUseAddress: string | null;
}

export interface RescheduleOptions {
	confirm?: boolean;
	now: Date;
	/** Check the lieu or address again (they changed). */
	placeChanged: boolean;
	/** The history line, once the plan is known to be accepted. */
	summary: (agentsChanged: boolean) => string;
	/** The refusal when the RDV turns out cancelled meanwhile. */
	cancelledMessage: string;
}

/**
 * Applies `plan` to a loaded, active RDV whose rights and version the caller checked: the rules
 * (domain/booking-rules.ts) with the usagers still taking part, the claims, then the revision save. Other
 * fields the caller set on `rdv` (the context note) are saved with it. `motif`: when the caller has read it
 * (else it is read with the availability).
 */
export async function reschedule(
	rdv: RdvDoc,
	motif: Lean<MotifFields> | undefined,
	plan: RdvPlan,
	actor: BookingActorInput,
	options: RescheduleOptions
): Promise<BookingResult> {
	const online = actor.kind !== 'agent';
	const organisationId = String(rdv.organisationId);
	const { startsAt, durationMinutes, agentIds } = plan;
	const offGrain = grainFailure(startsAt, durationMinutes);
	if (offGrain) return offGrain;
	const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
	// The usagers still taking part must not end up in a duplicate, nor twice the same day, unseen.
	const usagerIds = rdv.participants
		.filter((p) => isActiveRdvStatus(p.status as RdvStatus))
		.map((p) => String(p.usagerId));
	// Independent reads, at once (each is a round trip and a decode; together they were half a move's time).
	// The usagers' RDVs are read by day in the RDV's time zone, the territory's, checked once it is loaded; the
	// agents' RDVs too (loadAvailabilityInput reads them beside the motif and organisation given that zone).
	const availability = loadAvailabilityInput({
		organisationIds: [organisationId],
		motifId: String(rdv.motifId),
		...daysAround(startsAt, endsAt),
		agentIds,
		motif,
		timeZone: rdv.timeZone
	});
	const checkPlace = async (m: Lean<MotifFields>) =>
		options.placeChanged
			? checkLieu(m, organisationId, plan.lieuId ?? undefined, plan.singleUseAddress ?? undefined)
			: null;
	const [refused, loaded, usagerRdvsHere] = await Promise.all([
		(async () =>
			(await checkAgents(actor, organisationId, agentIds)) ??
			// Without the motif yet, the place is checked once the availability has read it.
			(motif ? await checkPlace(motif) : null))(),
		availability,
		loadUsagerRdvs(usagerIds, startsAt, endsAt, rdv.timeZone)
	]);
	if (refused) return refused;
	if (!loaded) return fail('not_found', 'Motif introuvable.');
	const placeRefused = motif ? null : await checkPlace(loaded.motif);
	if (placeRefused) return placeRefused;
	const usagerRdvs =
		loaded.timeZone === rdv.timeZone
			? usagerRdvsHere
			: await loadUsagerRdvs(usagerIds, startsAt, endsAt, loaded.timeZone);
	const decision = checkBooking(
		{ ...loaded.input, motif: { ...loaded.input.motif, collective: false }, usagerRdvs },
		{
			actor: actorKind(actor),
			invited: actor.kind === 'usager' ? actor.invited : undefined,
			agentIds,
			startsAt,
			endsAt,
			lieuId: plan.lieuId,
			singleUseAddress: plan.singleUseAddress,
			usagerIds,
			now: options.now,
			override: options.confirm,
			rdvId: String(rdv._id),
			hiddenRdvIds: await hiddenRdvIds(actor, loaded.input.rdvs, usagerRdvs, startsAt, endsAt)
		}
	);
	if (decision.status === 'rejected') return rejection(decision);
	if (decision.status === 'needs_confirmation') return confirmation(decision);

	const previous = { agentIds: rdv.agentIds.map(String), startsAt: rdv.startsAt, endsAt: rdv.endsAt };
	const allowOverlap = !online && options.confirm === true;
	const agentsChanged = [...previous.agentIds].sort().join() !== [...agentIds].sort().join();
	rdv.startsAt = startsAt;
	rdv.endsAt = endsAt;
	rdv.agentIds = agentIds.map((id) => new Types.ObjectId(id));
	rdv.lieuId = plan.lieuId ? new Types.ObjectId(plan.lieuId) : undefined;
	rdv.singleUseAddress = plan.singleUseAddress ?? undefined;
	// The day cards' refresh after the save names this RDV from the caches under these stamps, as read here, and
	// its read models pick their next versions now, beside the claims (the save then needs no read back).
	rdv.$locals.organisationStamps = stampsOf(loaded.organisation);
	pickReadModelsBeforeSave(rdv);
	return saveRevision(rdv, actorAgentId(actor), 'rdv.updated', {
		notices: decision.notices,
		summary: options.summary(agentsChanged),
		// Claimed once the version is ours: a concurrent writer of this RDV stops at the version, before touching
		// its claims (the old claims stay until the new ones are taken).
		beforeSave: async () => {
			try {
				await syncClaims(agentIds, startsAt, endsAt, rdv._id, { allowOverlap });
				return null;
			} catch (err) {
				if (err instanceof ClaimConflictError) return fail('conflict', CONFLICT_MESSAGE);
				throw err;
			}
		},
		undoBeforeSave: () =>
			syncClaims(previous.agentIds, previous.startsAt, previous.endsAt, rdv._id, { allowOverlap: true }),
		// The version went to a cancel: nothing was claimed, the cancel releases the RDV's time.
		ifCancelled: () => alreadyCancelled(options.cancelledMessage)
	});
}
