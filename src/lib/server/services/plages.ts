/**
 * Plages d'ouverture: CRUD, per-occurrence edits and "this and the following ones" (PRODUCT.md §3). Every path
 * checks the agenda permission of the plage's agent, validates motifs and lieu against the organisation, and
 * returns warnings (overlap, motif too long) that block the write until the caller confirms them.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { canEditAgenda, canSeeAgenda, canSeeMotif } from '../../domain/permissions.ts';
import {
	findOverlaps,
	motifsTooLong,
	shownPlageTitle,
	type CandidatePlage,
	type OtherPlage,
	type PlageWarning
} from '../../domain/plage-checks.ts';
import {
	cancelOccurrence as cancelInSeries,
	overrideOccurrence as overrideInSeries,
	pruneExceptions,
	restoreOccurrence as restoreInSeries,
	splitSeries,
	type OccurrenceException,
	type Recurrence,
	type Series
} from '../../domain/recurrence.ts';
import { closingHoliday } from '../../domain/holidays.ts';
import { dayError, dayFieldErrors } from '../../domain/calendar-day.ts';
import { addDays, compareDays, localDay } from '../../domain/local-time.ts';
import { shownOccurrences, type ShownOccurrence } from '../../domain/plage-occurrences.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif } from '../db/models/motif.ts';
import { PlageOuverture, type PlageOuvertureDoc, type PlageOuvertureFields } from '../db/models/plage-ouverture.ts';
import { events } from '../events.ts';
import { isOver, loadAgendaAgent, normaliseRecurrence, recurrenceDto } from './agenda-entries.ts';
import type { AgendaAgent, RecurrenceDto } from './agenda-entries.ts';
import { isFailure, refusal, schemaErrors, type AgendaEntryFailure, type ConfirmOptions } from './entry-refusals.ts';
import type { Lean } from './mappers.ts';
import { getOrganisation, listOrganisationAgents } from './organisations.ts';
import { invalid, opt } from './result.ts';

export type { PlageWarning } from '../../domain/plage-checks.ts';

export interface PlageExceptionDto {
	day: string;
	cancelled: boolean;
	startTime?: string;
	endTime?: string;
	lieuId?: string;
}

export interface PlageDto {
	id: string;
	organisationId: string;
	agentId: string;
	title: string;
	lieuId?: string;
	motifIds: string[];
	firstDay: string;
	startTime: string;
	endTime: string;
	recurrence: RecurrenceDto | null;
	exceptions: PlageExceptionDto[];
	timeZone: string;
	/** Absent for an endless series. */
	lastOccurrenceDay?: string;
}

/** What a form or an API client gives for a plage. */
export interface PlageInput {
	agentId: string;
	title: string;
	lieuId?: string | null;
	motifIds: string[];
	firstDay: string;
	startTime: string;
	endTime: string;
	recurrence?: Recurrence | null;
}

/** Changes of one occurrence, or of a series from one occurrence on (the agent stays). */
export type PlageChanges = Partial<Omit<PlageInput, 'agentId'>>;

export type PlageFailure = AgendaEntryFailure<PlageWarning>;

export type PlageResult<T> = { ok: true; value: T; warnings: PlageWarning[] } | PlageFailure;

export interface PlageOptions extends ConfirmOptions {
	/** When given, a plage of another organisation is reported as not found. */
	organisationId?: string;
}

const NOT_FOUND = refusal('not_found', 'Plage d’ouverture introuvable.');
const FORBIDDEN = refusal('forbidden', 'Vous n’avez pas le droit de modifier l’agenda de cet agent.');

export function toPlageDto(p: Lean<PlageOuvertureFields>): PlageDto {
	return {
		id: String(p._id),
		organisationId: String(p.organisationId),
		agentId: String(p.agentId),
		title: p.title,
		lieuId: p.lieuId ? String(p.lieuId) : undefined,
		motifIds: p.motifIds.map(String),
		firstDay: p.firstDay,
		startTime: p.startTime,
		endTime: p.endTime,
		recurrence: recurrenceDto(p.recurrence),
		exceptions: (p.exceptions ?? []).map((e) => ({
			day: e.day,
			cancelled: e.cancelled ?? false,
			startTime: opt(e.startTime),
			endTime: opt(e.endTime),
			lieuId: e.lieuId ? String(e.lieuId) : undefined
		})),
		timeZone: p.timeZone,
		lastOccurrenceDay: opt(p.lastOccurrenceDay)
	};
}

const dtoOf = (doc: PlageOuvertureDoc) => toPlageDto(doc.toObject() as Lean<PlageOuvertureFields>);

/** The plain series of a plage, for the recurrence functions. */
function seriesOf(dto: PlageDto): Series & { timeZone: string } {
	return {
		firstDay: dto.firstDay,
		startTime: dto.startTime,
		endTime: dto.endTime,
		recurrence: dto.recurrence,
		exceptions: dto.exceptions,
		lieuId: dto.lieuId ?? null,
		timeZone: dto.timeZone
	};
}

// ---- Permission ----

async function agendaAccess(
	actor: AgentPrincipal,
	organisationId: string,
	agentId: string,
	mode: 'see' | 'edit'
): Promise<AgendaAgent | PlageFailure> {
	const agent = await loadAgendaAgent(agentId);
	if (!agent || !agent.organisationIds.includes(organisationId))
		return invalid({ agentId: 'Cet agent n’est pas membre de l’organisation.' });
	const target = { organisationId, agentId, agentServiceIds: agent.serviceIds };
	const allowed = mode === 'see' ? canSeeAgenda(actor, target) : canEditAgenda(actor, target);
	return allowed ? agent : FORBIDDEN;
}

/**
 * The plage document, provided the actor may see (or edit) its agenda. A plage out of the actor's sight (another
 * organisation, an agenda it may not see) is answered like an unknown one: a 403 would tell that it exists.
 */
async function loadPlage(
	actor: AgentPrincipal,
	plageId: string,
	mode: 'see' | 'edit',
	options: PlageOptions
): Promise<{ doc: PlageOuvertureDoc; agent: AgendaAgent } | PlageFailure> {
	if (!isObjectIdOrHexString(plageId)) return NOT_FOUND;
	const doc = await PlageOuverture.findById(plageId);
	if (!doc) return NOT_FOUND;
	const organisationId = String(doc.organisationId);
	if (options.organisationId && options.organisationId !== organisationId) return NOT_FOUND;
	const agentId = String(doc.agentId);
	const agent = await loadAgendaAgent(agentId);
	const target = { organisationId, agentId, agentServiceIds: agent?.serviceIds ?? [] };
	if (!canSeeAgenda(actor, target)) return NOT_FOUND;
	if (mode === 'edit' && !canEditAgenda(actor, target)) return FORBIDDEN;
	// The agent left the organisation since (its plages there normally go with it): refused, as before.
	if (!agent || !agent.organisationIds.includes(organisationId)) return FORBIDDEN;
	return { doc, agent };
}

// ---- Validation and warnings ----

/**
 * Motifs and lieu must be of the organisation; a lieu is required when a motif is on site. A motif the actor
 * may not see (another organisation's, or another service's that is not the agent's either) reads as unknown:
 * the refusal must not tell that it exists.
 */
async function checkMotifsAndLieu(
	actor: AgentPrincipal,
	organisationId: string,
	agent: AgendaAgent,
	input: { motifIds: string[]; lieuId?: string | null; startTime: string; endTime: string }
): Promise<{ errors: Record<string, string>; motifs: { id: string; name: string; durationMinutes: number }[] }> {
	const errors: Record<string, string> = {};
	const ids = [...new Set(input.motifIds)];
	if (ids.length === 0) errors.motifIds = 'Choisissez au moins un motif.';
	const valid = ids.filter((id) => isObjectIdOrHexString(id));
	const found = valid.length ? await Motif.find({ organisationId, _id: { $in: valid } }).lean() : [];
	const motifs = found.filter(
		(m) =>
			agent.serviceIds.includes(String(m.serviceId)) ||
			canSeeMotif(actor, { organisationId, serviceId: String(m.serviceId) })
	);
	if (ids.length && motifs.length !== ids.length) errors.motifIds = 'Un des motifs choisis n’existe pas ici.';
	else if (motifs.some((m) => m.deletedAt)) errors.motifIds = 'Un des motifs choisis a été supprimé.';
	else if (motifs.some((m) => m.collective))
		errors.motifIds = 'Les motifs collectifs ne se réservent pas sur une plage d’ouverture.';
	else if (motifs.some((m) => !agent.serviceIds.includes(String(m.serviceId))))
		errors.motifIds = 'Chaque motif doit relever d’un service de l’agent.';

	const lieuId = opt(input.lieuId);
	if (lieuId) {
		const lieu = isObjectIdOrHexString(lieuId) ? await Lieu.findOne({ _id: lieuId, organisationId }).lean() : null;
		if (!lieu || lieu.availability === 'single_use') errors.lieuId = 'Ce lieu n’existe pas dans l’organisation.';
		else if (lieu.availability === 'disabled') errors.lieuId = 'Ce lieu est désactivé.';
	} else if (motifs.some((m) => m.locationType === 'public_office')) {
		errors.lieuId = 'Choisissez un lieu : au moins un motif se déroule sur place.';
	}
	return {
		errors,
		motifs: motifs.map((m) => ({ id: String(m._id), name: m.name, durationMinutes: m.durationMinutes }))
	};
}

/** The agent's other plages, in every organisation (selected by agent: an equality). */
async function otherPlages(agentId: string, excludeIds: string[]): Promise<OtherPlage[]> {
	const docs = await PlageOuverture.find({ agentId }).lean();
	return docs
		.filter((d) => !excludeIds.includes(String(d._id)))
		.map((d) => {
			const dto = toPlageDto(d);
			return { ...seriesOf(dto), id: dto.id, organisationId: dto.organisationId, title: dto.title };
		});
}

async function warningsFor(
	series: CandidatePlage,
	agentId: string,
	motifs: { id: string; name: string; durationMinutes: number }[],
	excludeIds: string[],
	now: Date
): Promise<PlageWarning[]> {
	const today = localDay(now, series.timeZone);
	return [
		...findOverlaps(series, await otherPlages(agentId, excludeIds), today),
		...motifsTooLong(series.startTime, series.endTime, motifs)
	];
}

const needsConfirmation = (warnings: PlageWarning[]): PlageFailure => ({
	ok: false,
	code: 'needs_confirmation',
	message:
		warnings.length > 1
			? `${warnings.length} avertissements : confirmez pour enregistrer malgré tout.`
			: `${warnings[0]?.message ?? ''} Confirmez pour enregistrer malgré tout.`,
	warnings
});

/**
 * Validates a plage document about to be saved (schema, motifs, lieu), then its warnings. Null when it may be
 * saved; the warnings are returned either way.
 */
async function check(
	actor: AgentPrincipal,
	doc: PlageOuvertureDoc,
	agent: AgendaAgent,
	excludeIds: string[],
	options: PlageOptions
): Promise<{ failure: PlageFailure | null; warnings: PlageWarning[] }> {
	const dto = dtoOf(doc);
	const refs = await checkMotifsAndLieu(actor, dto.organisationId, agent, dto);
	const errors = { ...(await schemaErrors(doc)), ...refs.errors };
	if (Object.keys(errors).length) return { failure: invalid(errors), warnings: [] };
	const candidate = { ...seriesOf(dto), organisationId: dto.organisationId };
	const warnings = await warningsFor(candidate, agent.id, refs.motifs, excludeIds, options.now ?? new Date());
	return { failure: warnings.length && !options.confirm ? needsConfirmation(warnings) : null, warnings };
}

function publishChanged(dto: PlageDto, actor: AgentPrincipal) {
	return events.publish('plage.changed', {
		plageId: dto.id,
		organisationId: dto.organisationId,
		agentId: dto.agentId,
		actorAgentId: actor.id
	});
}

/** Writes the checked document, then tells the plage's agenda. */
async function saveAndPublish(
	actor: AgentPrincipal,
	doc: PlageOuvertureDoc,
	warnings: PlageWarning[]
): Promise<{ ok: true; value: PlageDto; warnings: PlageWarning[] }> {
	await doc.save();
	const dto = dtoOf(doc);
	await publishChanged(dto, actor);
	return { ok: true, value: dto, warnings };
}

/** Input fields as the model stores them (recurrence left unset rather than null). */
function fieldsOf(input: PlageChanges): Partial<PlageOuvertureFields> {
	const out: Record<string, unknown> = {};
	if (input.title !== undefined) out.title = input.title;
	if (input.lieuId !== undefined) out.lieuId = opt(input.lieuId);
	if (input.motifIds !== undefined) out.motifIds = input.motifIds.filter((id) => isObjectIdOrHexString(id));
	if (input.firstDay !== undefined) out.firstDay = input.firstDay;
	if (input.startTime !== undefined) out.startTime = input.startTime;
	if (input.endTime !== undefined) out.endTime = input.endTime;
	if (input.recurrence !== undefined)
		out.recurrence = input.recurrence ? normaliseRecurrence(input.recurrence) : undefined;
	return out as Partial<PlageOuvertureFields>;
}

/** Exceptions whose day left the series (first day or rule changed) are dropped. */
function pruneDoc(doc: PlageOuvertureDoc): void {
	const pruned = pruneExceptions(seriesOf(dtoOf(doc)));
	if ((pruned.exceptions ?? []).length !== doc.exceptions.length) doc.set('exceptions', pruned.exceptions);
}

// ---- Reading ----

/**
 * The organisation's plages the actor may see (optionally one agent's), current or expired, sorted by first
 * day. Selected by organisation (and agent): equalities.
 */
export async function listPlages(
	actor: AgentPrincipal,
	organisationId: string,
	options: { agentId?: string; expired: boolean; now?: Date }
): Promise<PlageDto[]> {
	if (!isObjectIdOrHexString(organisationId)) return [];
	if (options.agentId !== undefined && !isObjectIdOrHexString(options.agentId)) return [];
	const filter = options.agentId ? { organisationId, agentId: options.agentId } : { organisationId };
	const docs = await PlageOuverture.find(filter).lean();
	const agentIds = [...new Set(docs.map((d) => String(d.agentId)))];
	const agents = await Promise.all(agentIds.map((id) => loadAgendaAgent(id)));
	const visible = new Set(
		agents
			.filter((a): a is AgendaAgent => !!a)
			.filter((a) => canSeeAgenda(actor, { organisationId, agentId: a.id, agentServiceIds: a.serviceIds }))
			.map((a) => a.id)
	);
	const now = options.now ?? new Date();
	return docs
		.map(toPlageDto)
		.filter((p) => visible.has(p.agentId) && isOver(p, now) === options.expired)
		.sort((a, b) => compareDays(a.firstDay, b.firstDay) || a.startTime.localeCompare(b.startTime));
}

export async function getPlage(
	actor: AgentPrincipal,
	plageId: string,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const loaded = await loadPlage(actor, plageId, 'see', options);
	if (isFailure(loaded)) return loaded;
	return { ok: true, value: dtoOf(loaded.doc), warnings: [] };
}

/** Whether the actor may change this plage (for showing or hiding the edit controls). */
export async function canEditPlage(actor: AgentPrincipal, plage: PlageDto): Promise<boolean> {
	const agent = await agendaAccess(actor, plage.organisationId, plage.agentId, 'edit');
	return !isFailure(agent);
}

/** A month view shows six weeks; the calendar preview never asks for more than this. */
export const PLAGE_CALENDAR_MAX_DAYS = 62;

/** One occurrence in a plage's calendar preview: of the plage itself, or of another plage of its agent. */
export interface PlageCalendarEntry extends ShownOccurrence {
	plageId: string;
	/** Withheld (OTHER_ORGANISATION_PLAGE of domain/plage-checks.ts) for a plage of another organisation. */
	title: string;
	timeZone: string;
	/** This plage (false: another plage of the same agent, shown for context). */
	own: boolean;
	/** The public holiday that closes the agendas that day (its organisation's territory): no slot then. */
	holiday?: string;
}

/**
 * The plage's occurrences within [from, to) (cancelled ones flagged) and, for context, the other plages of its
 * agent in every organisation (cancelled occurrences left out: they do not occupy the agent). Selected by id,
 * then by agent: equalities.
 */
export async function plageCalendar(
	actor: AgentPrincipal,
	plageId: string,
	range: { from: string; to: string },
	options: PlageOptions = {}
): Promise<PlageResult<{ plage: PlageDto; occurrences: PlageCalendarEntry[] }>> {
	const errors: Record<string, string> = {};
	for (const field of ['from', 'to'] as const) {
		const message = dayError(range[field]);
		if (message) errors[field] = message;
	}
	if (Object.keys(errors).length) return invalid(errors);
	if (compareDays(range.to, range.from) <= 0) errors.to = 'La date de fin doit suivre la date de début.';
	else if (compareDays(addDays(range.from, PLAGE_CALENDAR_MAX_DAYS), range.to) < 0)
		errors.to = `La période demandée dépasse ${PLAGE_CALENDAR_MAX_DAYS} jours.`;
	if (Object.keys(errors).length) return invalid(errors);

	const loaded = await loadPlage(actor, plageId, 'see', options);
	if (isFailure(loaded)) return loaded;
	const plage = dtoOf(loaded.doc);
	const entries = (p: OtherPlage, own: boolean): PlageCalendarEntry[] =>
		shownOccurrences(p, range.from, range.to)
			.filter((o) => own || !o.cancelled)
			.map((o) => ({
				...o,
				plageId: p.id,
				title: shownPlageTitle(p, plage.organisationId),
				timeZone: p.timeZone,
				own
			}));
	const own = { ...seriesOf(plage), id: plage.id, organisationId: plage.organisationId, title: plage.title };
	const others = await otherPlages(plage.agentId, [plage.id]);
	const listed = [...entries(own, true), ...others.flatMap((p) => entries(p, false))];
	// Holidays per organisation: the agent's other plages may be in another territory.
	const organisationOf = new Map([own, ...others].map((p) => [p.id, p.organisationId]));
	const territories = new Map(
		await Promise.all([...new Set(organisationOf.values())].map(async (id) => [id, await getOrganisation(id)] as const))
	);
	const occurrences = listed.map((o) => {
		const territory = territories.get(organisationOf.get(o.plageId) ?? '');
		const holiday = territory ? closingHoliday(territory, o.day)?.name : undefined;
		return holiday ? { ...o, holiday } : o;
	});
	return { ok: true, value: { plage, occurrences }, warnings: [] };
}

// ---- Writing ----

export async function createPlage(
	actor: AgentPrincipal,
	organisationId: string,
	input: PlageInput,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const badDay = dayRefusal({ firstDay: input.firstDay, 'recurrence.until': input.recurrence?.until });
	if (badDay) return badDay;
	const organisation = await getOrganisation(organisationId);
	if (!organisation) return { ok: false, code: 'not_found', message: 'Organisation introuvable.' };
	const agent = await agendaAccess(actor, organisationId, input.agentId, 'edit');
	if (isFailure(agent)) return agent;
	const doc = new PlageOuverture({
		...fieldsOf(input),
		organisationId,
		agentId: input.agentId,
		exceptions: [],
		timeZone: organisation.timeZone
	});
	const { failure, warnings } = await check(actor, doc, agent, [], options);
	if (failure) return failure;
	return saveAndPublish(actor, doc, warnings);
}

/** Changes the whole series (and possibly its agent, when the actor may edit both agendas). */
export async function updatePlage(
	actor: AgentPrincipal,
	plageId: string,
	changes: Partial<PlageInput>,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const badDay = dayRefusal({ firstDay: changes.firstDay, 'recurrence.until': changes.recurrence?.until });
	if (badDay) return badDay;
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	const { doc } = loaded;
	let agent = loaded.agent;
	const previousAgentId = String(doc.agentId);
	if (changes.agentId !== undefined && changes.agentId !== previousAgentId) {
		const next = await agendaAccess(actor, String(doc.organisationId), changes.agentId, 'edit');
		if (isFailure(next)) return next;
		agent = next;
		doc.set('agentId', changes.agentId);
	}
	doc.set(fieldsOf(changes));
	if (changes.recurrence === null) doc.set('recurrence', undefined);
	pruneDoc(doc);
	const { failure, warnings } = await check(actor, doc, agent, [plageId], options);
	if (failure) return failure;
	const saved = await saveAndPublish(actor, doc, warnings);
	// The former agent's agenda loses the plage: its viewers hear of it too.
	if (previousAgentId !== saved.value.agentId)
		await publishChanged({ ...saved.value, agentId: previousAgentId }, actor);
	return saved;
}

/** A new plage from an existing one (exceptions left behind), with optional changes, e.g. another agent. */
export async function duplicatePlage(
	actor: AgentPrincipal,
	plageId: string,
	changes: Partial<PlageInput> = {},
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const loaded = await loadPlage(actor, plageId, 'see', options);
	if (isFailure(loaded)) return loaded;
	const source = dtoOf(loaded.doc);
	return createPlage(
		actor,
		source.organisationId,
		{
			agentId: source.agentId,
			title: source.title,
			lieuId: source.lieuId ?? null,
			motifIds: source.motifIds,
			firstDay: source.firstDay,
			startTime: source.startTime,
			endTime: source.endTime,
			recurrence: source.recurrence,
			...changes
		},
		options
	);
}

export async function deletePlage(
	actor: AgentPrincipal,
	plageId: string,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	const dto = dtoOf(loaded.doc);
	await PlageOuverture.deleteOne({ _id: loaded.doc._id });
	await publishChanged(dto, actor);
	return { ok: true, value: dto, warnings: [] };
}

// ---- One occurrence ----

/**
 * Defence in depth for the occurrence edits: the API and the forms refuse impossible or out-of-range days, and
 * so does the service, before any computation (day arithmetic would roll 2027-02-30 over to 1 March).
 */
function dayRefusal(days: Record<string, string | null | undefined>): PlageFailure | null {
	const errors = dayFieldErrors(days);
	return Object.keys(errors).length ? invalid(errors) : null;
}

function setExceptions(doc: PlageOuvertureDoc, exceptions: OccurrenceException[] | null | undefined) {
	doc.set(
		'exceptions',
		(exceptions ?? []).map((e) => ({
			day: e.day,
			cancelled: e.cancelled ?? false,
			...(e.startTime ? { startTime: e.startTime } : {}),
			...(e.endTime ? { endTime: e.endTime } : {}),
			...(e.lieuId ? { lieuId: e.lieuId } : {})
		}))
	);
}

async function saveExceptions(
	actor: AgentPrincipal,
	doc: PlageOuvertureDoc,
	exceptions: OccurrenceException[] | null | undefined,
	warnings: PlageWarning[]
): Promise<PlageResult<PlageDto>> {
	setExceptions(doc, exceptions);
	return saveAndPublish(actor, doc, warnings);
}

export async function cancelOccurrence(
	actor: AgentPrincipal,
	plageId: string,
	day: string,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const badDay = dayRefusal({ day });
	if (badDay) return badDay;
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	const result = cancelInSeries(seriesOf(dtoOf(loaded.doc)), day);
	if (!result.ok) return invalid({ day: result.error.message });
	return saveExceptions(actor, loaded.doc, result.value.exceptions, []);
}

/** Brings a cancelled or changed occurrence back to the series' values. */
export async function restoreOccurrence(
	actor: AgentPrincipal,
	plageId: string,
	day: string,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const badDay = dayRefusal({ day });
	if (badDay) return badDay;
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	return saveExceptions(actor, loaded.doc, restoreInSeries(seriesOf(dtoOf(loaded.doc)), day).exceptions, []);
}

export async function overrideOccurrence(
	actor: AgentPrincipal,
	plageId: string,
	day: string,
	change: { startTime?: string; endTime?: string; lieuId?: string | null },
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto>> {
	const badDay = dayRefusal({ day });
	if (badDay) return badDay;
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	const { doc, agent } = loaded;
	const dto = dtoOf(doc);
	const result = overrideInSeries(seriesOf(dto), day, {
		startTime: change.startTime,
		endTime: change.endTime,
		lieuId: opt(change.lieuId)
	});
	if (!result.ok) return invalid({ [result.error.code === 'invalid_time' ? 'endTime' : 'day']: result.error.message });
	const occurrence = result.value.exceptions?.find((e) => e.day === day);
	const startTime = occurrence?.startTime ?? dto.startTime;
	const endTime = occurrence?.endTime ?? dto.endTime;
	const refs = await checkMotifsAndLieu(actor, dto.organisationId, agent, {
		motifIds: dto.motifIds,
		lieuId: occurrence?.lieuId ?? dto.lieuId,
		startTime,
		endTime
	});
	if (refs.errors.lieuId) return invalid({ lieuId: refs.errors.lieuId });
	const single = {
		firstDay: day,
		startTime,
		endTime,
		recurrence: null,
		timeZone: dto.timeZone,
		organisationId: dto.organisationId
	};
	const warnings = await warningsFor(single, agent.id, refs.motifs, [plageId], options.now ?? new Date());
	if (warnings.length && !options.confirm) return needsConfirmation(warnings);
	return saveExceptions(actor, doc, result.value.exceptions, warnings);
}

// ---- This occurrence and the following ones ----

/**
 * Applies `changes` from the occurrence `day` on: the series is split, the existing document keeps the earlier
 * occurrences and a new document holds the rest. Without transactions, the two writes are ordered so that a
 * failure of the second one restores the first (nothing half-written stays). When `day` is the first day, the
 * whole series changes in place.
 */
export async function editFollowing(
	actor: AgentPrincipal,
	plageId: string,
	day: string,
	changes: PlageChanges,
	options: PlageOptions = {}
): Promise<PlageResult<{ before: PlageDto | null; after: PlageDto }>> {
	const badDay = dayRefusal({ day, firstDay: changes.firstDay, 'recurrence.until': changes.recurrence?.until });
	if (badDay) return badDay;
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	const { doc, agent } = loaded;
	const original = dtoOf(doc);
	const split = splitSeries(seriesOf(original), day, seriesChanges(changes));
	if (!split.ok)
		return invalid({
			[split.error.code === 'invalid_time' ? 'endTime' : split.error.code === 'invalid_split' ? 'firstDay' : 'day']:
				split.error.message
		});
	const { before, after } = split.value;

	if (!before) {
		const updated = await updatePlage(actor, plageId, { ...changes, firstDay: after.firstDay }, options);
		return updated.ok ? { ...updated, value: { before: null, after: updated.value } } : updated;
	}

	const afterDoc = new PlageOuverture({
		organisationId: original.organisationId,
		agentId: original.agentId,
		timeZone: original.timeZone,
		title: changes.title ?? original.title,
		lieuId: changes.lieuId !== undefined ? opt(changes.lieuId) : original.lieuId,
		motifIds: changes.motifIds ?? original.motifIds,
		firstDay: after.firstDay,
		startTime: after.startTime,
		endTime: after.endTime,
		recurrence: after.recurrence ? normaliseRecurrence(after.recurrence) : undefined
	});
	setExceptions(afterDoc, after.exceptions);
	const { failure, warnings } = await check(actor, afterDoc, agent, [plageId], options);
	if (failure) return failure;

	const snapshot = { recurrence: doc.toObject().recurrence, exceptions: doc.toObject().exceptions };
	doc.set('recurrence', before.recurrence ? normaliseRecurrence(before.recurrence) : undefined);
	setExceptions(doc, before.exceptions);
	await doc.save();
	try {
		await afterDoc.save();
	} catch (err) {
		doc.set('recurrence', snapshot.recurrence);
		doc.set('exceptions', snapshot.exceptions);
		await doc.save();
		throw err;
	}
	const result = { before: dtoOf(doc), after: dtoOf(afterDoc) };
	await publishChanged(result.before, actor);
	await publishChanged(result.after, actor);
	return { ok: true, value: result, warnings };
}

/** The series fields splitSeries applies (the others are document fields set on the new plage directly). */
function seriesChanges(changes: PlageChanges): Partial<Series & { timeZone: string }> {
	const out: Partial<Series> = {};
	if (changes.firstDay !== undefined) out.firstDay = changes.firstDay;
	if (changes.startTime !== undefined) out.startTime = changes.startTime;
	if (changes.endTime !== undefined) out.endTime = changes.endTime;
	if (changes.recurrence !== undefined) out.recurrence = changes.recurrence;
	if (changes.lieuId !== undefined) out.lieuId = opt(changes.lieuId) ?? null;
	return out;
}

/**
 * Cancels the occurrence `day` and every later one: the series ends the day before (or is deleted when `day`
 * is its first day).
 */
export async function cancelFollowing(
	actor: AgentPrincipal,
	plageId: string,
	day: string,
	options: PlageOptions = {}
): Promise<PlageResult<PlageDto | null>> {
	const badDay = dayRefusal({ day });
	if (badDay) return badDay;
	const loaded = await loadPlage(actor, plageId, 'edit', options);
	if (isFailure(loaded)) return loaded;
	const { doc } = loaded;
	const split = splitSeries(seriesOf(dtoOf(doc)), day);
	if (!split.ok) return invalid({ day: split.error.message });
	const { before } = split.value;
	if (!before) {
		const deleted = await deletePlage(actor, plageId, options);
		return deleted.ok ? { ...deleted, value: null } : deleted;
	}
	doc.set('recurrence', before.recurrence ? normaliseRecurrence(before.recurrence) : undefined);
	return saveExceptions(actor, doc, before.exceptions, []);
}

// ---- Form choices ----

export interface PlageFormOptions {
	/** Agents whose agenda the actor may edit, the actor first. */
	agents: { id: string; firstName: string; lastName: string; serviceIds: string[] }[];
	lieux: { id: string; name: string; address: string }[];
	/** Individual, not deleted motifs of the organisation. */
	motifs: { id: string; name: string; serviceId: string; locationType: string; durationMinutes: number }[];
}

/** What the plage form offers; selected by organisation (equalities). */
export async function plageFormOptions(actor: AgentPrincipal, organisationId: string): Promise<PlageFormOptions> {
	if (!isObjectIdOrHexString(organisationId)) return { agents: [], lieux: [], motifs: [] };
	const [members, lieux, motifs] = await Promise.all([
		listOrganisationAgents(organisationId),
		Lieu.find({ organisationId, availability: 'enabled' }).lean(),
		Motif.find({ organisationId }).lean()
	]);
	const agents = members
		.filter((a) => canEditAgenda(actor, { organisationId, agentId: a.id, agentServiceIds: a.serviceIds }))
		.map(({ id, firstName, lastName, serviceIds }) => ({ id, firstName, lastName, serviceIds }));
	agents.sort((a, b) => Number(b.id === actor.id) - Number(a.id === actor.id));
	return {
		agents,
		lieux: lieux
			.map((l) => ({ id: String(l._id), name: l.name, address: l.address }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		motifs: motifs
			.filter((m) => !m.deletedAt && !m.collective)
			.map((m) => ({
				id: String(m._id),
				name: m.name,
				serviceId: String(m.serviceId),
				locationType: m.locationType,
				durationMinutes: m.durationMinutes
			}))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr'))
	};
}
