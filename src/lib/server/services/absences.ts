/**
 * Indisponibilités (PRODUCT.md §3): agent-wide, they block every organisation of the agent. One day, several
 * days, or a single day that recurs. The agent manages its own; a colleague may when it can edit the agent's
 * agenda in an organisation they share.
 */
import mongoose, { isObjectIdOrHexString } from 'mongoose';
import { canEditAgenda, canSeeAgenda } from '../../domain/permissions.ts';
import type { Recurrence } from '../../domain/recurrence.ts';
import type { AgentPrincipal, TerritoryTimeZone } from '../../domain/types.ts';
import { Absence, type AbsenceDoc, type AbsenceFields } from '../db/models/absence.ts';
import { Agent } from '../db/models/agent.ts';
import { events } from '../events.ts';
import type { Lean } from './mappers.ts';
import { getOrganisation } from './organisations.ts';
import type { PlageRecurrenceDto } from './plages.ts';
import { invalid, opt } from './result.ts';

export interface AbsenceDto {
	id: string;
	agentId: string;
	title: string;
	firstDay: string;
	endDay: string;
	startTime: string;
	endTime: string;
	recurrence: PlageRecurrenceDto | null;
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

export type AbsenceFailure =
	| { ok: false; reason: 'not_found'; message: string }
	| { ok: false; reason: 'forbidden'; message: string }
	| { ok: false; reason: 'invalid'; message: string; errors: Record<string, string> };

export type AbsenceResult<T> = { ok: true; value: T } | AbsenceFailure;

export interface AbsenceOptions {
	/** The organisation the actor works from: its time zone is used for a new absence. */
	organisationId?: string;
}

const NOT_FOUND: AbsenceFailure = { ok: false, reason: 'not_found', message: 'Indisponibilité introuvable.' };
const FORBIDDEN: AbsenceFailure = {
	ok: false,
	reason: 'forbidden',
	message: 'Vous n’avez pas le droit de gérer les indisponibilités de cet agent.'
};

export function toAbsenceDto(a: Lean<AbsenceFields>): AbsenceDto {
	const r = a.recurrence;
	return {
		id: String(a._id),
		agentId: String(a.agentId),
		title: a.title,
		firstDay: a.firstDay,
		endDay: a.endDay,
		startTime: a.startTime,
		endTime: a.endTime,
		recurrence: r
			? {
					every: r.every,
					interval: r.interval ?? 1,
					weekdays: r.weekdays?.length ? [...r.weekdays] : undefined,
					until: opt(r.until)
				}
			: null,
		timeZone: a.timeZone,
		lastOccurrenceDay: opt(a.lastOccurrenceDay)
	};
}

const dtoOf = (doc: AbsenceDoc) => toAbsenceDto(doc.toObject() as Lean<AbsenceFields>);

interface TargetAgent {
	id: string;
	serviceIds: string[];
	organisationIds: string[];
}

async function loadAgent(agentId: string): Promise<TargetAgent | null> {
	if (!isObjectIdOrHexString(agentId)) return null;
	const agent = await Agent.findById(agentId, { serviceIds: 1, organisationIds: 1, deletedAt: 1 }).lean();
	if (!agent || agent.deletedAt) return null;
	return { id: agentId, serviceIds: agent.serviceIds.map(String), organisationIds: agent.organisationIds.map(String) };
}

/** The agent itself, or someone who may see/edit its agenda in one organisation they share. */
export function mayManageAbsences(actor: AgentPrincipal, agent: TargetAgent, mode: 'see' | 'edit'): boolean {
	if (actor.id === agent.id) return true;
	const check = mode === 'see' ? canSeeAgenda : canEditAgenda;
	return agent.organisationIds.some((organisationId) =>
		check(actor, { organisationId, agentId: agent.id, agentServiceIds: agent.serviceIds })
	);
}

async function access(
	actor: AgentPrincipal,
	agentId: string,
	mode: 'see' | 'edit'
): Promise<TargetAgent | AbsenceFailure> {
	const agent = await loadAgent(agentId);
	if (!agent) return invalid({ agentId: 'Agent introuvable.' });
	return mayManageAbsences(actor, agent, mode) ? agent : FORBIDDEN;
}

const isFailure = (v: unknown): v is AbsenceFailure =>
	typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

async function loadAbsence(
	actor: AgentPrincipal,
	absenceId: string,
	mode: 'see' | 'edit'
): Promise<{ doc: AbsenceDoc } | AbsenceFailure> {
	if (!isObjectIdOrHexString(absenceId)) return NOT_FOUND;
	const doc = await Absence.findById(absenceId);
	if (!doc) return NOT_FOUND;
	const agent = await access(actor, String(doc.agentId), mode);
	if (isFailure(agent)) return agent.reason === 'invalid' ? FORBIDDEN : agent;
	return { doc };
}

/** The zone wall-clock times are read in: the given organisation's, else the agent's first organisation's. */
async function timeZoneFor(agent: TargetAgent, organisationId?: string): Promise<TerritoryTimeZone | null> {
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
		out.recurrence = input.recurrence
			? {
					every: input.recurrence.every,
					interval: input.recurrence.interval || 1,
					...(input.recurrence.every === 'week' && input.recurrence.weekdays?.length
						? { weekdays: [...new Set(input.recurrence.weekdays)].sort() }
						: {}),
					...(opt(input.recurrence.until) ? { until: input.recurrence.until } : {})
				}
			: undefined;
	return out as Partial<AbsenceFields>;
}

async function saveChecked(doc: AbsenceDoc): Promise<AbsenceFailure | null> {
	try {
		await doc.validate();
	} catch (err) {
		if (!(err instanceof mongoose.Error.ValidationError)) throw err;
		return invalid(Object.fromEntries(Object.entries(err.errors).map(([path, e]) => [path, e.message])));
	}
	await doc.save();
	return null;
}

function publishChanged(dto: AbsenceDto, actor: AgentPrincipal) {
	return events.publish('absence.changed', { absenceId: dto.id, agentId: dto.agentId, actorAgentId: actor.id });
}

/** One agent's absences (selected by agent: an equality), most recent first. */
export async function listAbsences(actor: AgentPrincipal, agentId: string): Promise<AbsenceResult<AbsenceDto[]>> {
	const agent = await access(actor, agentId, 'see');
	if (isFailure(agent)) return agent.reason === 'invalid' ? NOT_FOUND : agent;
	const docs = await Absence.find({ agentId }).lean();
	return {
		ok: true,
		value: docs.map(toAbsenceDto).sort((a, b) => b.firstDay.localeCompare(a.firstDay))
	};
}

export async function getAbsence(actor: AgentPrincipal, absenceId: string): Promise<AbsenceResult<AbsenceDto>> {
	const loaded = await loadAbsence(actor, absenceId, 'see');
	return isFailure(loaded) ? loaded : { ok: true, value: dtoOf(loaded.doc) };
}

export async function createAbsence(
	actor: AgentPrincipal,
	input: AbsenceInput,
	options: AbsenceOptions = {}
): Promise<AbsenceResult<AbsenceDto>> {
	const agent = await access(actor, input.agentId, 'edit');
	if (isFailure(agent)) return agent;
	const timeZone = await timeZoneFor(agent, options.organisationId);
	if (!timeZone) return invalid({ agentId: 'Cet agent n’appartient à aucune organisation.' });
	const doc = new Absence({ ...fieldsOf(input), agentId: input.agentId, timeZone });
	const failure = await saveChecked(doc);
	if (failure) return failure;
	const dto = dtoOf(doc);
	await publishChanged(dto, actor);
	return { ok: true, value: dto };
}

/** The agent of an absence does not change: delete it and create another for someone else. */
export async function updateAbsence(
	actor: AgentPrincipal,
	absenceId: string,
	changes: Partial<Omit<AbsenceInput, 'agentId'>>
): Promise<AbsenceResult<AbsenceDto>> {
	const loaded = await loadAbsence(actor, absenceId, 'edit');
	if (isFailure(loaded)) return loaded;
	const { doc } = loaded;
	doc.set(fieldsOf(changes, { firstDay: doc.firstDay }));
	if (changes.recurrence === null) doc.set('recurrence', undefined);
	const failure = await saveChecked(doc);
	if (failure) return failure;
	const dto = dtoOf(doc);
	await publishChanged(dto, actor);
	return { ok: true, value: dto };
}

export async function deleteAbsence(actor: AgentPrincipal, absenceId: string): Promise<AbsenceResult<AbsenceDto>> {
	const loaded = await loadAbsence(actor, absenceId, 'edit');
	if (isFailure(loaded)) return loaded;
	const dto = dtoOf(loaded.doc);
	await Absence.deleteOne({ _id: loaded.doc._id });
	await publishChanged(dto, actor);
	return { ok: true, value: dto };
}
