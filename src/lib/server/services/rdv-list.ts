/**
 * The RDV list of an organisation (filters, sorted by start, cursor pagination) and the « N RDV à renseigner »
 * count.
 *
 * The embedded database decodes every document it returns and only pushes top-level equalities down, so a page
 * is never read with a bare date range: it walks the period bucket by bucket, each bucket selected by equality
 * keys the Rdv model stores — one local day (`days`) for the whole organisation, one ISO week of one agent
 * (`agentWeeks`) when an agent is chosen, the usager (`usagerIds`) when one is — plus the organisation and the
 * motif, lieu and status when filtered (scalar equalities, pushed down too). Buckets are read in growing
 * parallel batches until the page is full, and at most SCAN_BUDGET_DAYS of the period per request: a sparse
 * filter then answers a short page whose cursor resumes where the scan stopped, instead of reading a year.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { addDays, compareDays, daysBetween, isoWeek, localDay, localTime, toInstant } from '../../domain/local-time.ts';
import { dayError } from '../../domain/calendar-day.ts';
import { canSeeRdv, organisationScope } from '../../domain/permissions.ts';
import type { AgentPrincipal, LocationType, RdvStatus } from '../../domain/types.ts';
import { Organisation } from '../db/models/organisation.ts';
import { Rdv, type RdvFields } from '../db/models/rdv.ts';
import { Territory } from '../db/models/territory.ts';
import type { Lean } from './mappers.ts';
import { durationOf, loadRdvNames } from './rdv-names.ts';
import { decodeCursor, isAfter, walkByStart, type StartPosition } from './start-pages.ts';

type Viewer = Pick<AgentPrincipal, 'id' | 'roles' | 'serviceIds' | 'secretariat' | 'territorialRoles'>;

/**
 * Status filters: the stored statuses, plus « À renseigner » (started, still `unknown`: the agent must say what
 * happened) and « À venir » (not started yet, `unknown`).
 */
export const RDV_LIST_STATUSES = ['a_renseigner', 'a_venir', 'seen', 'noshow', 'excused', 'revoked'] as const;
export type RdvListStatus = (typeof RDV_LIST_STATUSES)[number];

/** One request covers at most a year of local days. */
export const MAX_RANGE_DAYS = 366;
/** How much of the period one request may scan before answering a short page (about a quarter). */
export const SCAN_BUDGET_DAYS = 92;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
/** The banner looks this far back (whole ISO weeks): older forgotten RDVs are in the list, not the count. */
export const TO_FILL_WINDOW_WEEKS = 8;

/** First local day of the « à renseigner » window that ends on `today` (the banner and the list's shortcut). */
export const toFillWindowStart = (today: string) => addDays(today, -(7 * TO_FILL_WINDOW_WEEKS - 1));

export interface RdvListQuery {
	organisationId: string;
	/** Local days (AAAA-MM-JJ) in the organisation's time zone, both included. */
	from: string;
	to: string;
	agentId?: string;
	usagerId?: string;
	motifId?: string;
	lieuId?: string;
	status?: RdvListStatus;
	cursor?: string;
	limit?: number;
}

export interface RdvListItem {
	id: string;
	startsAt: string;
	endsAt: string;
	/** Local day and start time in the organisation's time zone. */
	day: string;
	time: string;
	durationMinutes: number;
	status: RdvStatus;
	/** Started, still `unknown`: its status must be filled in. */
	toFill: boolean;
	motif: { id: string; name: string; color: string };
	locationType: LocationType;
	lieu?: { id: string; name: string };
	singleUseAddress?: string;
	agents: { id: string; firstName: string; lastName: string }[];
	participants: { usagerId: string; firstName: string; lastName: string; status: RdvStatus }[];
	collective: boolean;
	title?: string;
	maxParticipants?: number;
}

export interface RdvListPage {
	timeZone: string;
	items: RdvListItem[];
	/** Resume after the last item (or where the scan stopped); null when the period is exhausted. */
	nextCursor: string | null;
}

/** A query the list refuses, on one of its parameters. */
export class RdvListQueryError extends Error {
	override name = 'RdvListQueryError';
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.field = field;
	}
}

// ---- Buckets ----

interface Bucket {
	/** Equalities that select this bucket's RDVs (besides the shared ones). */
	select: Record<string, string>;
	/** Instants [lo, hi) of the RDV starts this bucket owns. */
	lo: number;
	hi: number;
	/** Local days it covers, for the scan budget. */
	days: number;
}

function planBuckets(
	q: Pick<RdvListQuery, 'agentId' | 'usagerId'>,
	timeZone: string,
	lo: number,
	hi: number
): Bucket[] {
	if (hi <= lo) return [];
	if (q.usagerId) {
		// One person's RDVs in one organisation: few, so one equality reads them all.
		return [{ select: { usagerIds: q.usagerId }, lo, hi, days: 0 }];
	}
	const days = daysBetween(localDay(new Date(lo), timeZone), localDay(new Date(hi - 1), timeZone));
	const dayWindow = (day: string) => ({
		lo: Math.max(lo, toInstant(day, '00:00', timeZone).getTime()),
		hi: Math.min(hi, toInstant(addDays(day, 1), '00:00', timeZone).getTime())
	});
	if (!q.agentId) return days.map((day) => ({ select: { days: day }, ...dayWindow(day), days: 1 }));
	const weeks = new Map<string, string[]>();
	for (const day of days) weeks.set(isoWeek(day), [...(weeks.get(isoWeek(day)) ?? []), day]);
	return [...weeks].map(([week, inWeek]) => ({
		select: { agentWeeks: `${q.agentId}:${week}` },
		lo: dayWindow(inWeek[0]!).lo,
		hi: dayWindow(inWeek.at(-1)!).hi,
		days: inWeek.length
	}));
}

const LIST_PROJECTION = {
	startsAt: 1,
	endsAt: 1,
	durationMinutes: 1,
	organisationId: 1,
	motifId: 1,
	serviceId: 1,
	locationType: 1,
	lieuId: 1,
	singleUseAddress: 1,
	agentIds: 1,
	participants: 1,
	participantNames: 1,
	status: 1,
	collective: 1,
	title: 1,
	maxParticipants: 1
} as const;

type ListedRdv = Pick<Lean<RdvFields>, keyof typeof LIST_PROJECTION | '_id'>;

function checkId(field: string, value: string | undefined) {
	if (value !== undefined && !isObjectIdOrHexString(value))
		throw new RdvListQueryError(field, 'Identifiant invalide : 24 caractères hexadécimaux attendus.');
}

/**
 * One page of the organisation's RDVs the viewer may see, sorted by start then id. Null when the organisation
 * does not exist or the viewer has no role in it (the caller answers both alike). Throws RdvListQueryError on
 * an invalid period or cursor.
 */
export async function listRdvs(viewer: Viewer, q: RdvListQuery, now: Date = new Date()): Promise<RdvListPage | null> {
	if (!isObjectIdOrHexString(q.organisationId)) return null;
	const scope = organisationScope(viewer, q.organisationId);
	if (scope.kind === 'none') return null;
	// Its time zone (the territory's) and its change stamps: the members' names are cached under one.
	const organisation = await Organisation.findById(q.organisationId, { territoryId: 1, stamps: 1 }).lean();
	const territory = organisation && (await Territory.findById(organisation.territoryId, { timeZone: 1 }).lean());
	if (!organisation || !territory) return null;
	const timeZone = territory.timeZone;

	for (const field of ['from', 'to'] as const) {
		const problem = dayError(q[field]);
		if (problem) throw new RdvListQueryError(field, problem);
	}
	if (compareDays(q.to, q.from) < 0) throw new RdvListQueryError('to', 'La date de fin doit suivre la date de début.');
	if (daysBetween(q.from, q.to).length > MAX_RANGE_DAYS)
		throw new RdvListQueryError('to', `La période ne peut pas dépasser ${MAX_RANGE_DAYS} jours.`);
	checkId('agentId', q.agentId);
	checkId('usagerId', q.usagerId);
	checkId('motifId', q.motifId);
	checkId('lieuId', q.lieuId);
	const resume = q.cursor === undefined ? null : decodeCursor(q.cursor);
	if (q.cursor !== undefined && !resume) throw new RdvListQueryError('cursor', 'Curseur de pagination invalide.');
	const limit = Math.min(Math.max(1, Math.trunc(q.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);

	let lo = toInstant(q.from, '00:00', timeZone).getTime();
	let hi = toInstant(addDays(q.to, 1), '00:00', timeZone).getTime();
	// Started means starting at or before now, as on the RDV page (domain/rdv-status.ts unknownPhase).
	if (q.status === 'a_renseigner') hi = Math.min(hi, now.getTime() + 1);
	if (q.status === 'a_venir') lo = Math.max(lo, now.getTime() + 1);
	const position: StartPosition = resume && resume.t >= lo ? resume : { t: lo, id: '' };

	const shared: Record<string, string> = { organisationId: q.organisationId };
	if (q.motifId) shared.motifId = q.motifId;
	if (q.lieuId) shared.lieuId = q.lieuId;
	if (q.status) shared.status = q.status === 'a_renseigner' || q.status === 'a_venir' ? 'unknown' : q.status;
	const canSee = (rdv: ListedRdv) =>
		scope.kind === 'all' ||
		canSeeRdv(viewer, {
			organisationId: q.organisationId,
			serviceId: String(rdv.serviceId),
			agentIds: rdv.agentIds.map(String)
		});
	const keep = (rdv: ListedRdv, bucket: Bucket) => {
		const t = rdv.startsAt.getTime();
		return (
			t >= bucket.lo &&
			t < bucket.hi &&
			isAfter(t, String(rdv._id), position) &&
			(!q.agentId || rdv.agentIds.some((a) => String(a) === q.agentId)) &&
			(!q.usagerId || rdv.participants.some((p) => String(p.usagerId) === q.usagerId)) &&
			canSee(rdv)
		);
	};

	const buckets = planBuckets(q, timeZone, position.t, hi);
	const { page, nextCursor } = await walkByStart({
		buckets,
		limit,
		read: async (bucket) =>
			(
				await Rdv.find(
					{
						...shared,
						...bucket.select,
						startsAt: { $gte: new Date(Math.max(bucket.lo, position.t)), $lt: new Date(bucket.hi) }
					},
					LIST_PROJECTION
				).lean<ListedRdv[]>()
			).filter((rdv) => keep(rdv, bucket)),
		// One agent's week, or a day narrowed by another equality, holds few RDVs: read several at once from the
		// start rather than paying one round trip each.
		firstBatch: q.agentId ? 4 : q.motifId || q.lieuId || q.status ? 2 : 1,
		maxBatch: 14,
		budget: { cost: (bucket) => bucket.days, max: SCAN_BUDGET_DAYS }
	});
	const membersStamp = organisation.stamps?.members ?? undefined;
	return { timeZone, items: await describe(q.organisationId, timeZone, page, now, membersStamp), nextCursor };
}

/** Motif, lieu, agent and usager names for one page. */
async function describe(
	organisationId: string,
	timeZone: string,
	rdvs: ListedRdv[],
	now: Date,
	membersStamp: string | undefined
) {
	if (rdvs.length === 0) return [];
	const names = await loadRdvNames(organisationId, rdvs, { membersStamp });
	return rdvs.map((rdv): RdvListItem => {
		const status = rdv.status as RdvStatus;
		return {
			id: String(rdv._id),
			startsAt: rdv.startsAt.toISOString(),
			endsAt: rdv.endsAt.toISOString(),
			day: localDay(rdv.startsAt, timeZone),
			time: localTime(rdv.startsAt, timeZone),
			durationMinutes: durationOf(rdv),
			status,
			toFill: status === 'unknown' && rdv.startsAt.getTime() <= now.getTime(),
			motif: names.motifOf(rdv),
			locationType: rdv.locationType as LocationType,
			lieu: names.lieuOf(rdv),
			singleUseAddress: rdv.singleUseAddress || undefined,
			agents: names.agentsOf(rdv),
			participants: names.participantsOf(rdv),
			collective: rdv.collective ?? false,
			title: rdv.title || undefined,
			maxParticipants: rdv.maxParticipants ?? undefined
		};
	});
}

// ---- « N RDV à renseigner » ----

export interface RdvsToFill {
	count: number;
	/** First local day of the window counted, for the link to the list. */
	from: string;
	to: string;
}

/**
 * The viewer's own RDVs in this organisation that started before now and are still `unknown`, over the last
 * TO_FILL_WINDOW_WEEKS ISO weeks: one query per week on `agentWeeks` + organisation + status, all equalities,
 * so it reads only the agent's unfilled RDVs of those weeks (plus this week's upcoming ones).
 */
export async function countRdvsToFill(
	viewer: Pick<AgentPrincipal, 'id'>,
	organisationId: string,
	timeZone: string,
	now: Date = new Date()
): Promise<RdvsToFill> {
	const to = localDay(now, timeZone);
	const from = toFillWindowStart(to);
	const weeks = [...new Set(daysBetween(from, to).map(isoWeek))];
	const lo = toInstant(from, '00:00', timeZone);
	const perWeek = await Promise.all(
		weeks.map((week) =>
			Rdv.find(
				{ agentWeeks: `${viewer.id}:${week}`, organisationId, status: 'unknown', startsAt: { $gte: lo, $lte: now } },
				{ _id: 1 }
			).lean()
		)
	);
	// An overnight RDV across a week boundary is found in both weeks.
	return { count: new Set(perWeek.flat().map((r) => String(r._id))).size, from, to };
}
