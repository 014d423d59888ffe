/**
 * The RDV list of an organisation (filters, sorted by start, cursor pagination) and the « N RDV à renseigner »
 * count.
 *
 * The embedded database decodes every document it returns (~0.5–1 ms an RDV) and only pushes top-level
 * equalities down, so a page is never read with a bare date range. It walks the period bucket by bucket: the
 * organisation's day cards (db/read-models/rdv-day-cards.ts: one document per local day, selected by its key;
 * filters applied in code), or, when an agent or an usager is chosen, the few RDVs selected by their equality key
 * (`agentWeeks`, one ISO week of one agent; `usagerIds`) with the scalar filters pushed down. Buckets are read in
 * growing parallel batches until the page is full, and at most SCAN_BUDGET_DAYS of the period per request: a
 * sparse filter then answers a short page whose cursor resumes where the scan stopped, instead of reading a year. */
import { isObjectIdOrHexString } from 'mongoose';
import { addDays, compareDays, daysBetween, isoWeek, localDay, toInstant } from '../../domain/local-time.ts';
import { dayError } from '../../domain/calendar-day.ts';
import { canSeeRdv, organisationScope } from '../../domain/permissions.ts';
import type { RdvCard } from '../../domain/rdv-card.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { Organisation } from '../db/models/organisation.ts';
import { Rdv } from '../db/models/rdv.ts';
import { readStoredDayCards } from '../db/read-models/rdv-day-cards.ts';
import { stampsOf } from '../db/stamps.ts';
import { Territory } from '../db/models/territory.ts';
import { CARD_PROJECTION, storedCardOf, type CardRdv } from './rdv-cards/card.ts';
import { withCurrentNames } from './rdv-cards/read.ts';
import { listItemOf, type ListFilters, type RdvListItem } from '../../rdv-list-item.ts';
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

export interface RdvListQuery extends Omit<ListFilters, 'status'> {
	organisationId: string;
	status?: RdvListStatus;
	cursor?: string;
	limit?: number;
}

export type { RdvListItem } from '../../rdv-list-item.ts';

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
	/** One local day of the organisation (its day cards), or equalities selecting RDVs (an agent's week, an usager). */
	day?: string;
	select?: Record<string, string>;
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
	// One person's RDVs in one organisation: few, so one equality reads them all.
	if (q.usagerId) return [{ select: { usagerIds: q.usagerId }, lo, hi, days: 0 }];
	const days = daysBetween(localDay(new Date(lo), timeZone), localDay(new Date(hi - 1), timeZone));
	const dayWindow = (day: string) => ({
		lo: Math.max(lo, toInstant(day, '00:00', timeZone).getTime()),
		hi: Math.min(hi, toInstant(addDays(day, 1), '00:00', timeZone).getTime())
	});
	if (!q.agentId) return days.map((day) => ({ day, ...dayWindow(day), days: 1 }));
	// One agent's RDVs are a few of each day's: its ISO weeks' RDVs cost less than the organisation's day cards.
	const weeks = new Map<string, string[]>();
	for (const day of days) weeks.set(isoWeek(day), [...(weeks.get(isoWeek(day)) ?? []), day]);
	return [...weeks].map(([week, inWeek]) => ({
		select: { agentWeeks: `${q.agentId}:${week}` },
		lo: dayWindow(inWeek[0]!).lo,
		hi: dayWindow(inWeek.at(-1)!).hi,
		days: inWeek.length
	}));
}

/** A card in the walk's (startsAt, _id) order. */
interface Walked {
	startsAt: Date;
	_id: string;
	card: RdvCard;
}

/**
 * The cards of a bucket: the organisation's day document, or the RDVs its equalities select (plus the query's
 * scalar filters, pushed down too), carded from their own fields (names are set once for the page).
 */
async function readBucket(organisationId: string, bucket: Bucket, pushed: Record<string, string>) {
	if (bucket.day) return readStoredDayCards(organisationId, [bucket.day]);
	const rdvs = await Rdv.find(
		{
			...pushed,
			...bucket.select,
			organisationId,
			startsAt: { $gte: new Date(bucket.lo), $lt: new Date(bucket.hi) }
		},
		CARD_PROJECTION
	).lean<CardRdv[]>();
	return rdvs.map(storedCardOf);
}

function checkId(field: string, value: string | undefined) {
	if (value !== undefined && !isObjectIdOrHexString(value))
		throw new RdvListQueryError(field, 'Identifiant invalide : 24 caractères hexadécimaux attendus.');
}

/** Whether a card passes the query's filters (the stored statuses; « à renseigner » and « à venir » are `unknown`). */
function matches(card: RdvCard, q: RdvListQuery): boolean {
	const status = q.status === 'a_renseigner' || q.status === 'a_venir' ? 'unknown' : q.status;
	return (
		(!q.agentId || card.agents.some((a) => a.id === q.agentId)) &&
		(!q.usagerId || card.participants.some((p) => p.usagerId === q.usagerId)) &&
		(!q.motifId || card.motif.id === q.motifId) &&
		(!q.lieuId || card.lieu?.id === q.lieuId) &&
		(!status || card.status === status)
	);
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

	const canSee = (card: RdvCard) =>
		scope.kind === 'all' ||
		canSeeRdv(viewer, {
			organisationId: q.organisationId,
			serviceId: card.motif.serviceId,
			agentIds: card.agents.map((a) => a.id)
		});
	const keep = (card: RdvCard, bucket: Bucket) => {
		const t = Date.parse(card.startsAt);
		// A card is in every day its RDV touches: the day it starts in owns it.
		return (
			t >= Math.max(bucket.lo, position.t) &&
			t < bucket.hi &&
			isAfter(t, card.id, position) &&
			matches(card, q) &&
			canSee(card)
		);
	};

	const pushed: Record<string, string> = {};
	if (q.motifId) pushed.motifId = q.motifId;
	if (q.lieuId) pushed.lieuId = q.lieuId;
	if (q.status) pushed.status = q.status === 'a_renseigner' || q.status === 'a_venir' ? 'unknown' : q.status;
	const { page, nextCursor } = await walkByStart<Bucket, Walked>({
		buckets: planBuckets(q, timeZone, position.t, hi),
		limit,
		read: async (bucket) =>
			(await readBucket(q.organisationId, bucket, pushed))
				.filter((card) => card.organisationId === q.organisationId && keep(card, bucket))
				.map((card) => ({ startsAt: new Date(card.startsAt), _id: card.id, card })),
		// An agent's week, or a day narrowed by a filter, holds few RDVs: read several at once from the start rather
		// than paying one round trip each.
		firstBatch: q.agentId ? 4 : q.motifId || q.lieuId || q.status ? 2 : 1,
		maxBatch: 14,
		budget: { cost: (bucket) => bucket.days, max: SCAN_BUDGET_DAYS }
	});
	const cards = await withCurrentNames(
		q.organisationId,
		page.map((w) => w.card),
		stampsOf(organisation)
	);
	return { timeZone, items: cards.map((card) => listItemOf(card, timeZone, now)), nextCursor };
}

export { listItemOf };

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
