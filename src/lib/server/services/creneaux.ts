/**
 * Créneaux: loads what the slot engine needs from the database, then asks the pure engine (domain/slots.ts).
 *
 * Every query selects with an equality FerretDB pushes down to PostgreSQL (ARCHITECTURE.md):
 * - the motif, organisation and territory by id;
 * - plages by organisation + "motifIds contains the motif" (plages are few and never grow with time much);
 * - absences by agent;
 * - the agents' busy time (their active RDVs in ANY organisation): searches read the AgentBusyWeek read model,
 *   one packed document per agent and ISO week selected by 'organisationId:week' (db/busy-time.ts) — FerretDB
 *   decodes documents one by one, so 50 packed weeks cost milliseconds where 5,000 RDVs cost seconds. Booking
 *   checks (loadAvailabilityInput) read the RDVs themselves, the truth, over a few days around the booked time.
 * The scan ahead loads week chunks and stops at the first chunk with a slot.
 */
import { isObjectIdOrHexString } from 'mongoose';
import type {
	CollectiveSessionDto,
	CreneauDto,
	CreneauxAgentDto,
	CreneauxEmptyReason,
	CreneauxLieuDto,
	CreneauxSearchDto,
	LieuAvailabilityDto,
	MergedCreneauDto,
	NextCreneauDto,
	OtherOrganisationAvailabilityDto,
	OtherOrganisationsSearchDto
} from '../../domain/dto.ts';
import type { BookingInput } from '../../domain/booking-rules.ts';
import { candidateWeeks, agentWeekKeys, weeksOfDays } from '../../domain/calendar-keys.ts';
import { closingHolidaysBetween } from '../../domain/holidays.ts';
import { daysBetween, localDay } from '../../domain/local-time.ts';
import { canSeeAgenda, canSeeMotif } from '../../domain/permissions.ts';
import type { Recurrence } from '../../domain/recurrence.ts';
import {
	bookingWindow,
	findCollectiveSessions,
	findSlots,
	mergeSlotsByTime,
	NEXT_AVAILABILITY_MONTHS,
	type AbsenceInput,
	type Audience,
	type CollectiveSession,
	type CollectiveSessionInput,
	type MergedSlot,
	type PlageInput,
	type RdvInput,
	type Slot
} from '../../domain/slots.ts';
import { normalizeText } from '../../domain/text-keys.ts';
import { dayError } from '../../domain/calendar-day.ts';
import { addDays, addMonths, compareDays, dayRangeToInstants, instantToZoned } from '../../domain/time.ts';
import type { AgentPrincipal, RdvStatus, TerritoryTimeZone } from '../../domain/types.ts';
import { busyIntervalsOf } from '../db/busy-time.ts';
import { StampedCache } from '../db/stamped-cache.ts';
import { Absence, type AbsenceFields } from '../db/models/absence.ts';
import { AgentBusyWeek } from '../db/models/agent-busy-week.ts';
import { Agent } from '../db/models/agent.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif, type MotifFields } from '../db/models/motif.ts';
import { Organisation, type OrganisationFields } from '../db/models/organisation.ts';
import { PlageOuverture, type PlageOuvertureFields } from '../db/models/plage-ouverture.ts';
import { Rdv } from '../db/models/rdv.ts';
import { Territory, type TerritoryFields } from '../db/models/territory.ts';
import type { Lean } from './mappers.ts';

export type { Audience } from '../../domain/slots.ts';

/** Longest range one grid search may cover (the page shows 7 days; the API allows a month). */
export const MAX_SEARCH_DAYS = 31;
/** Chunks of the scan ahead, in days: most searches stop in the first week. */
const SCAN_CHUNKS_DAYS = [7, 21, 61];

export const EMPTY_REASON_MESSAGES: Record<CreneauxEmptyReason, string> = {
	no_plage: 'Aucune plage d’ouverture ne propose ce motif sur cette période.',
	all_taken: 'Tous les créneaux de cette période sont déjà pris.',
	outside_window: 'Les créneaux libres de cette période sont en dehors des délais de réservation du motif.'
};

/** A search the service cannot run as asked (bad dates, too long a range): French message for the user. */
export class CreneauxQueryError extends Error {
	override name = 'CreneauxQueryError';
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.field = field;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

export interface LoadAvailabilityQuery {
	/** Organisations allowed to own the motif (usually one); the plages searched are the motif's organisation's. */
	organisationIds: string[];
	motifId: string;
	/** Local days [from, to) in the territory's zone. */
	from: string;
	to: string;
	/** Only these agents (their RDVs and absences are loaded even without a plage: the booking checks need it). */
	agentIds?: string[];
	/** Where busy time comes from: the RDVs (default, booking checks) or the searches' read model. */
	source?: BusySource;
	/** The motif, when the caller has just read it (a move): not read again. */
	motif?: Lean<MotifFields>;
	/**
	 * The territory's time zone when the caller knows it (an RDV carries a copy): a booking check then reads the
	 * agents' RDVs beside the motif and organisation instead of after them.
	 */
	timeZone?: string;
}

export interface LoadedAvailability {
	input: BookingInput;
	motif: Lean<MotifFields>;
	organisation: Lean<OrganisationFields>;
	territory: Lean<TerritoryFields>;
	timeZone: TerritoryTimeZone;
	/** Candidate agents, in plage order (or the order asked). */
	agentIds: string[];
}

/** What the searches need of the organisation's agents, loaded once per search (one query). */
interface Member {
	_id: { toString(): string };
	organisationIds: { toString(): string }[];
	serviceIds: { toString(): string }[];
	firstName: string;
	lastName: string;
}

const MEMBER_FIELDS = { organisationIds: 1, serviceIds: 1, firstName: 1, lastName: 1 } as const;

/**
 * An organisation's members, cached per node under its `members` stamp (agent writes bump it, except those
 * touching only fields the searches do not read: see the Agent model).
 */
const memberCache = new StampedCache<Member[]>();

function memberLoader(organisationId: string, stamp?: string): () => Promise<Member[]> {
	let loaded: Promise<Member[]> | undefined;
	const load = () => Agent.find({ organisationIds: organisationId }, MEMBER_FIELDS).lean<Member[]>().exec();
	return () => (loaded ??= stamp === undefined ? load() : memberCache.get(organisationId, stamp, load));
}

interface Base {
	motif: Lean<MotifFields>;
	/** The organisation's agents (memoised: the first caller runs the query). */
	members: () => Promise<Member[]>;
	organisation: Lean<OrganisationFields>;
	territory: Lean<TerritoryFields>;
	timeZone: TerritoryTimeZone;
	plages: PlageInput[];
	agentIds: string[];
}

type PlageRow = Lean<PlageOuvertureFields>;
type AbsenceRow = Lean<AbsenceFields>;
/** Per-node caches keyed by organisation, valid while its stamps stay the same (db/stamps.ts). */
const plageCache = new StampedCache<PlageRow[]>();
const absenceCache = new StampedCache<Map<string, AbsenceRow[]>>();

const validId = (id: string | undefined | null): id is string => !!id && isObjectIdOrHexString(id);

/**
 * The territory of each organisation seen, per node: organisations do not change territory, so the territory
 * (read fresh each time: its holidays setting matters to the rules) is read beside the organisation.
 */
const territoryOfOrganisation = new Map<string, string>();
const TERRITORIES_REMEMBERED = 5000;

function rememberTerritory(organisation: Lean<OrganisationFields>) {
	const id = String(organisation._id);
	if (!territoryOfOrganisation.has(id) && territoryOfOrganisation.size >= TERRITORIES_REMEMBERED)
		territoryOfOrganisation.delete(territoryOfOrganisation.keys().next().value as string);
	territoryOfOrganisation.set(id, String(organisation.territoryId));
}

/** Motif (active, of one of the organisations), its organisation and territory, and the plages offering it. */
async function loadBase(q: Omit<LoadAvailabilityQuery, 'from' | 'to'>, from: string, to: string): Promise<Base | null> {
	if (!validId(q.motifId)) return null;
	// Usually one organisation is allowed: read it (and its territory, when known) alongside the motif.
	const only = q.organisationIds.length === 1 && validId(q.organisationIds[0]) ? q.organisationIds[0] : null;
	const territoryId = only ? territoryOfOrganisation.get(only) : undefined;
	const [motif, guessed, guessedTerritory] = await Promise.all([
		q.motif && String(q.motif._id) === q.motifId ? q.motif : Motif.findById(q.motifId).lean(),
		only ? Organisation.findById(only).lean() : null,
		territoryId ? Territory.findById(territoryId).lean() : null
	]);
	if (!motif || motif.deletedAt || !q.organisationIds.includes(String(motif.organisationId))) return null;
	const organisation =
		guessed && String(guessed._id) === String(motif.organisationId)
			? guessed
			: await Organisation.findById(motif.organisationId).lean();
	if (!organisation) return null;
	rememberTerritory(organisation);
	const territory =
		guessedTerritory && String(guessedTerritory._id) === String(organisation.territoryId)
			? guessedTerritory
			: await Territory.findById(organisation.territoryId).lean();
	if (!territory) return null;
	const wanted = q.agentIds ? new Set(q.agentIds) : null;
	const motifId = String(motif._id);
	const docs = await plageCache.get(String(organisation._id), organisation.stamps?.plages ?? '', () =>
		PlageOuverture.find({ organisationId: organisation._id }).lean()
	);
	const plages: PlageInput[] = docs
		.filter(
			(p) =>
				p.motifIds.some((id) => String(id) === motifId) &&
				(!wanted || wanted.has(String(p.agentId))) &&
				compareDays(p.firstDay, to) < 0 &&
				(!p.lastOccurrenceDay || compareDays(p.lastOccurrenceDay, from) >= 0)
		)
		.sort((a, b) => String(a.agentId).localeCompare(String(b.agentId)))
		.map((p) => ({
			id: String(p._id),
			agentId: String(p.agentId),
			organisationId: String(p.organisationId),
			lieuId: p.lieuId ? String(p.lieuId) : null,
			motifIds: p.motifIds.map(String),
			firstDay: p.firstDay,
			startTime: p.startTime,
			endTime: p.endTime,
			recurrence: (p.recurrence as Recurrence | undefined) ?? null,
			exceptions: (p.exceptions ?? []).map((e) => ({
				day: e.day,
				cancelled: e.cancelled,
				startTime: e.startTime ?? null,
				endTime: e.endTime ?? null,
				lieuId: e.lieuId ? String(e.lieuId) : null
			})),
			timeZone: p.timeZone
		}));
	const agentIds = q.agentIds ? [...q.agentIds] : [...new Set(plages.map((p) => p.agentId))];
	return {
		motif,
		members: memberLoader(String(organisation._id), organisation.stamps?.members ?? ''),
		organisation,
		territory,
		timeZone: territory.timeZone as TerritoryTimeZone,
		plages,
		agentIds
	};
}

/**
 * Absences of the agents. An organisation's members' absences are cached under its `absences` stamp (bumped by
 * any absence write of one of its agents); agents not cached yet are read one equality query each.
 */
async function loadAbsences(
	agentIds: string[],
	from: string,
	to: string,
	organisation?: Lean<OrganisationFields>
): Promise<AbsenceInput[]> {
	const ids = agentIds.filter(validId);
	const byAgent = organisation
		? await absenceCache.get(String(organisation._id), organisation.stamps?.absences ?? '', async () => new Map())
		: new Map<string, AbsenceRow[]>();
	const missing = ids.filter((id) => !byAgent.has(id));
	const loaded = await Promise.all(missing.map((agentId) => Absence.find({ agentId }).lean()));
	missing.forEach((id, i) => byAgent.set(id, loaded[i]));
	const lists = ids.map((id) => byAgent.get(id) ?? []);
	// A margin of a day each side: an absence may be recorded in another zone than the territory's.
	const lo = addDays(from, -1);
	const hi = addDays(to, 1);
	return lists
		.flat()
		.filter(
			(a) => compareDays(a.firstDay, hi) < 0 && (!a.lastOccurrenceDay || compareDays(a.lastOccurrenceDay, lo) >= 0)
		)
		.map((a) => ({
			id: String(a._id),
			agentId: String(a.agentId),
			firstDay: a.firstDay,
			endDay: a.endDay,
			startTime: a.startTime,
			endTime: a.endTime,
			recurrence: (a.recurrence as Recurrence | undefined) ?? null,
			timeZone: a.timeZone
		}));
}

/** Up to this many 'agentId:week' queries, RDVs are read per agent rather than per organisation and week. */
const AGENT_WEEK_QUERIES_MAX = 12;

const RDV_FIELDS = { startsAt: 1, endsAt: 1, agentIds: 1, status: 1, organisationId: 1 } as const;

/**
 * The agents' RDVs (any organisation) overlapping [start, end). An agent's future RDVs are in the organisations
 * it belongs to (leaving one is refused while future RDVs remain there), so the RDVs are selected per
 * organisation of the agents and ISO week — a handful of equality queries whatever the number of agents
 * (FerretDB spends about as much per query as per thousand rows). A few agents over a few days (booking
 * checks), and agents unknown to the Agent collection, are read by their own 'agentId:week' keys instead.
 */
export async function loadAgentRdvs(
	agentIds: string[],
	start: Date,
	end: Date,
	organisationId?: string,
	members?: () => Promise<Member[]>
): Promise<RdvInput[]> {
	const ids = [...new Set(agentIds.filter(validId))];
	if (ids.length === 0 || end <= start) return [];
	const weeks = candidateWeeks(start, end);
	const range = { startsAt: { $lt: end }, endsAt: { $gt: start } };
	const byAgentWeek = (keys: string[]) => keys.map((key) => Rdv.find({ agentWeeks: key, ...range }, RDV_FIELDS).lean());
	// A booking check (one agent or a few, a few days): each agent's own weeks return only their RDVs, where
	// the organisation's week would return everyone's (thousands in a large organisation).
	const few = ids.length * weeks.length <= AGENT_WEEK_QUERIES_MAX;
	const agents = few ? new Map<string, string[]>() : await organisationsOfAgents(ids, organisationId, members);
	const organisationIds = [...new Set([...agents.values()].flat())];
	const orphans = ids.filter((id) => !agents.has(id));
	const lists = await Promise.all([
		...organisationIds.flatMap((organisationId) =>
			weeks.map((week) => Rdv.find({ weeks: week, organisationId, ...range }, RDV_FIELDS).lean())
		),
		...byAgentWeek(agentWeekKeys(orphans, weeks))
	]);
	const wanted = new Set(ids);
	const byId = new Map<string, RdvInput>();
	for (const r of lists.flat()) {
		const rdvAgents = r.agentIds.map(String);
		if (!rdvAgents.some((a) => wanted.has(a))) continue;
		byId.set(String(r._id), {
			id: String(r._id),
			organisationId: String(r.organisationId),
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			agentIds: rdvAgents,
			status: r.status as RdvStatus
		});
	}
	return [...byId.values()];
}

const BUSY_FIELDS = { key: 1, seq: 1, agentId: 1, busy: 1 } as const;

/**
 * The agents' busy intervals overlapping [start, end), from the AgentBusyWeek read model: per organisation of
 * the agents and ISO week, one equality query returning one small document per agent (same selection as
 * loadAgentRdvs, a hundred times fewer documents). Each interval is an active RDV of one agent, without its
 * id (searches need the time only).
 */
export async function loadAgentBusy(
	agentIds: string[],
	start: Date,
	end: Date,
	organisationId?: string,
	members?: () => Promise<Member[]>,
	territory?: { id: string; timeZone: string }
): Promise<RdvInput[]> {
	const ids = [...new Set(agentIds.filter(validId))];
	if (ids.length === 0 || end <= start) return [];
	const agents = await organisationsOfAgents(ids, organisationId, members);
	const organisationIds = [...new Set([...agents.values()].flat())];
	const orphans = ids.filter((id) => !agents.has(id));
	const weeks = await busyWeeksToRead(start, end, organisationIds, territory);
	const lists = await Promise.all([
		...organisationIds.flatMap((org) =>
			weeks.map((week) => AgentBusyWeek.find({ orgWeeks: `${org}:${week}` }, BUSY_FIELDS).lean())
		),
		...agentWeekKeys(orphans, weeks).map((key) => AgentBusyWeek.find({ key }, BUSY_FIELDS).lean())
	]);
	const wanted = new Set(ids);
	const s = start.getTime();
	const e = end.getTime();
	return busyIntervalsOf(lists.flat().filter((d) => wanted.has(String(d.agentId))))
		.filter((i) => i.startsAt.getTime() < e && i.endsAt.getTime() > s)
		.map((i) => ({
			startsAt: i.startsAt,
			endsAt: i.endsAt,
			agentIds: [i.agentId],
			status: 'unknown' as const
		}));
}

/** Organisation ids of each territory (a new organisation is missed for 5 minutes: the wide read covers it). */
const territoryOrganisations = new StampedCache<Set<string>>({ maxEntries: 200 });

/**
 * ISO weeks whose busy documents may hold time overlapping [start, end). An RDV's weeks are the local weeks
 * of its own zone: when every organisation involved is of the searched territory, the local weeks of the
 * range in its zone suffice (one week for the 7-day grid); otherwise any zone is possible (±1 day).
 */
async function busyWeeksToRead(
	start: Date,
	end: Date,
	organisationIds: string[],
	territory?: { id: string; timeZone: string }
): Promise<string[]> {
	if (!territory) return candidateWeeks(start, end);
	const local = await territoryOrganisations.get(territory.id, '', async () => {
		const docs = await Organisation.find({ territoryId: territory.id }, { _id: 1 }).lean();
		return new Set(docs.map((o) => String(o._id)));
	});
	if (!organisationIds.every((id) => local.has(id))) return candidateWeeks(start, end);
	const last = new Date(end.getTime() - 1);
	return weeksOfDays(daysBetween(localDay(start, territory.timeZone), localDay(last, territory.timeZone)));
}

/** Organisations of each agent: the members of the searched organisation in one query, others by id. */
async function organisationsOfAgents(
	ids: string[],
	organisationId?: string,
	members?: () => Promise<Member[]>
): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	const wanted = new Set(ids);
	if (organisationId && validId(organisationId))
		for (const a of await (members ?? memberLoader(organisationId))())
			if (wanted.has(String(a._id))) out.set(String(a._id), a.organisationIds.map(String));
	const missing = ids.filter((id) => !out.has(id));
	for (const a of await Promise.all(missing.map((id) => Agent.findById(id, { organisationIds: 1 }).lean())))
		if (a) out.set(String(a._id), a.organisationIds.map(String));
	return out;
}

/** Sessions (collective RDVs) of a motif overlapping [start, end): one equality per ISO week and the motif. */
async function loadSessions(motifId: string, start: Date, end: Date): Promise<CollectiveSessionInput[]> {
	const range = { startsAt: { $lt: end }, endsAt: { $gt: start } };
	const lists = await Promise.all(
		candidateWeeks(start, end).map((week) => Rdv.find({ weeks: week, motifId, ...range }).lean())
	);
	const byId = new Map<string, CollectiveSessionInput>();
	for (const r of lists.flat())
		byId.set(String(r._id), {
			id: String(r._id),
			motifId: String(r.motifId),
			organisationId: String(r.organisationId),
			lieuId: r.lieuId ? String(r.lieuId) : null,
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			agentIds: r.agentIds.map(String),
			status: r.status as RdvStatus,
			maxParticipants: r.maxParticipants ?? null,
			participantCount: r.participants.filter((p) => p.status !== 'excused' && p.status !== 'revoked').length
		});
	return [...byId.values()];
}

/** Where the agents' busy time comes from: the read model for searches, the RDVs for booking checks. */
export type BusySource = 'busy-weeks' | 'rdvs';

async function inputFor(
	base: Base,
	from: string,
	to: string,
	agentIds = base.agentIds,
	source: BusySource = 'busy-weeks',
	/** The agents' RDVs, already being read (`earlyAgentRdvs`). */
	agentRdvs?: Promise<RdvInput[]>
): Promise<BookingInput> {
	const { start, end } = dayRangeToInstants(from, to, base.timeZone);
	const organisationId = String(base.organisation._id);
	const territory = { id: String(base.territory._id), timeZone: base.timeZone };
	const [absences, rdvs, sessions] = await Promise.all([
		loadAbsences(agentIds, from, to, base.organisation),
		agentRdvs ??
			(source === 'rdvs'
				? loadAgentRdvs(agentIds, new Date(start), new Date(end), organisationId, base.members)
				: loadAgentBusy(agentIds, new Date(start), new Date(end), organisationId, base.members, territory)),
		base.motif.collective ? loadSessions(String(base.motif._id), new Date(start), new Date(end)) : []
	]);
	return {
		motif: {
			id: String(base.motif._id),
			durationMinutes: base.motif.durationMinutes,
			collective: base.motif.collective,
			minBookingDelayMinutes: base.motif.minBookingDelayMinutes,
			maxBookingDelayMinutes: base.motif.maxBookingDelayMinutes,
			bookableBy: base.motif.bookableBy
		},
		territory: {
			departement: base.territory.departementNumber,
			timeZone: base.timeZone,
			allowWorkOnHolidays: base.territory.allowWorkOnHolidays ?? false
		},
		plages: base.plages,
		absences,
		rdvs,
		sessions
	};
}

/**
 * A booking check's agents' RDVs, read at once when the zone is given and the agents and weeks are few (read by
 * their own 'agentId:week' keys, which need nothing else loaded); undefined otherwise (read after the base).
 */
function earlyAgentRdvs(q: LoadAvailabilityQuery): Promise<RdvInput[]> | undefined {
	if (!q.timeZone || !q.agentIds || (q.source ?? 'rdvs') !== 'rdvs') return undefined;
	const { start, end } = dayRangeToInstants(q.from, q.to, q.timeZone);
	const [from, to] = [new Date(start), new Date(end)];
	if (new Set(q.agentIds).size * candidateWeeks(from, to).length > AGENT_WEEK_QUERIES_MAX) return undefined;
	const rdvs = loadAgentRdvs(q.agentIds, from, to);
	// Unused when the motif turns out unknown: never an unhandled rejection.
	rdvs.catch(() => undefined);
	return rdvs;
}

/**
 * Everything checkBooking needs for a motif over local days [from, to), the agents' RDVs read from the RDVs
 * themselves (not the read model); null when unknown.
 */
export async function loadAvailabilityInput(q: LoadAvailabilityQuery): Promise<LoadedAvailability | null> {
	const early = earlyAgentRdvs(q);
	const base = await loadBase(q, q.from, q.to);
	if (!base) return null;
	// Read for the zone the caller gave: used when the territory's is that one (it always is, but for a zone change).
	const agentRdvs = early && base.timeZone === q.timeZone ? early : undefined;
	return {
		input: await inputFor(base, q.from, q.to, base.agentIds, q.source ?? 'rdvs', agentRdvs),
		motif: base.motif,
		organisation: base.organisation,
		territory: base.territory,
		timeZone: base.timeZone,
		agentIds: base.agentIds
	};
}

// ---------------------------------------------------------------------------------------------------------------
// DTOs

function slotDto(s: Slot): CreneauDto {
	return {
		agentId: s.agentId,
		...(s.lieuId ? { lieuId: s.lieuId } : {}),
		startsAt: s.startsAt.toISOString(),
		endsAt: s.endsAt.toISOString(),
		day: s.day,
		time: s.time
	};
}

function mergedDto(m: MergedSlot): MergedCreneauDto {
	return {
		...(m.lieuId ? { lieuId: m.lieuId } : {}),
		startsAt: m.startsAt.toISOString(),
		endsAt: m.endsAt.toISOString(),
		day: m.day,
		time: m.time,
		agentIds: [...m.agentIds]
	};
}

function sessionDto(s: CollectiveSession): CollectiveSessionDto {
	return {
		rdvId: s.rdvId,
		agentIds: s.agentIds,
		...(s.lieuId ? { lieuId: s.lieuId } : {}),
		startsAt: s.startsAt.toISOString(),
		endsAt: s.endsAt.toISOString(),
		day: s.day,
		time: s.time,
		seatsLeft: s.seatsLeft
	};
}

async function agentNames(base: Base, ids: string[]): Promise<CreneauxAgentDto[]> {
	if (ids.length === 0) return [];
	const byId = new Map((await base.members()).map((a) => [String(a._id), a]));
	return ids.map((id) => {
		const a = byId.get(id);
		return { id, firstName: a?.firstName ?? '', lastName: a?.lastName ?? 'Agent' };
	});
}

async function lieuxOf(organisationId: string, ids: Iterable<string>): Promise<CreneauxLieuDto[]> {
	const wanted = new Set(ids);
	if (wanted.size === 0) return [];
	const lieux = await Lieu.find({ organisationId }, { name: 1, address: 1 }).lean();
	return lieux
		.filter((l) => wanted.has(String(l._id)))
		.map((l) => ({ id: String(l._id), name: l.name, address: l.address }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

// ---------------------------------------------------------------------------------------------------------------
// Searches

export interface CreneauxQuery {
	organisationId: string;
	motifId: string;
	/** Local days [from, to) in the territory's zone ('YYYY-MM-DD'). */
	from: string;
	to: string;
	agentIds?: string[];
	lieuIds?: string[];
	audience: Audience;
	now?: Date;
	/** The agent searching: only agendas they may see are searched. */
	viewer?: AgentPrincipal;
}

/** The API and the pages refuse impossible and out-of-range days first; a search never runs on one either. */
function checkDay(field: string, day: string): void {
	const message = dayError(day);
	if (message) throw new CreneauxQueryError(field, message);
}

/** Candidate agents: those asked for (or every one having a plage), minus agendas the viewer may not see. */
async function candidateAgents(base: Base, agentIds: string[] | undefined, viewer: AgentPrincipal | undefined) {
	let ids = agentIds?.length ? agentIds.filter((id) => base.agentIds.includes(id)) : base.agentIds;
	if (viewer) {
		const organisationId = String(base.organisation._id);
		const services = new Map((await base.members()).map((a) => [String(a._id), a.serviceIds.map(String)]));
		ids = ids.filter((agentId) =>
			canSeeAgenda(viewer, { organisationId, agentId, agentServiceIds: services.get(agentId) ?? [] })
		);
	}
	return ids;
}

/** The search's base; null when the motif is unknown, not of this organisation, or hidden from the viewer. */
async function baseFor(
	q: { organisationId: string; motifId: string; viewer?: AgentPrincipal },
	from: string,
	to: string
): Promise<Base | null> {
	if (!validId(q.organisationId)) return null;
	const base = await loadBase({ organisationIds: [q.organisationId], motifId: q.motifId }, from, to);
	if (
		base &&
		q.viewer &&
		!canSeeMotif(q.viewer, { organisationId: q.organisationId, serviceId: String(base.motif.serviceId) })
	)
		return null;
	return base;
}

/**
 * Collective sessions are created by agents, not cut from plages, so the plages' agents do not bound them:
 * only the agents asked for filter them, and a viewer gets the sessions of agendas they may see.
 */
async function visibleSessions(
	base: Base,
	input: BookingInput,
	query: Parameters<typeof findCollectiveSessions>[1],
	asked: string[] | undefined,
	viewer: AgentPrincipal | undefined
): Promise<CollectiveSession[]> {
	const sessions = findCollectiveSessions(input, { ...query, agentIds: asked?.length ? asked : undefined });
	if (!viewer) return sessions;
	const organisationId = String(base.organisation._id);
	const services = new Map((await base.members()).map((a) => [String(a._id), a.serviceIds.map(String)]));
	return sessions.filter((s) =>
		s.agentIds.some((agentId) =>
			canSeeAgenda(viewer, { organisationId, agentId, agentServiceIds: services.get(agentId) ?? [] })
		)
	);
}

/** Free slots of a motif over local days [from, to): per agent, all together, merged per time. Null: unknown motif. */
export async function searchCreneaux(q: CreneauxQuery): Promise<CreneauxSearchDto | null> {
	checkDay('from', q.from);
	checkDay('to', q.to);
	if (compareDays(q.to, q.from) <= 0)
		throw new CreneauxQueryError('to', 'La date de fin doit suivre la date de début.');
	if (compareDays(q.to, addDays(q.from, MAX_SEARCH_DAYS)) > 0)
		throw new CreneauxQueryError('to', `La recherche couvre au plus ${MAX_SEARCH_DAYS} jours.`);
	const base = await baseFor(q, q.from, q.to);
	if (!base) return null;
	const agentIds = await candidateAgents(base, q.agentIds, q.viewer);
	const input = await inputFor(base, q.from, q.to, agentIds);
	const query = {
		from: q.from,
		to: q.to,
		now: q.now ?? new Date(),
		audience: q.audience,
		agentIds,
		lieuIds: q.lieuIds
	};
	const organisationId = String(base.organisation._id);

	let slots: Slot[] = [];
	let sessions: CollectiveSession[] = [];
	let emptyReason: CreneauxEmptyReason | undefined;
	if (base.motif.collective) {
		sessions = await visibleSessions(base, input, query, q.agentIds, q.viewer);
		if (sessions.length === 0) emptyReason = 'no_plage';
	} else {
		const result = findSlots(input, query);
		slots = result.slots;
		emptyReason = agentIds.length === 0 ? 'no_plage' : result.emptyReason;
	}
	const lieuIds = new Set([...slots, ...sessions].flatMap((s) => (s.lieuId ? [s.lieuId] : [])));
	const named = base.motif.collective ? [...new Set(sessions.flatMap((s) => s.agentIds))] : agentIds;
	const [agents, lieux] = await Promise.all([agentNames(base, named), lieuxOf(organisationId, lieuIds)]);
	return {
		organisationId,
		motifId: String(base.motif._id),
		from: q.from,
		to: q.to,
		timeZone: base.timeZone,
		agents,
		lieux,
		slots: slots.map(slotDto),
		merged: mergeSlotsByTime(slots).map(mergedDto),
		sessions: sessions.map(sessionDto),
		holidays: closingHolidaysBetween(
			{
				departementNumber: base.territory.departementNumber,
				allowWorkOnHolidays: base.territory.allowWorkOnHolidays ?? false
			},
			q.from,
			q.to
		),
		...(emptyReason ? { emptyReason, emptyMessage: EMPTY_REASON_MESSAGES[emptyReason] } : {})
	};
}

export type NextCreneauQuery = Omit<CreneauxQuery, 'to'> & { horizonMonths?: number };

export interface NextCreneauResult {
	next: NextCreneauDto | null;
	timeZone: TerritoryTimeZone;
	emptyReason?: CreneauxEmptyReason;
	emptyMessage?: string;
}

interface Found {
	startsAt: Date;
	day: string;
	time: string;
	lieuId?: string;
	agentIds: string[];
}

function nextDto(f: Found): NextCreneauDto {
	return {
		startsAt: f.startsAt.toISOString(),
		day: f.day,
		time: f.time,
		...(f.lieuId ? { lieuId: f.lieuId } : {}),
		agentIds: [...f.agentIds]
	};
}

/**
 * Scans ahead from `from` in growing chunks (RDVs loaded per chunk) up to the horizon, giving each chunk's
 * slots (or sessions) to `take`, which returns true once it has all it wants.
 */
async function scanAhead(
	base: Base,
	q: NextCreneauQuery,
	agentIds: string[],
	take: (found: Found[]) => boolean
): Promise<CreneauxEmptyReason | undefined> {
	const now = q.now ?? new Date();
	const horizon = addMonths(q.from, q.horizonMonths ?? NEXT_AVAILABILITY_MONTHS);
	// Usagers cannot book before the window opens: start the scan there.
	let from = q.from;
	const window = bookingWindow(base.motif, now, q.audience);
	if (Number.isFinite(window.start)) {
		const opens = instantToZoned(window.start, base.timeZone).day;
		if (compareDays(opens, from) > 0) from = opens;
	}
	if (agentIds.length === 0 && !base.motif.collective) return 'no_plage';
	const reasons = new Set<CreneauxEmptyReason>();
	for (let i = 0; compareDays(from, horizon) < 0; i++) {
		const days = SCAN_CHUNKS_DAYS[Math.min(i, SCAN_CHUNKS_DAYS.length - 1)];
		const to = compareDays(addDays(from, days), horizon) < 0 ? addDays(from, days) : horizon;
		const input = await inputFor(base, from, to, agentIds);
		const query = { from, to, now, audience: q.audience, agentIds, lieuIds: q.lieuIds };
		if (base.motif.collective) {
			if (take(await visibleSessions(base, input, query, q.agentIds, q.viewer))) return undefined;
		} else {
			const result = findSlots(input, query);
			if (result.emptyReason) reasons.add(result.emptyReason);
			const byTime: Found[] = [];
			for (const s of result.slots) {
				const last = byTime.at(-1);
				if (last && last.startsAt.getTime() === s.startsAt.getTime() && last.lieuId === s.lieuId)
					last.agentIds.push(s.agentId);
				else
					byTime.push({
						startsAt: s.startsAt,
						day: s.day,
						time: s.time,
						...(s.lieuId ? { lieuId: s.lieuId } : {}),
						agentIds: [s.agentId]
					});
			}
			if (take(byTime)) return undefined;
		}
		from = to;
	}
	if (base.motif.collective) return 'no_plage';
	return reasons.has('all_taken') ? 'all_taken' : reasons.has('outside_window') ? 'outside_window' : 'no_plage';
}

function emptyFields(reason: CreneauxEmptyReason | undefined) {
	return reason ? { emptyReason: reason, emptyMessage: EMPTY_REASON_MESSAGES[reason] } : {};
}

/** The first bookable time from `from` on, up to 6 months ahead. Null: unknown motif. */
export async function nextCreneau(q: NextCreneauQuery): Promise<NextCreneauResult | null> {
	checkDay('from', q.from);
	const horizon = addMonths(q.from, q.horizonMonths ?? NEXT_AVAILABILITY_MONTHS);
	const base = await baseFor(q, q.from, horizon);
	if (!base) return null;
	const agentIds = await candidateAgents(base, q.agentIds, q.viewer);
	const first: { found?: Found } = {};
	const reason = await scanAhead(base, q, agentIds, (found) => {
		first.found = found[0];
		return first.found !== undefined;
	});
	const next = first.found ? nextDto(first.found) : null;
	return { next, timeZone: base.timeZone, ...(next ? {} : emptyFields(reason)) };
}

export interface LieuxAvailabilityResult {
	timeZone: TerritoryTimeZone;
	lieux: LieuAvailabilityDto[];
	emptyReason?: CreneauxEmptyReason;
	emptyMessage?: string;
}

/**
 * The lieu cards of Trouver un RDV: each lieu where a plage offers the motif (after filters) with its next
 * availability (one card without lieu for motifs held by phone, visio or at home). Null: unknown motif.
 */
export async function searchLieuxWithNextAvailability(q: NextCreneauQuery): Promise<LieuxAvailabilityResult | null> {
	checkDay('from', q.from);
	const horizon = addMonths(q.from, q.horizonMonths ?? NEXT_AVAILABILITY_MONTHS);
	const base = await baseFor(q, q.from, horizon);
	if (!base) return null;
	const agentIds = await candidateAgents(base, q.agentIds, q.viewer);
	return lieuCards(base, q, agentIds);
}

/** Soonest next availability first, none last: compared as instants, not as (locale-collated) strings. */
function byNextStart(a: { startsAt: string } | null | undefined, b: { startsAt: string } | null | undefined): number {
	if (!a || !b) return Number(!a) - Number(!b);
	return Date.parse(a.startsAt) - Date.parse(b.startsAt);
}

async function lieuCards(base: Base, q: NextCreneauQuery, agentIds: string[]): Promise<LieuxAvailabilityResult> {
	const wantedLieux = q.lieuIds?.length ? new Set(q.lieuIds) : null;
	const keys = new Set<string>();
	for (const p of base.plages) {
		if (!agentIds.includes(p.agentId)) continue;
		for (const lieuId of [p.lieuId ?? '', ...(p.exceptions ?? []).flatMap((e) => (e.lieuId ? [e.lieuId] : []))])
			if (!wantedLieux || wantedLieux.has(lieuId)) keys.add(lieuId);
	}
	const found = new Map<string, Found>();
	let reason: CreneauxEmptyReason | undefined;
	if (keys.size > 0 || base.motif.collective)
		reason = await scanAhead(base, q, agentIds, (list) => {
			for (const f of list) {
				const key = f.lieuId ?? '';
				keys.add(key);
				if (!found.has(key)) found.set(key, f);
			}
			return found.size >= keys.size && keys.size > 0;
		});
	else reason = 'no_plage';
	const organisationId = String(base.organisation._id);
	const lieux = await lieuxOf(
		organisationId,
		[...keys].filter((k) => k)
	);
	const cards: LieuAvailabilityDto[] = lieux.map((lieu) => {
		const f = found.get(lieu.id);
		return { lieu, next: f ? nextDto(f) : null };
	});
	if (keys.has('')) {
		const f = found.get('');
		cards.push({ next: f ? nextDto(f) : null });
	}
	// Soonest first; lieux without availability last, by name.
	cards.sort((a, b) => byNextStart(a.next, b.next));
	return {
		timeZone: base.timeZone,
		lieux: cards,
		...(found.size === 0 ? emptyFields(reason ?? 'no_plage') : {})
	};
}

export interface OtherOrganisationsQuery {
	organisationId: string;
	motifId: string;
	from: string;
	now?: Date;
	horizonMonths?: number;
}

/**
 * "Élargir la recherche": the same motif (same name and location type) in every other organisation of the
 * territory where it is open to prescription (bookableBy ≠ agents). The searching agent books there as a
 * prescripteur, so the usager booking window applies and every agenda of those organisations is searched.
 */
export async function searchOtherOrganisations(
	q: OtherOrganisationsQuery
): Promise<OtherOrganisationsSearchDto | null> {
	checkDay('from', q.from);
	if (!validId(q.organisationId) || !validId(q.motifId)) return null;
	const motif = await Motif.findById(q.motifId).lean();
	if (!motif || String(motif.organisationId) !== q.organisationId) return null;
	const organisation = await Organisation.findById(q.organisationId).lean();
	if (!organisation) return null;
	const name = normalizeText(motif.name);
	const others = (await Organisation.find({ territoryId: organisation.territoryId }).lean()).filter(
		(o) => String(o._id) !== q.organisationId
	);
	const candidates = (
		await Promise.all(
			others.map(async (o) => {
				const motifs = await Motif.find({ organisationId: o._id }).lean();
				return motifs
					.filter(
						(m) =>
							!m.deletedAt &&
							m.bookableBy !== 'agents' &&
							m.locationType === motif.locationType &&
							normalizeText(m.name) === name
					)
					.map((m) => ({ organisation: o, motif: m }));
			})
		)
	).flat();
	if (candidates.length === 0)
		return {
			results: [],
			emptyReason: 'no_other_motif',
			emptyMessage: 'Aucune autre organisation du territoire n’ouvre ce motif à la prescription.'
		};

	const horizon = addMonths(q.from, q.horizonMonths ?? NEXT_AVAILABILITY_MONTHS);
	const results: OtherOrganisationAvailabilityDto[] = [];
	for (const c of candidates) {
		const base = await loadBase(
			{ organisationIds: [String(c.organisation._id)], motifId: String(c.motif._id) },
			q.from,
			horizon
		);
		if (!base) continue;
		const cards = await lieuCards(
			base,
			{
				organisationId: String(c.organisation._id),
				motifId: String(c.motif._id),
				from: q.from,
				audience: 'usager',
				now: q.now,
				horizonMonths: q.horizonMonths
			},
			base.agentIds
		);
		const next = cards.lieux.find((l) => l.next)?.next ?? null;
		results.push({
			organisation: { id: String(c.organisation._id), name: c.organisation.name },
			motif: { id: String(c.motif._id), name: c.motif.name, durationMinutes: c.motif.durationMinutes },
			lieux: cards.lieux,
			next
		});
	}
	results.sort((a, b) => byNextStart(a.next, b.next) || a.organisation.name.localeCompare(b.organisation.name, 'fr'));
	return results.some((r) => r.next)
		? { results }
		: {
				results,
				emptyReason: 'no_availability',
				emptyMessage: 'Aucun créneau disponible dans les autres organisations pour les six prochains mois.'
			};
}
