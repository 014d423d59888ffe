/**
 * The one booking service: every path that creates, moves or cancels an RDV (pages, API, online booking,
 * drag-and-drop) goes through here.
 *
 * Order of a booking: validate → permissions → the rules (domain/booking-rules.ts) on the engine's input and the
 * usagers' own RDVs around the booked time →
 * claim the agents' time (services/claims.ts: unique-index claims, the only guarantee against double booking
 * under concurrency, since FerretDB has no transactions) → save the RDV → publish. The RDV id is chosen before
 * claiming, and the claims are given back when the save fails, so nothing is left half-written.
 */
import { Types, isObjectIdOrHexString, type Error as MongooseError } from 'mongoose';
import { z } from 'zod';
import {
	checkBooking,
	isRdvDuration,
	RDV_DURATION_GRAIN_MESSAGE,
	rdvStartError,
	type BookingActor,
	type BookingIssue,
	type BookingIssueCode,
	type BookingDecision,
	type UsagerRdvInput
} from '../../domain/booking-rules.ts';
import { instantError } from '../../domain/calendar-day.ts';
import { touchedDays } from '../../domain/calendar-keys.ts';
import type { RdvDto } from '../../domain/dto.ts';
import {
	canAccessOrganisation,
	canEditAgenda,
	canSeeMotif,
	canSeeRdv,
	canEditRdv,
	organisationScope,
	type RdvTarget
} from '../../domain/permissions.ts';
import { isActiveRdvStatus, type RdvInput } from '../../domain/slots.ts';
import { addDays, localDay } from '../../domain/local-time.ts';
import { toEpochMs } from '../../domain/time.ts';
import type { AgentPrincipal, RdvCreator, RdvStatus, SessionAgent, TerritoryTimeZone } from '../../domain/types.ts';
import { Agent } from '../db/models/agent.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif, type MotifFields } from '../db/models/motif.ts';
import { Rdv, type RdvDoc, type RdvFields } from '../db/models/rdv.ts';
import { RdvRevision } from '../db/models/rdv-revision.ts';
import { Usager } from '../db/models/usager.ts';
import { events } from '../events.ts';
import { logger } from '../logger.ts';
import {
	ClaimConflictError,
	StaleVersionError,
	cancelledAfter,
	claimAgentTime,
	claimRdvRevision,
	releaseClaims,
	syncClaims
} from './claims.ts';
import { loadAvailabilityInput } from './creneaux.ts';
import type { Lean } from './mappers.ts';
import type { Failure, FailureCode } from './result.ts';

// ---------------------------------------------------------------------------------------------------------------
// Actors and results

export interface PrescripteurIdentity {
	firstName: string;
	lastName: string;
	email: string;
	phone?: string;
}

/** Who books: a signed-in agent, an usager online (`invited`: came through an invitation), or a prescripteur. */
export type BookingActorInput =
	| { kind: 'agent'; agent: SessionAgent }
	| { kind: 'usager'; usagerId: string; invited?: boolean }
	| { kind: 'prescripteur'; prescripteur: PrescripteurIdentity };

export type BookingFailureCode = FailureCode;

/** A refusal in the services' common shape (services/result.ts); `warnings` are what the agent may confirm. */
export interface BookingFailure extends Failure<BookingIssue> {
	/** A refusal by the rules: why (e.g. duplicate_rdv, to tell an identical RDV from a taken slot). */
	errors?: BookingIssue[];
	/**
	 * A conflict's precise cause: `already_cancelled` when the RDV is cancelled, or being cancelled by a
	 * concurrent request (the API answers 409 already_cancelled, whatever the timing).
	 */
	reason?: 'already_cancelled';
}

export type BookingResult = { ok: true; rdv: RdvDto; notices: BookingIssue[] } | BookingFailure;

const fail = (code: BookingFailureCode, message: string, extra: Partial<BookingFailure> = {}): BookingFailure => ({
	ok: false,
	code,
	message,
	...extra
});

const ALREADY_CANCELLED_MESSAGE = 'Ce RDV est déjà annulé.';
const alreadyCancelled = (message = ALREADY_CANCELLED_MESSAGE) =>
	fail('conflict', message, { reason: 'already_cancelled' });

// ---------------------------------------------------------------------------------------------------------------
// Input

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'Identifiant invalide.');
/** An instant in the accepted years (the 5-minute grain of a new time is checked by bookRdv and moveRdv). */
const instant = z
	.union([z.date(), z.iso.datetime({ offset: true, error: 'Date et heure ISO 8601 attendues.' })])
	.transform((v) => new Date(v))
	.superRefine((date, ctx) => {
		const message = instantError(date);
		if (message) ctx.addIssue({ code: 'custom', message });
	});
/** Agents only; online bookings always take the motif's duration (a multiple of 5 too). */
const duration = z.number().int().min(5).max(1440).refine(isRdvDuration, RDV_DURATION_GRAIN_MESSAGE);

export const BookRdvInputSchema = z.object({
	organisationId: objectId,
	motifId: objectId,
	startsAt: instant,
	durationMinutes: duration.optional(),
	lieuId: objectId.optional(),
	singleUseAddress: z.string().trim().min(1).max(300).optional(),
	agentIds: z.array(objectId).max(20).default([]),
	usagerIds: z.array(objectId).max(500).default([]),
	context: z.string().trim().max(5000).optional(),
	/** The agent confirmed the warnings (overlap, absence, past, the usager's other RDVs). Refused from anyone else. */
	confirm: z.boolean().optional(),
	/** Collective motifs: join this session (a collective RDV). Without it an agent creates a new session. */
	sessionId: objectId.optional(),
	title: z.string().trim().max(160).optional(),
	maxParticipants: z.number().int().min(1).max(500).optional()
});
export type BookRdvInput = z.input<typeof BookRdvInputSchema>;

export const MoveRdvInputSchema = z.object({
	startsAt: instant,
	durationMinutes: duration.optional(),
	agentIds: z.array(objectId).min(1).max(20).optional(),
	lieuId: objectId.optional(),
	confirm: z.boolean().optional(),
	/** The version the caller saw: a concurrent change since then is a conflict. */
	expectedVersion: z.number().int().min(0).optional()
});
export type MoveRdvInput = z.input<typeof MoveRdvInputSchema>;

/**
 * A new RDV time must lie on the claims' 5-minute grain (domain/booking-rules.ts says why): checked after the
 * session branch, since joining a session takes the session's own time, whatever was sent.
 */
function grainFailure(startsAt: Date, durationMinutes: number): BookingFailure | null {
	const startError = rdvStartError(startsAt);
	if (startError) return fail('invalid', startError, { fieldErrors: { startsAt: startError } });
	// A motif's duration is on the grain (its model says so); an older one may not be.
	if (!isRdvDuration(durationMinutes))
		return fail('invalid', RDV_DURATION_GRAIN_MESSAGE, {
			fieldErrors: { durationMinutes: RDV_DURATION_GRAIN_MESSAGE }
		});
	return null;
}

function zodFailure(error: z.ZodError): BookingFailure {
	const fieldErrors: Record<string, string> = {};
	for (const issue of error.issues) fieldErrors[issue.path.join('.') || '_'] ??= issue.message;
	const first = error.issues[0];
	return fail('invalid', `Données invalides — ${first?.path.join('.') || 'requête'} : ${first?.message ?? ''}`, {
		fieldErrors
	});
}

// ---------------------------------------------------------------------------------------------------------------
// DTO

export function toRdvDto(r: Lean<RdvFields>): RdvDto {
	return {
		id: String(r._id),
		organisationId: String(r.organisationId),
		motifId: String(r.motifId),
		serviceId: String(r.serviceId),
		locationType: r.locationType,
		...(r.lieuId ? { lieuId: String(r.lieuId) } : {}),
		...(r.singleUseAddress ? { singleUseAddress: r.singleUseAddress } : {}),
		startsAt: r.startsAt.toISOString(),
		endsAt: r.endsAt.toISOString(),
		durationMinutes: r.durationMinutes ?? Math.round((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000),
		timeZone: r.timeZone as TerritoryTimeZone,
		agentIds: r.agentIds.map(String),
		participants: r.participants.map((p) => ({ usagerId: String(p.usagerId), status: p.status as RdvStatus })),
		status: r.status as RdvStatus,
		...(r.context ? { context: r.context } : {}),
		createdBy: r.createdBy.kind as RdvCreator,
		collective: r.collective ?? false,
		...(r.title ? { title: r.title } : {}),
		...(r.maxParticipants ? { maxParticipants: r.maxParticipants } : {}),
		...(r.cancelledAt ? { cancelledAt: r.cancelledAt.toISOString() } : {}),
		version: r.version ?? 0
	};
}

const docDto = (doc: RdvDoc) => toRdvDto(doc.toObject() as Lean<RdvFields>);

/** An RDV; with a viewer, null unless that agent may see it (callers answer 404 either way). */
export async function getRdv(id: string, viewer?: AgentPrincipal): Promise<RdvDto | null> {
	if (!isObjectIdOrHexString(id)) return null;
	const rdv = await Rdv.findById(id).lean();
	if (!rdv) return null;
	if (viewer && !canSeeRdv(viewer, rdvTarget(rdv))) return null;
	return toRdvDto(rdv);
}

// ---------------------------------------------------------------------------------------------------------------
// Shared checks

const rdvTarget = (r: Pick<RdvFields, 'organisationId' | 'serviceId' | 'agentIds'>) => ({
	organisationId: String(r.organisationId),
	serviceId: String(r.serviceId),
	agentIds: r.agentIds.map(String)
});

const actorKind = (actor: BookingActorInput): BookingActor => actor.kind;
const actorAgentId = (actor: BookingActorInput) => (actor.kind === 'agent' ? actor.agent.id : undefined);

/** The booked agents must belong to the organisation, and an acting agent must be allowed to edit their agendas. */
async function checkAgents(
	actor: BookingActorInput,
	organisationId: string,
	agentIds: string[]
): Promise<BookingFailure | null> {
	if (agentIds.length === 0) return null;
	const members = await Agent.find(
		{ organisationIds: organisationId },
		{ serviceIds: 1, deletedAt: 1, lastName: 1 }
	).lean();
	const byId = new Map(members.filter((m) => !m.deletedAt).map((m) => [String(m._id), m]));
	for (const agentId of agentIds) {
		const member = byId.get(agentId);
		if (!member) return fail('invalid', 'Un des agents choisis ne fait pas partie de l’organisation.');
		if (
			actor.kind === 'agent' &&
			!canEditAgenda(actor.agent, { organisationId, agentId, agentServiceIds: member.serviceIds.map(String) })
		)
			return fail('forbidden', 'Vous ne pouvez pas modifier l’agenda d’un des agents choisis.');
	}
	return null;
}

async function checkUsagers(
	actor: BookingActorInput,
	organisationId: string,
	usagerIds: string[]
): Promise<BookingFailure | null> {
	if (new Set(usagerIds).size !== usagerIds.length)
		return fail('invalid', 'Un usager ne peut participer qu’une fois au même RDV.');
	const usagers = await Promise.all(usagerIds.map((id) => Usager.findById(id).lean()));
	for (const u of usagers) {
		// What the actor may not book for reads as unknown — another organisation's usager for an agent, another
		// person's for an usager online: a distinct refusal would tell that the id exists.
		const unknown =
			!u ||
			u.deletedAt ||
			(actor.kind === 'agent' && !u.organisationIds.some((id) => String(id) === organisationId)) ||
			(actor.kind === 'usager' && String(u._id) !== actor.usagerId && String(u.responsibleId ?? '') !== actor.usagerId);
		if (unknown) {
			const message = actor.kind === 'usager' ? USAGER_NOT_THEIRS_MESSAGE : 'Usager introuvable.';
			return fail('invalid', message, { fieldErrors: { usagerIds: message } });
		}
	}
	return null;
}

const USAGER_NOT_THEIRS_MESSAGE = 'Usager introuvable : vous ne pouvez prendre RDV que pour vous-même ou vos proches.';

async function checkLieu(
	motif: Lean<MotifFields>,
	organisationId: string,
	lieuId: string | undefined,
	singleUseAddress: string | undefined
): Promise<BookingFailure | null> {
	if (lieuId && singleUseAddress)
		return fail('invalid', 'Un RDV a lieu soit dans un lieu, soit à une adresse ponctuelle.', {
			fieldErrors: { lieuId: 'Choisissez un lieu ou une adresse, pas les deux.' }
		});
	if (lieuId) {
		const lieu = await Lieu.findById(lieuId).lean();
		if (!lieu || String(lieu.organisationId) !== organisationId || lieu.availability === 'disabled')
			return fail('invalid', 'Lieu introuvable ou désactivé.', {
				fieldErrors: { lieuId: 'Lieu introuvable ou désactivé.' }
			});
	} else if (motif.locationType === 'public_office' && !singleUseAddress) {
		return fail('invalid', 'Choisissez le lieu du RDV.', { fieldErrors: { lieuId: 'Choisissez le lieu du RDV.' } });
	}
	return null;
}

/** Refusals about the time itself: taken, full, or already booked identically. */
const CONFLICT_CODES: readonly BookingIssueCode[] = [
	'slot_unavailable',
	'session_full',
	'session_unavailable',
	'duplicate_rdv'
];

/** A rejected decision as a typed failure: taken time is a conflict, rights are forbidden, the rest invalid. */
function rejection(decision: BookingDecision): BookingFailure {
	const codes = new Set(decision.errors.map((e) => e.code));
	const message = decision.errors.map((e) => e.message).join(' ');
	const errors = { errors: decision.errors };
	if (codes.has('override_forbidden') || codes.has('motif_not_bookable')) return fail('forbidden', message, errors);
	if (CONFLICT_CODES.some((c) => codes.has(c))) return fail('conflict', message, errors);
	return fail('invalid', message, errors);
}

function confirmation(decision: BookingDecision): BookingFailure {
	return fail('needs_confirmation', `À confirmer : ${decision.warnings.map((w) => w.message).join(' ')}`, {
		warnings: decision.warnings
	});
}

const CONFLICT_MESSAGE = 'Ce créneau n’est plus disponible pour cet agent : un autre RDV vient d’être pris.';

function validationFailure(err: unknown): BookingFailure | null {
	const errors = (err as MongooseError.ValidationError | undefined)?.errors;
	if ((err as Error | undefined)?.name !== 'ValidationError' || !errors) return null;
	const fieldErrors = Object.fromEntries(Object.entries(errors).map(([path, e]) => [path, e.message]));
	return fail('invalid', Object.values(fieldErrors)[0] ?? 'Données invalides.', { fieldErrors });
}

const USAGER_RDV_FIELDS = {
	motifId: 1,
	status: 1,
	startsAt: 1,
	endsAt: 1,
	lieuId: 1,
	singleUseAddress: 1,
	participants: 1,
	organisationId: 1,
	serviceId: 1,
	agentIds: 1
} as const;

/** An usager's RDV for the rules, with what decides whether the acting agent may see it. */
type UsagerRdv = UsagerRdvInput & { target: RdvTarget };

/**
 * The usagers' RDVs that the rules compare with [startsAt, endsAt): those on the local days it touches, plus
 * the day just before its start and the day of its end (an RDV ending right at a midnight start, or starting
 * right at its end). One equality pair per usager and day (`usagerIds` and `days` contain), refined in the rules.
 */
async function loadUsagerRdvs(
	usagerIds: string[],
	startsAt: Date,
	endsAt: Date,
	timeZone: string
): Promise<UsagerRdv[]> {
	if (usagerIds.length === 0) return [];
	const days = new Set([
		localDay(new Date(startsAt.getTime() - 1), timeZone),
		...touchedDays(startsAt, endsAt, timeZone),
		localDay(endsAt, timeZone)
	]);
	const lists = await Promise.all(
		usagerIds.flatMap((usagerId) =>
			[...days].map((day) => Rdv.find({ usagerIds: usagerId, days: day }, USAGER_RDV_FIELDS).lean())
		)
	);
	const byId = new Map<string, UsagerRdv>();
	for (const r of lists.flat())
		byId.set(String(r._id), {
			target: rdvTarget(r),
			id: String(r._id),
			motifId: String(r.motifId),
			status: r.status as RdvStatus,
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			lieuId: r.lieuId ? String(r.lieuId) : null,
			singleUseAddress: r.singleUseAddress ?? null,
			participants: r.participants.map((p) => ({ usagerId: String(p.usagerId), status: p.status as RdvStatus }))
		});
	return [...byId.values()];
}

/**
 * The RDVs around the booked time that the acting agent may not see (another organisation's, or of a service not
 * its own on an agenda it may edit): the rules still count them — an overlap with one still asks for
 * confirmation — but neither name them nor tell the usager's whereabouts (booking-rules.ts). Online actors are
 * told no details at all, so nothing is hidden from them here.
 */
async function hiddenRdvIds(
	actor: BookingActorInput,
	agentRdvs: readonly RdvInput[],
	usagerRdvs: readonly UsagerRdv[],
	startsAt: Date,
	endsAt: Date
): Promise<Set<string>> {
	const hidden = new Set<string>();
	if (actor.kind !== 'agent') return hidden;
	const agent = actor.agent;
	for (const r of usagerRdvs) if (!canSeeRdv(agent, r.target)) hidden.add(r.id);
	// The agents' RDVs are loaded without their service: only those the rules will name (overlapping the booked
	// time, a handful) are read again, by id, when the organisation alone does not decide.
	const [start, end] = [startsAt.getTime(), endsAt.getTime()];
	const overlapping = agentRdvs.filter(
		(r): r is RdvInput & { id: string } =>
			!!r.id && !hidden.has(r.id) && toEpochMs(r.startsAt) < end && start < toEpochMs(r.endsAt)
	);
	await Promise.all(
		overlapping.map(async (r) => {
			const scope = r.organisationId ? organisationScope(agent, r.organisationId).kind : 'services';
			if (scope === 'none') hidden.add(r.id);
			if (scope !== 'services') return;
			const doc = await Rdv.findById(r.id, { organisationId: 1, serviceId: 1, agentIds: 1 }).lean();
			if (!doc || !canSeeRdv(agent, rdvTarget(doc))) hidden.add(r.id);
		})
	);
	return hidden;
}

/** Local days around an interval wide enough for any zone (the engine refines with exact instants). */
function daysAround(startsAt: Date, endsAt: Date) {
	return { from: addDays(localDay(startsAt, 'UTC'), -2), to: addDays(localDay(endsAt, 'UTC'), 2) };
}

// ---------------------------------------------------------------------------------------------------------------
// Book

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
		participants: input.usagerIds.map((usagerId) => ({ usagerId, createdBy: actor.kind })),
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
	const expected = session.participants.filter((p) => p.status !== 'excused' && p.status !== 'revoked').length;
	if (session.maxParticipants && expected + newcomers.length > session.maxParticipants)
		return fail('conflict', 'Cette séance est complète.');
	for (const usagerId of newcomers)
		session.participants.push({ usagerId: new Types.ObjectId(usagerId), createdBy: actor.kind });
	// A session cancelled meanwhile answers like one found cancelled (the rules' session_unavailable).
	return saveRevision(session, actorAgentId(actor), 'rdv.updated', {
		notices: decision.notices,
		ifCancelled: () => fail('conflict', 'Cette séance n’est plus disponible.')
	});
}

interface SaveRevisionOptions {
	notices?: BookingIssue[];
	/** Undo what was done before saving (claims of a move), when the version was taken or the save failed. */
	onStale?: () => Promise<unknown>;
	/**
	 * The answer when the version was lost to a cancel (reserved before that cancel saves, so the loser knows
	 * at once), instead of `onStale` and the stale-version conflict.
	 */
	ifCancelled?: () => BookingFailure | Promise<BookingFailure>;
}

/**
 * Saves a changed RDV under optimistic concurrency: reserve version + 1 (recording whether it cancels), then
 * save; when the save fails the reservation is removed so the RDV stays editable.
 */
async function saveRevision(
	rdv: RdvDoc,
	agentId: string | undefined,
	event: 'rdv.updated' | 'rdv.cancelled',
	options: SaveRevisionOptions = {}
): Promise<BookingResult> {
	const { notices = [], onStale, ifCancelled } = options;
	let version: number;
	const readVersion = rdv.version ?? 0;
	try {
		version = await claimRdvRevision(rdv._id, readVersion, agentId, event === 'rdv.cancelled' ? 'cancel' : 'update');
	} catch (err) {
		if (err instanceof StaleVersionError) {
			if (ifCancelled && (await cancelledAfter(rdv._id, readVersion))) return ifCancelled();
			await onStale?.();
			return fail('conflict', err.message);
		}
		throw err;
	}
	rdv.version = version;
	try {
		await rdv.save();
	} catch (err) {
		await RdvRevision.deleteOne({ rdvId: rdv._id, version });
		await onStale?.();
		const invalid = validationFailure(err);
		if (invalid) return invalid;
		throw err;
	}
	await events.publish(event, {
		rdvId: String(rdv._id),
		organisationId: String(rdv.organisationId),
		actorAgentId: agentId
	});
	return { ok: true, rdv: docDto(rdv), notices };
}

// ---------------------------------------------------------------------------------------------------------------
// Cancel

export type CancelStatus = 'revoked' | 'excused';

/**
 * Cancels an RDV: `revoked` (by the service) or `excused` (by the usager). Participants still expected take the
 * same status; the agents' time is released.
 */
export async function cancelRdv(
	rdvId: string,
	actor: BookingActorInput,
	status: CancelStatus,
	options: { expectedVersion?: number; now?: Date } = {}
): Promise<BookingResult> {
	if (status !== 'revoked' && status !== 'excused') return fail('invalid', 'Statut d’annulation invalide.');
	if (!isObjectIdOrHexString(rdvId)) return fail('not_found', 'RDV introuvable.');
	const rdv = await Rdv.findById(rdvId);
	if (!rdv) return fail('not_found', 'RDV introuvable.');
	const refused = await checkChangeRights(rdv, actor, 'cancel');
	if (refused) return refused;
	if (actor.kind === 'usager' && status !== 'excused')
		return fail('forbidden', 'Un usager annule avec le statut « excusé ».');
	if (rdv.collective && status === 'excused')
		return fail('invalid', 'Une séance collective s’annule avec le statut « annulé par le service ».');
	// Already cancelled — or, below, cancelled by a concurrent request whose version is reserved but not saved
	// yet: the same answer either way, so that the losers of concurrent cancels all hear « déjà annulé ».
	if (!isActiveRdvStatus(rdv.status as RdvStatus)) return alreadyCancelled();
	if (options.expectedVersion !== undefined && options.expectedVersion !== (rdv.version ?? 0))
		return (await cancelledAfter(rdv._id, options.expectedVersion))
			? alreadyCancelled()
			: fail('conflict', new StaleVersionError().message);

	rdv.status = status;
	rdv.cancelledAt = options.now ?? new Date();
	for (const p of rdv.participants) if (p.status === 'unknown') p.status = status;
	const result = await saveRevision(rdv, actorAgentId(actor), 'rdv.cancelled', { ifCancelled: alreadyCancelled });
	if (result.ok) await releaseClaims(rdv._id);
	return result;
}

/** Rights to change an existing RDV: agents who may edit it, usagers taking part when the motif allows it. */
async function checkChangeRights(
	rdv: RdvDoc,
	actor: BookingActorInput,
	change: 'cancel' | 'move'
): Promise<BookingFailure | null> {
	if (actor.kind === 'agent') {
		// Out of sight is answered like nonexistent.
		if (!canSeeRdv(actor.agent, rdvTarget(rdv))) return fail('not_found', 'RDV introuvable.');
		if (!canEditRdv(actor.agent, rdvTarget(rdv))) return fail('forbidden', 'Vous ne pouvez pas modifier ce RDV.');
		return null;
	}
	if (actor.kind === 'prescripteur') return fail('forbidden', 'Un prescripteur ne peut pas modifier un RDV.');
	if (!rdv.usagerIds.some((id) => String(id) === actor.usagerId)) return fail('not_found', 'RDV introuvable.');
	const motif = await Motif.findById(rdv.motifId, { rdvsCancellableByUser: 1, rdvsEditableByUser: 1 }).lean();
	const allowed = change === 'cancel' ? motif?.rdvsCancellableByUser : motif?.rdvsEditableByUser;
	if (!allowed)
		return fail(
			'forbidden',
			change === 'cancel' ? 'Ce RDV ne peut pas être annulé en ligne.' : 'Ce RDV ne peut pas être modifié en ligne.'
		);
	return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Move

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
			: fail('conflict', new StaleVersionError().message);

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
	return saveRevision(rdv, actorAgentId(actor), 'rdv.updated', {
		notices: decision.notices,
		onStale: restore,
		// Not back to the previous claims: a cancelled RDV holds no time (its cancel may have released already).
		ifCancelled: async () => {
			await releaseClaims(rdv._id);
			return alreadyCancelled(MOVE_CANCELLED_MESSAGE);
		}
	});
}
