/** Booking a new RDV, or joining a collective session. */
import { Types } from 'mongoose';
import type { z } from 'zod';
import { checkBooking } from '../../../domain/booking-rules.ts';
import { canAccessOrganisation, canEditRdv, canSeeMotif, canSeeRdv } from '../../../domain/permissions.ts';
import { Motif } from '../../db/models/motif.ts';
import { Rdv, type RdvFields } from '../../db/models/rdv.ts';
import { events } from '../../events.ts';
import { logger } from '../../logger.ts';
import { ClaimConflictError, claimAgentTime, releaseClaims } from '../claims.ts';
import { loadAvailabilityInput } from '../creneaux.ts';
import {
	CONFLICT_MESSAGE,
	checkAgents,
	checkLieu,
	checkUsagers,
	confirmation,
	daysAround,
	hiddenRdvIds,
	loadUsagerRdvs,
	rejection
} from './checks.ts';
import { docDto, rdvTarget } from './dto.ts';
import { BookRdvInputSchema, grainFailure, participantNotifications, type BookRdvInput } from './input.ts';
import {
	actorAgentId,
	actorKind,
	fail,
	validationFailure,
	zodFailure,
	type BookingActorInput,
	type BookingResult
} from './result.ts';
import { saveRevision } from './revision.ts';
import { SESSION_FULL_MESSAGE, takenSeats } from './participants.ts';
import { participantsAddedSummary } from './summary.ts';

export async function bookRdv(raw: BookRdvInput, actor: BookingActorInput, now = new Date()): Promise<BookingResult> {
	const parsed = BookRdvInputSchema.safeParse(raw);
	if (!parsed.success) return zodFailure(parsed.error);
	const input = parsed.data;
	const online = actor.kind !== 'agent';
	if (online && input.confirm) return fail('forbidden', 'Seul un agent peut passer outre un conflit d’agenda.');
	// An organisation the agent has no role in, and a motif out of its sight, answer like unknown ones (as the
	// créneaux search does): a distinct refusal would tell that the id exists.
	if (actor.kind === 'agent' && !canAccessOrganisation(actor.agent, input.organisationId))
		return fail('not_found', 'Organisation introuvable.');

	const motif = await Motif.findById(input.motifId).lean();
	if (
		!motif ||
		motif.deletedAt ||
		String(motif.organisationId) !== input.organisationId ||
		(actor.kind === 'agent' &&
			!canSeeMotif(actor.agent, { organisationId: input.organisationId, serviceId: String(motif.serviceId) }))
	)
		return fail('not_found', 'Motif introuvable.');

	if (motif.collective && input.sessionId) return joinSession(input, input.sessionId, actor, now);
	if (motif.collective && online) return fail('invalid', 'Choisissez une séance.');

	const durationMinutes = online ? motif.durationMinutes : (input.durationMinutes ?? motif.durationMinutes);
	const startsAt = input.startsAt;
	const offGrain = grainFailure(startsAt, durationMinutes);
	if (offGrain) return offGrain;
	const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
	const agentIds = [...new Set(input.agentIds)];
	if (agentIds.length === 0)
		return fail('invalid', 'Choisissez au moins un agent.', {
			fieldErrors: { agentIds: 'Choisissez au moins un agent.' }
		});
	if (!motif.collective && input.usagerIds.length === 0)
		return fail('invalid', 'Choisissez au moins un usager.', {
			fieldErrors: { usagerIds: 'Choisissez au moins un usager.' }
		});

	const refused =
		(await checkAgents(actor, input.organisationId, agentIds)) ??
		(await checkUsagers(actor, input.organisationId, input.usagerIds)) ??
		(await checkLieu(motif, input.organisationId, input.lieuId, input.singleUseAddress));
	if (refused) return refused;

	const loaded = await loadAvailabilityInput({
		organisationIds: [input.organisationId],
		motifId: input.motifId,
		...daysAround(startsAt, endsAt),
		agentIds
	});
	if (!loaded) return fail('not_found', 'Motif introuvable.');
	const usagerRdvs = await loadUsagerRdvs(input.usagerIds, startsAt, endsAt, loaded.timeZone);
	// A new collective session is checked like an individual RDV: it holds its agents' time the same way.
	const rulesInput = {
		...loaded.input,
		motif: motif.collective ? { ...loaded.input.motif, collective: false } : loaded.input.motif,
		usagerRdvs
	};
	const decision = checkBooking(rulesInput, {
		actor: actorKind(actor),
		invited: actor.kind === 'usager' ? actor.invited : undefined,
		agentIds,
		startsAt,
		endsAt,
		lieuId: input.lieuId ?? null,
		singleUseAddress: input.singleUseAddress ?? null,
		usagerIds: input.usagerIds,
		now,
		override: input.confirm,
		hiddenRdvIds: await hiddenRdvIds(actor, loaded.input.rdvs, usagerRdvs, startsAt, endsAt)
	});
	if (decision.status === 'rejected') return rejection(decision);
	if (decision.status === 'needs_confirmation') return confirmation(decision);

	const rdv = new Rdv({
		_id: new Types.ObjectId(),
		startsAt,
		endsAt,
		timeZone: loaded.timeZone,
		organisationId: input.organisationId,
		motifId: input.motifId,
		serviceId: motif.serviceId,
		locationType: motif.locationType,
		lieuId: input.lieuId,
		singleUseAddress: input.singleUseAddress,
		agentIds,
		participants: input.usagerIds.map((usagerId) => ({
			usagerId,
			createdBy: actor.kind,
			...participantNotifications(input, usagerId)
		})),
		context: input.context,
		createdBy: createdBy(actor),
		collective: motif.collective,
		title: motif.collective ? input.title : undefined,
		maxParticipants: motif.collective ? input.maxParticipants : undefined
	});
	try {
		await rdv.validate();
	} catch (err) {
		const invalid = validationFailure(err);
		if (invalid) return invalid;
		throw err;
	}

	try {
		await claimAgentTime(agentIds, startsAt, endsAt, rdv._id, { allowOverlap: !online && input.confirm === true });
	} catch (err) {
		if (err instanceof ClaimConflictError) return fail('conflict', CONFLICT_MESSAGE);
		throw err;
	}
	try {
		await rdv.save();
	} catch (err) {
		await releaseClaims(rdv._id);
		const invalid = validationFailure(err);
		if (invalid) return invalid;
		throw err;
	}
	logger.info({ rdvId: String(rdv._id), organisationId: input.organisationId, by: actor.kind }, 'rdv booked');
	await events.publish('rdv.created', {
		rdvId: String(rdv._id),
		organisationId: input.organisationId,
		actorAgentId: actorAgentId(actor)
	});
	return { ok: true, rdv: docDto(rdv), notices: decision.notices };
}

function createdBy(actor: BookingActorInput): Pick<RdvFields, 'createdBy'>['createdBy'] {
	if (actor.kind === 'agent') return { kind: 'agent', agentId: new Types.ObjectId(actor.agent.id) };
	if (actor.kind === 'usager') return { kind: 'usager', usagerId: new Types.ObjectId(actor.usagerId) };
	return { kind: 'prescripteur', prescripteur: actor.prescripteur };
}

/**
 * Adds participants to a collective session. The session already holds its agents' time; seats are counted
 * under the RDV's optimistic version, so two joins of the last seat cannot both succeed.
 */
async function joinSession(
	input: z.output<typeof BookRdvInputSchema>,
	sessionId: string,
	actor: BookingActorInput,
	now: Date
): Promise<BookingResult> {
	const session = await Rdv.findById(sessionId);
	// A session out of the agent's sight answers like an unknown one.
	if (
		!session ||
		String(session.motifId) !== input.motifId ||
		(actor.kind === 'agent' && !canSeeRdv(actor.agent, rdvTarget(session)))
	)
		return fail('not_found', 'Séance introuvable.');
	if (actor.kind === 'agent' && !canEditRdv(actor.agent, rdvTarget(session)))
		return fail('forbidden', 'Vous ne pouvez pas modifier cette séance.');
	const newcomers = input.usagerIds.filter((id) => !session.usagerIds.some((u) => String(u) === id));
	if (newcomers.length === 0) return fail('invalid', 'Choisissez au moins un nouvel usager.');
	const refused = await checkUsagers(actor, input.organisationId, newcomers);
	if (refused) return refused;
	const loaded = await loadAvailabilityInput({
		organisationIds: [input.organisationId],
		motifId: input.motifId,
		...daysAround(session.startsAt, session.endsAt),
		agentIds: session.agentIds.map(String)
	});
	if (!loaded) return fail('not_found', 'Motif introuvable.');
	const usagerRdvs = await loadUsagerRdvs(newcomers, session.startsAt, session.endsAt, loaded.timeZone);
	const decision = checkBooking(
		{ ...loaded.input, usagerRdvs },
		{
			actor: actorKind(actor),
			invited: actor.kind === 'usager' ? actor.invited : undefined,
			agentIds: session.agentIds.map(String),
			startsAt: session.startsAt,
			endsAt: session.endsAt,
			usagerIds: newcomers,
			now,
			override: input.confirm,
			sessionId,
			// The session's agents are not inspected (it holds their time already): only the usagers' RDVs.
			hiddenRdvIds: await hiddenRdvIds(actor, [], usagerRdvs, session.startsAt, session.endsAt)
		}
	);
	if (decision.status === 'rejected') return rejection(decision);
	if (decision.status === 'needs_confirmation') return confirmation(decision);
	const expected = takenSeats(session.participants);
	if (session.maxParticipants && expected + newcomers.length > session.maxParticipants)
		return fail('conflict', SESSION_FULL_MESSAGE);
	for (const usagerId of newcomers)
		session.participants.push({
			usagerId: new Types.ObjectId(usagerId),
			createdBy: actor.kind,
			...participantNotifications(input, usagerId)
		});
	// A session cancelled meanwhile answers like one found cancelled (the rules' session_unavailable).
	return saveRevision(session, actorAgentId(actor), 'rdv.updated', {
		notices: decision.notices,
		summary: participantsAddedSummary(newcomers.length),
		ifCancelled: () => fail('conflict', 'Cette séance n’est plus disponible.')
	});
}
