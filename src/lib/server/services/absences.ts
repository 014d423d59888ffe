/**
 * Indisponibilités (PRODUCT.md §3): agent-wide, they block every organisation of the agent. One day, several
 * days, or a single day that recurs. The agent manages its own; a colleague may when it can edit the agent's
 * agenda in an organisation they share. Existing RDVs are not cancelled: the ones an absence runs into are
 * warnings the caller confirms (`confirm`), and the absence's page lists them.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { absenceIntervals, conflictingRdvs, conflictWeeks, describeConflict } from '../../domain/absence-conflicts.ts';
import { dayFieldErrors } from '../../domain/calendar-day.ts';
import { agentWeekKeys } from '../../domain/calendar-keys.ts';
import { compareDays, localDay, localTime } from '../../domain/local-time.ts';
import { canAccessOrganisation, canEditAgenda, canSeeAgenda, canSeeRdv } from '../../domain/permissions.ts';
import type { Recurrence } from '../../domain/recurrence.ts';
import type { AgentPrincipal, RdvStatus, TerritoryTimeZone } from '../../domain/types.ts';
import { Absence, type AbsenceDoc, type AbsenceFields } from '../db/models/absence.ts';
import { Motif } from '../db/models/motif.ts';
import { Rdv } from '../db/models/rdv.ts';
import { events } from '../events.ts';
import { isOver, loadAgendaAgent, normaliseRecurrence, recurrenceDto } from './agenda-entries.ts';
import type { AgendaAgent, RecurrenceDto } from './agenda-entries.ts';
import { isFailure, refusal, schemaErrors, type AgendaEntryFailure, type ConfirmOptions } from './entry-refusals.ts';
import type { Lean } from './mappers.ts';
import { getOrganisation, listOrganisationAgents } from './organisations.ts';
import { invalid, opt } from './result.ts';

export interface AbsenceDto {
	id: string;
	agentId: string;
	title: string;
	firstDay: string;
	endDay: string;
	startTime: string;
	endTime: string;
	recurrence: RecurrenceDto | null;
	timeZone: string;
	lastOccurrenceDay?: string;
}

export interface AbsenceInput {
	agentId: string;
	title: string;
	firstDay: string;
	/** Same as firstDay (or absent) for a one-day absence. */
	endDay?: string | null;
	startTime: string;
	endTime: string;
	/** Single-day absences only. */
	recurrence?: Recurrence | null;
}

/**
 * An active RDV of the agent during the absence (no usager data: date, time, motif, organisation). Of an RDV
 * the actor may not see, only the time: no motifId, motifName HIDDEN_MOTIF (domain/absence-conflicts.ts), and
 * OTHER_ORGANISATION for an organisation the actor does not belong to.
 */
export interface AbsenceWarning {
	code: 'rdv_conflict';
	message: string;
	/** Only for an RDV the actor may see: the ids of others' RDVs and organisations are not theirs to know. */
	rdvId?: string;
	/** Only for an organisation the actor belongs to. */
	organisationId?: string;
	organisationName: string;
	motifId?: string;
	motifName: string;
	startsAt: string;
	endsAt: string;
	/** Local day and times of the RDV, in its territory's zone. */
	day: string;
	startTime: string;
	endTime: string;
}

export type AbsenceFailure = AgendaEntryFailure<AbsenceWarning>;

export type AbsenceResult<T> = { ok: true; value: T } | AbsenceFailure;

/** A create or update: the warnings the caller confirmed (empty when there were none). */
export type AbsenceSaveResult = { ok: true; value: AbsenceDto; warnings: AbsenceWarning[] } | AbsenceFailure;

/** `confirm`: the caller saw the conflicting RDVs and saves anyway. */
export interface AbsenceOptions extends ConfirmOptions {
	/** The organisation the actor works from: its time zone is used for a new absence. */
	organisationId?: string;
}

const NOT_FOUND = refusal('not_found', 'Indisponibilité introuvable.');
const FORBIDDEN = refusal('forbidden', 'Vous n’avez pas le droit de gérer les indisponibilités de cet agent.');

export function toAbsenceDto(a: Lean<AbsenceFields>): AbsenceDto {
	return {
		id: String(a._id),
		agentId: String(a.agentId),
		title: a.title,
		firstDay: a.firstDay,
		endDay: a.endDay,
		startTime: a.startTime,
		endTime: a.endTime,
		recurrence: recurrenceDto(a.recurrence),
		timeZone: a.timeZone,
		lastOccurrenceDay: opt(a.lastOccurrenceDay)
	};
}

const dtoOf = (doc: AbsenceDoc) => toAbsenceDto(doc.toObject() as Lean<AbsenceFields>);

/** The agent itself, or someone who may see/edit its agenda in one organisation they share. */
export function mayManageAbsences(actor: AgentPrincipal, agent: AgendaAgent, mode: 'see' | 'edit'): boolean {
	if (actor.id === agent.id) return true;
	const check = mode === 'see' ? canSeeAgenda : canEditAgenda;
	return agent.organisationIds.some((organisationId) =>
		check(actor, { organisationId, agentId: agent.id, agentServiceIds: agent.serviceIds })
	);
}

/**
 * Whether the actor can know this agent exists: itself, or a member of an organisation the actor opens (its
 * members are listed there). Any other agent is answered like an unknown id, so that no refusal tells them apart.
 */
function knowsAgent(actor: AgentPrincipal, agent: AgendaAgent): boolean {
	return actor.id === agent.id || agent.organisationIds.some((id) => canAccessOrganisation(actor, id));
}

const UNKNOWN_AGENT = 'Agent introuvable.';

/**
 * The agent whose absences are managed. Unknown, deleted and unknowable agents give the same field error (the
 * callers listing turn it into not_found); a colleague the actor knows but may not manage, a 403.
 */
async function access(
	actor: AgentPrincipal,
	agentId: string,
	mode: 'see' | 'edit'
): Promise<AgendaAgent | AbsenceFailure> {
	const agent = await loadAgendaAgent(agentId);
	if (!agent || !knowsAgent(actor, agent)) return invalid({ agentId: UNKNOWN_AGENT });
	return mayManageAbsences(actor, agent, mode) ? agent : FORBIDDEN;
}

/** The absence, provided the actor may manage its agent's; one it may not even see reads as unknown. */
async function loadAbsence(
	actor: AgentPrincipal,
	absenceId: string,
	mode: 'see' | 'edit'
): Promise<{ doc: AbsenceDoc } | AbsenceFailure> {
	if (!isObjectIdOrHexString(absenceId)) return NOT_FOUND;
	const doc = await Absence.findById(absenceId);
	if (!doc) return NOT_FOUND;
	const agent = await loadAgendaAgent(String(doc.agentId));
	if (!agent || !mayManageAbsences(actor, agent, 'see')) return NOT_FOUND;
	if (mode === 'edit' && !mayManageAbsences(actor, agent, 'edit')) return FORBIDDEN;
	return { doc };
}

/** The zone wall-clock times are read in: the given organisation's, else the agent's first organisation's. */
async function timeZoneFor(agent: AgendaAgent, organisationId?: string): Promise<TerritoryTimeZone | null> {
	const candidates = organisationId && agent.organisationIds.includes(organisationId) ? [organisationId] : [];
	for (const id of [...candidates, ...agent.organisationIds]) {
		const organisation = await getOrganisation(id);
		if (organisation) return organisation.timeZone;
	}
	return null;
}

function fieldsOf(input: Partial<AbsenceInput>, current?: { firstDay: string }): Partial<AbsenceFields> {
	const out: Record<string, unknown> = {};
	if (input.title !== undefined) out.title = input.title;
	if (input.firstDay !== undefined) out.firstDay = input.firstDay;
	if (input.endDay !== undefined || input.firstDay !== undefined)
		out.endDay = opt(input.endDay) ?? input.firstDay ?? current?.firstDay;
	if (input.startTime !== undefined) out.startTime = input.startTime;
	if (input.endTime !== undefined) out.endTime = input.endTime;
	if (input.recurrence !== undefined)
		out.recurrence = input.recurrence ? normaliseRecurrence(input.recurrence) : undefined;
	return out as Partial<AbsenceFields>;
}

async function validated(doc: AbsenceDoc): Promise<AbsenceFailure | null> {
	const errors = await schemaErrors(doc);
	return Object.keys(errors).length ? invalid(errors) : null;
}

// ---- Conflicting RDVs ----

const RDV_FIELDS = {
	startsAt: 1,
	endsAt: 1,
	agentIds: 1,
	status: 1,
	organisationId: 1,
	serviceId: 1,
	motifId: 1,
	timeZone: 1
};

/** Names of the motifs and organisations of the conflicts: one equality query per distinct id. */
async function namesOf(ids: string[], load: (id: string) => Promise<{ name: string } | null>) {
	const distinct = [...new Set(ids)];
	const names = await Promise.all(distinct.map(async (id) => (await load(id))?.name ?? ''));
	return new Map(distinct.map((id, i) => [id, names[i] ?? '']));
}

/**
 * The agent's active RDVs, in every organisation, during the absence from now to the horizon of
 * domain/absence-conflicts.ts. Selected by 'agentId:ISO week' keys (one equality each), then refined exactly.
 *
 * The actor may manage the absence from one organisation while the agent also works in others: what it is told
 * of each RDV is decided by describeConflict (only the time of an RDV it may not see).
 */
async function conflictsOf(actor: AgentPrincipal, absence: AbsenceDto, now: Date): Promise<AbsenceWarning[]> {
	return (await conflictEntries(actor, absence, now)).map((c) => c.warning);
}

/** The conflicts with the RDV id each is about (kept server-side: the warning itself may not carry it). */
async function conflictEntries(
	actor: AgentPrincipal,
	absence: AbsenceDto,
	now: Date
): Promise<{ rdvId: string; warning: AbsenceWarning }[]> {
	const intervals = absenceIntervals(absence, now);
	if (intervals.length === 0) return [];
	const keys = agentWeekKeys([absence.agentId], conflictWeeks(intervals));
	const lists = await Promise.all(keys.map((key) => Rdv.find({ agentWeeks: key }, RDV_FIELDS).lean()));
	const byId = new Map(lists.flat().map((r) => [String(r._id), r]));
	const found = conflictingRdvs(
		absence.agentId,
		intervals,
		[...byId.values()].map((r) => ({
			rdv: r,
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			agentIds: r.agentIds.map(String),
			status: r.status as RdvStatus
		}))
	).map((c) => c.rdv);
	if (found.length === 0) return [];
	const visible = (r: (typeof found)[number]) =>
		canSeeRdv(actor, {
			organisationId: String(r.organisationId),
			serviceId: String(r.serviceId),
			agentIds: r.agentIds.map(String)
		});
	const [motifs, organisations] = await Promise.all([
		namesOf(
			found.filter(visible).map((r) => String(r.motifId)),
			(id) => Motif.findById(id, { name: 1 }).lean().exec()
		),
		namesOf(
			found.map((r) => String(r.organisationId)).filter((id) => canAccessOrganisation(actor, id)),
			getOrganisation
		)
	]);
	return found.map((r) => {
		const day = localDay(r.startsAt, r.timeZone);
		const startTime = localTime(r.startsAt, r.timeZone);
		const endTime = localTime(r.endsAt, r.timeZone);
		const organisationId = String(r.organisationId);
		const rdvVisible = visible(r);
		const described = describeConflict({
			day,
			startTime,
			endTime,
			motifName: (rdvVisible && motifs.get(String(r.motifId))) || '',
			organisationName: organisations.get(organisationId) ?? '',
			rdvVisible,
			organisationKnown: organisations.has(organisationId)
		});
		const warning: AbsenceWarning = {
			code: 'rdv_conflict' as const,
			message: described.message,
			...(rdvVisible ? { rdvId: String(r._id) } : {}),
			...(organisations.has(organisationId) ? { organisationId } : {}),
			organisationName: described.organisationName,
			...(rdvVisible ? { motifId: String(r.motifId) } : {}),
			motifName: described.motifName,
			startsAt: r.startsAt.toISOString(),
			endsAt: r.endsAt.toISOString(),
			day,
			startTime,
			endTime
		};
		return { rdvId: String(r._id), warning };
	});
}

/** How many RDVs the message names; the warnings list them all. */
const NAMED_IN_MESSAGE = 3;

function needsConfirmation(warnings: AbsenceWarning[]): AbsenceFailure {
	const named = warnings.slice(0, NAMED_IN_MESSAGE).map((w) => w.message);
	const more = warnings.length - named.length;
	return {
		ok: false,
		code: 'needs_confirmation',
		message:
			`Cette indisponibilité chevauche ${warnings.length} RDV : ${named.join(' ; ')}` +
			`${more > 0 ? ` et ${more} autre${more > 1 ? 's' : ''}` : ''}. ` +
			'Les RDV ne sont pas annulés : confirmez pour enregistrer malgré tout.',
		warnings
	};
}

/**
 * Validates, then checks the RDVs the absence runs into: the save waits for a confirmation when there are
 * some (only those `known` did not already conflict with, for an edit).
 */
async function checkAndSave(
	actor: AgentPrincipal,
	doc: AbsenceDoc,
	options: AbsenceOptions,
	known: ReadonlySet<string> = new Set()
): Promise<AbsenceSaveResult> {
	const failure = await validated(doc);
	if (failure) return failure;
	const dto = dtoOf(doc);
	const warnings = (await conflictEntries(actor, dto, options.now ?? new Date()))
		.filter((c) => !known.has(c.rdvId))
		.map((c) => c.warning);
	if (warnings.length && !options.confirm) return needsConfirmation(warnings);
	await doc.save();
	return { ok: true, value: dtoOf(doc), warnings };
}

function publishChanged(dto: AbsenceDto, actor: AgentPrincipal) {
	return events.publish('absence.changed', { absenceId: dto.id, agentId: dto.agentId, actorAgentId: actor.id });
}

/** Current: not over yet (soonest first); past: over (latest first); all: both, latest first. */
export type AbsencePeriod = 'current' | 'past' | 'all';

/** An agent's indisponibilités (selected by agent: an equality). */
export async function listAbsences(
	actor: AgentPrincipal,
	agentId: string,
	options: { period?: AbsencePeriod; now?: Date } = {}
): Promise<AbsenceResult<AbsenceDto[]>> {
	const agent = await access(actor, agentId, 'see');
	if (isFailure(agent)) return agent.code === 'invalid' ? refusal('not_found', UNKNOWN_AGENT) : agent;
	const docs = await Absence.find({ agentId }).lean();
	return { ok: true, value: inPeriod(docs.map(toAbsenceDto), options) };
}

/** The absences of `period`, in its order. */
function inPeriod(list: AbsenceDto[], options: { period?: AbsencePeriod; now?: Date }): AbsenceDto[] {
	const period = options.period ?? 'all';
	const now = options.now ?? new Date();
	const listed = list
		.filter((a) => period === 'all' || isOver(a, now) === (period === 'past'))
		.sort((a, b) => compareDays(b.firstDay, a.firstDay) || b.startTime.localeCompare(a.startTime));
	return period === 'current' ? listed.reverse() : listed;
}

/**
 * The indisponibilités page of an organisation: its members whose agenda the actor sees there (for the filter),
 * and their absences of `period` (one agent's with `agentId`). Members in one query, then one equality per agent.
 */
export async function listOrganisationAbsences(
	actor: AgentPrincipal,
	organisationId: string,
	options: { agentId?: string; period?: AbsencePeriod; now?: Date } = {}
): Promise<{ agents: { id: string; firstName: string; lastName: string }[]; absences: AbsenceDto[] }> {
	const agents = (await listOrganisationAgents(organisationId))
		.filter((a) => canSeeAgenda(actor, { organisationId, agentId: a.id, agentServiceIds: a.serviceIds }))
		.map(({ id, firstName, lastName }) => ({ id, firstName, lastName }));
	const shown = options.agentId ? agents.filter((a) => a.id === options.agentId) : agents;
	const docs = await Promise.all(shown.map((a) => Absence.find({ agentId: a.id }).lean()));
	return { agents, absences: inPeriod(docs.flat().map(toAbsenceDto), options) };
}

export async function getAbsence(actor: AgentPrincipal, absenceId: string): Promise<AbsenceResult<AbsenceDto>> {
	const loaded = await loadAbsence(actor, absenceId, 'see');
	return isFailure(loaded) ? loaded : { ok: true, value: dtoOf(loaded.doc) };
}

/** The active RDVs of the absence's agent (any organisation) it runs into, from now over the next months. */
export async function listAbsenceConflicts(
	actor: AgentPrincipal,
	absenceId: string,
	options: { now?: Date } = {}
): Promise<AbsenceResult<AbsenceWarning[]>> {
	const loaded = await loadAbsence(actor, absenceId, 'see');
	if (isFailure(loaded)) return loaded;
	return { ok: true, value: await conflictsOf(actor, dtoOf(loaded.doc), options.now ?? new Date()) };
}

/**
 * Defence in depth: impossible or out-of-range days are refused before any computation, whoever calls (the API
 * and the forms refuse them first).
 */
function absenceDayErrors(input: Partial<Pick<AbsenceInput, 'firstDay' | 'endDay' | 'recurrence'>>) {
	const errors = dayFieldErrors({
		firstDay: input.firstDay,
		endDay: input.endDay,
		'recurrence.until': input.recurrence?.until
	});
	return Object.keys(errors).length ? invalid(errors) : null;
}

export async function createAbsence(
	actor: AgentPrincipal,
	input: AbsenceInput,
	options: AbsenceOptions = {}
): Promise<AbsenceSaveResult> {
	const badDays = absenceDayErrors(input);
	if (badDays) return badDays;
	const agent = await access(actor, input.agentId, 'edit');
	if (isFailure(agent)) return agent;
	const timeZone = await timeZoneFor(agent, options.organisationId);
	if (!timeZone) return invalid({ agentId: 'Cet agent n’appartient à aucune organisation.' });
	const doc = new Absence({ ...fieldsOf(input), agentId: input.agentId, timeZone });
	const saved = await checkAndSave(actor, doc, options);
	if (saved.ok) await publishChanged(saved.value, actor);
	return saved;
}

/**
 * The agent of an absence does not change: delete it and create another for someone else. Only RDVs the
 * change brings into the absence need a confirmation; those it already ran into were confirmed before (and
 * stay listed on its page).
 */
export async function updateAbsence(
	actor: AgentPrincipal,
	absenceId: string,
	changes: Partial<Omit<AbsenceInput, 'agentId'>>,
	options: Omit<AbsenceOptions, 'organisationId'> = {}
): Promise<AbsenceSaveResult> {
	const badDays = absenceDayErrors(changes);
	if (badDays) return badDays;
	const loaded = await loadAbsence(actor, absenceId, 'edit');
	if (isFailure(loaded)) return loaded;
	const { doc } = loaded;
	const before = await conflictEntries(actor, dtoOf(doc), options.now ?? new Date());
	doc.set(fieldsOf(changes, { firstDay: doc.firstDay }));
	if (changes.recurrence === null) doc.set('recurrence', undefined);
	const saved = await checkAndSave(actor, doc, options, new Set(before.map((w) => w.rdvId)));
	if (saved.ok) await publishChanged(saved.value, actor);
	return saved;
}

export async function deleteAbsence(actor: AgentPrincipal, absenceId: string): Promise<AbsenceResult<AbsenceDto>> {
	const loaded = await loadAbsence(actor, absenceId, 'edit');
	if (isFailure(loaded)) return loaded;
	const dto = dtoOf(loaded.doc);
	await Absence.deleteOne({ _id: loaded.doc._id });
	await publishChanged(dto, actor);
	return { ok: true, value: dto };
}
