/**
 * The slot engine (créneaux). Free time of an agent for a motif =
 *   occurrences of the agent's plages offering the motif
 *   − public holidays of the territory (unless it allows work on holidays)
 *   − the agent's absences − the agent's active RDVs in any organisation,
 * kept per lieu. Slots are cut from the start of each free block with step = motif duration and must fit
 * entirely. Usagers only see free time inside their booking window [roundUp5(now) + min delay, now + max delay];
 * agents are not bound by the motif's delays (only past time is left out unless asked for).
 *
 * Everything is sorted-interval arithmetic on epoch milliseconds: RDVs are indexed once per agent (sorted,
 * merged), each range then costs O(occurrences + RDVs in range) per agent. slots-oracle.ts is the
 * minute-by-minute reference the property tests compare against.
 */
import { holidaysBetween, type Holiday } from './holidays.ts';
import {
	compileRule,
	ruleMatches,
	type CompiledRule,
	type OccurrenceException,
	type Recurrence
} from './recurrence.ts';
import {
	addMonths,
	dayFromNumber,
	dayNumber,
	instantToZoned,
	MINUTE_MS,
	minutesOfDay,
	roundDownToGrain,
	roundUpToGrain,
	toEpochMs,
	zonedToInstant,
	type InstantLike
} from './time.ts';
import type { RdvStatus } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// Inputs: plain objects (string ids), whatever the storage.

export interface PlageInput {
	id: string;
	agentId: string;
	organisationId?: string;
	lieuId?: string | null;
	motifIds: string[];
	firstDay: string;
	startTime: string;
	endTime: string;
	recurrence?: Recurrence | null;
	exceptions?: OccurrenceException[] | null;
	timeZone: string;
}

/** From firstDay startTime to endDay endTime; a recurring absence is single-day and repeats those hours. */
export interface AbsenceInput {
	id?: string;
	agentId: string;
	firstDay: string;
	endDay: string;
	startTime: string;
	endTime: string;
	recurrence?: Recurrence | null;
	timeZone: string;
}

export interface RdvInput {
	id?: string;
	/** Informative only: an agent's RDV blocks their time whatever its organisation. */
	organisationId?: string;
	startsAt: InstantLike;
	endsAt: InstantLike;
	agentIds: string[];
	status: RdvStatus;
}

/** A collective RDV of the motif; `participantCount` counts participants still expected (not excused/revoked). */
export interface CollectiveSessionInput extends RdvInput {
	id: string;
	motifId: string;
	lieuId?: string | null;
	maxParticipants?: number | null;
	participantCount: number;
}

export interface MotifInput {
	id: string;
	durationMinutes: number;
	collective?: boolean;
	minBookingDelayMinutes: number;
	maxBookingDelayMinutes: number;
}

export interface TerritoryInput {
	/** Département number ('62', '974'): holidays depend on it. */
	departement: string;
	timeZone: string;
	allowWorkOnHolidays: boolean;
}

export interface AvailabilityInput {
	motif: MotifInput;
	territory: TerritoryInput;
	/** Plages of the searched agents (those not offering the motif are ignored). */
	plages: PlageInput[];
	/** Absences of the searched agents. */
	absences: AbsenceInput[];
	/** RDVs of the searched agents in every organisation (inactive ones are ignored). */
	rdvs: RdvInput[];
	/** Collective motifs: the motif's sessions. */
	sessions?: CollectiveSessionInput[];
}

export type Audience = 'agent' | 'usager';

export interface SlotQuery {
	/** Local days [from, to) in the territory's zone. */
	from: string;
	to: string;
	now: InstantLike;
	audience: Audience;
	agentIds?: string[];
	lieuIds?: string[];
	/** Agents only: also offer slots that already started (default: from now on). */
	includePast?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs

export interface Slot {
	agentId: string;
	lieuId?: string;
	startsAt: Date;
	endsAt: Date;
	/** Local day and 'HH:MM' start in the territory's zone. */
	day: string;
	time: string;
}

export interface AgentSlots {
	agentId: string;
	slots: Slot[];
}

/** Why a search found nothing, for the empty states. */
export type EmptyReason = 'no_plage' | 'all_taken' | 'outside_window';

export interface SlotSearchResult {
	/** Every agent having a plage for the motif (after filters), in the order of `agentIds` or of the plages. */
	agents: AgentSlots[];
	/** All slots by start time, then agent order. */
	slots: Slot[];
	emptyReason?: EmptyReason;
}

/** One entry per (lieu, start time) with the agents free then. */
export interface MergedSlot {
	lieuId?: string;
	startsAt: Date;
	endsAt: Date;
	day: string;
	time: string;
	agentIds: string[];
}

export interface CollectiveSession {
	rdvId: string;
	agentIds: string[];
	lieuId?: string;
	startsAt: Date;
	endsAt: Date;
	day: string;
	time: string;
	/** null when the session has no maximum. */
	seatsLeft: number | null;
}

export interface NextAvailability {
	startsAt: Date;
	day: string;
	time: string;
	lieuId?: string;
	/** Agents free at that time and lieu (the session's agents for a collective motif). */
	agentIds: string[];
}

// ---------------------------------------------------------------------------------------------------------------

export const INACTIVE_RDV_STATUSES: readonly RdvStatus[] = ['excused', 'revoked'];

/** RDVs that hold the agent's time: everything but excused (cancelled by the usager) and revoked (by the service). */
export function isActiveRdvStatus(status: RdvStatus): boolean {
	return !INACTIVE_RDV_STATUSES.includes(status);
}

/** Instants a slot must lie within: [start, end). */
export interface TimeWindow {
	start: number;
	end: number;
}

/**
 * The booking window: usagers get the motif's delays, the earliest start rounded up to the 5-minute grain (a
 * minimum delay of 7 minutes must not open slots at 10:07); agents only lose the past.
 */
export function bookingWindow(
	motif: Pick<MotifInput, 'minBookingDelayMinutes' | 'maxBookingDelayMinutes'>,
	now: InstantLike,
	audience: Audience,
	includePast = false
): TimeWindow {
	const nowMs = toEpochMs(now);
	if (audience === 'usager')
		return {
			start: roundUpToGrain(nowMs + motif.minBookingDelayMinutes * MINUTE_MS),
			end: nowMs + motif.maxBookingDelayMinutes * MINUTE_MS
		};
	return { start: includePast ? -Infinity : roundUpToGrain(nowMs), end: Infinity };
}

// ---------------------------------------------------------------------------------------------------------------
// Preparation: compile plage rules and index busy time per agent, once per search.

interface PreparedPlage {
	rule: CompiledRule;
	start: number;
	end: number;
	lieuId: string;
	timeZone: string;
	exceptions: Map<number, OccurrenceException> | null;
}

interface PreparedAgent {
	agentId: string;
	plages: PreparedPlage[];
	/** Merged busy time from RDVs and one-off absences: sorted, disjoint. */
	busyStarts: number[];
	busyEnds: number[];
	recurringAbsences: PreparedPlage[];
}

interface Prepared {
	input: AvailabilityInput;
	agents: PreparedAgent[];
	holidayCache: Map<number, boolean>;
}

function preparePlage(p: {
	firstDay: string;
	startTime: string;
	endTime: string;
	recurrence?: Recurrence | null;
	exceptions?: OccurrenceException[] | null;
	lieuId?: string | null;
	timeZone: string;
}): PreparedPlage {
	return {
		rule: compileRule(p.firstDay, p.recurrence),
		start: minutesOfDay(p.startTime),
		end: minutesOfDay(p.endTime),
		lieuId: p.lieuId ?? '',
		timeZone: p.timeZone,
		exceptions: p.exceptions?.length ? exceptionsByDayNumber(p.exceptions) : null
	};
}

/** Exceptions by day number; should a day appear twice, the first one counts (as in recurrence.ts). */
function exceptionsByDayNumber(exceptions: OccurrenceException[]): Map<number, OccurrenceException> {
	const map = new Map<number, OccurrenceException>();
	for (const e of exceptions) {
		const n = dayNumber(e.day);
		if (!map.has(n)) map.set(n, e);
	}
	return map;
}

/**
 * Union of [start, end) intervals given as parallel arrays (empty ones dropped), as sorted disjoint arrays;
 * touching intervals merge. Coverage at an instant is (#starts ≤ t) − (#ends ≤ t) whatever the pairing, so starts
 * and ends are sorted separately — natively, as typed arrays — and swept once: no comparator, no tuples.
 */
function union(starts: number[], ends: number[]): { starts: number[]; ends: number[] } {
	const n = starts.length;
	const s = new Float64Array(n);
	const e = new Float64Array(n);
	let m = 0;
	for (let i = 0; i < n; i++) {
		if (ends[i] > starts[i]) {
			s[m] = starts[i];
			e[m++] = ends[i];
		}
	}
	const ss = s.subarray(0, m).sort();
	const es = e.subarray(0, m).sort();
	const out = { starts: [] as number[], ends: [] as number[] };
	let i = 0;
	let active = 0;
	let segmentStart = 0;
	for (let j = 0; j < m;) {
		if (i < m && ss[i] <= es[j]) {
			if (active++ === 0) segmentStart = ss[i];
			i++;
		} else {
			if (--active === 0) {
				out.starts.push(segmentStart);
				out.ends.push(es[j]);
			}
			j++;
		}
	}
	return out;
}

function prepare(input: AvailabilityInput, agentIds?: string[], lieuIds?: string[]): Prepared {
	const wantedLieux = lieuIds?.length ? new Set(lieuIds) : null;
	const byAgent = new Map<string, PreparedAgent>();
	const order = agentIds ?? [];
	const allowed = agentIds ? new Set(agentIds) : null;
	for (const p of input.plages) {
		if (allowed && !allowed.has(p.agentId)) continue;
		if (!p.motifIds.includes(input.motif.id)) continue;
		// A lieu filter keeps the plage if any occurrence may be at a wanted lieu (exceptions may move one).
		if (wantedLieux && !wantedLieux.has(p.lieuId ?? '') && !p.exceptions?.some((e) => wantedLieux.has(e.lieuId ?? '')))
			continue;
		let agent = byAgent.get(p.agentId);
		if (!agent) {
			agent = { agentId: p.agentId, plages: [], busyStarts: [], busyEnds: [], recurringAbsences: [] };
			byAgent.set(p.agentId, agent);
			if (!agentIds) order.push(p.agentId);
		}
		agent.plages.push(preparePlage(p));
	}

	const busy = new Map<string, { starts: number[]; ends: number[] }>();
	for (const id of byAgent.keys()) busy.set(id, { starts: [], ends: [] });
	for (const r of input.rdvs) {
		if (!isActiveRdvStatus(r.status)) continue;
		let s = NaN;
		let e = NaN;
		for (const a of r.agentIds) {
			const list = busy.get(a);
			if (!list) continue;
			if (Number.isNaN(s)) {
				// An RDV holds its agents' time in whole 5-minute claim buckets (services/claims.ts): read it the
				// same way, so that no offered slot meets a taken bucket. New RDVs are on the grain already
				// (booking-rules.ts); this covers those saved before, e.g. 7 minutes at 09:00 holds 09:00–09:10.
				s = roundDownToGrain(toEpochMs(r.startsAt));
				e = roundUpToGrain(toEpochMs(r.endsAt));
			}
			list.starts.push(s);
			list.ends.push(e);
		}
	}
	for (const a of input.absences) {
		const agent = byAgent.get(a.agentId);
		if (!agent) continue;
		if (a.recurrence) agent.recurringAbsences.push(preparePlage(a));
		else {
			const list = busy.get(a.agentId)!;
			list.starts.push(zonedToInstant(a.firstDay, a.startTime, a.timeZone));
			list.ends.push(zonedToInstant(a.endDay, a.endTime, a.timeZone));
		}
	}
	for (const [id, list] of busy) {
		const merged = union(list.starts, list.ends);
		const agent = byAgent.get(id)!;
		agent.busyStarts = merged.starts;
		agent.busyEnds = merged.ends;
	}
	return {
		input,
		agents: order.flatMap((id) => byAgent.get(id) ?? []),
		holidayCache: new Map()
	};
}

function isHolidayNumber(prepared: Prepared, n: number): boolean {
	const t = prepared.input.territory;
	if (t.allowWorkOnHolidays) return false;
	let holiday = prepared.holidayCache.get(n);
	if (holiday === undefined) {
		const day = dayFromNumber(n);
		holiday = holidaysBetween(t.departement, day, dayFromNumber(n + 1)).length > 0;
		prepared.holidayCache.set(n, holiday);
	}
	return holiday;
}

interface Block {
	start: number;
	end: number;
	lieuId: string;
}

/**
 * Occurrence intervals of a plage for day numbers [fromN, toN), exceptions applied; days for which `skipDay`
 * is true are left out and counted (the return value).
 */
function pushOccurrences(
	p: PreparedPlage,
	fromN: number,
	toN: number,
	skipDay: ((n: number) => boolean) | null,
	out: Block[]
): number {
	let skipped = 0;
	const end = Math.min(toN, p.rule.last + 1);
	for (let n = Math.max(fromN, p.rule.first); n < end; n++) {
		if (!ruleMatches(p.rule, n)) continue;
		const e = p.exceptions?.get(n);
		if (e?.cancelled) continue;
		if (skipDay?.(n)) {
			skipped++;
			continue;
		}
		const startMin = e?.startTime ? minutesOfDay(e.startTime) : p.start;
		const endMin = e?.endTime ? minutesOfDay(e.endTime) : p.end;
		const start = zonedToInstant(n, startMin, p.timeZone);
		const stop = zonedToInstant(n, endMin, p.timeZone);
		if (stop > start) out.push({ start, end: stop, lieuId: e?.lieuId ?? p.lieuId });
	}
	return skipped;
}

/** First index whose busy end is after `t` (binary search). */
function firstBusyAfter(ends: number[], t: number): number {
	let lo = 0;
	let hi = ends.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (ends[mid] <= t) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

interface AgentRange {
	slots: Slot[];
	lieuCount: number;
	hadOccurrence: boolean;
	/** A slot would fit if the booking window were ignored. */
	fitsIgnoringWindow: boolean;
}

/** Free blocks and slots of one agent for day numbers [fromN, toN). */
function agentRange(
	prepared: Prepared,
	agent: PreparedAgent,
	fromN: number,
	toN: number,
	window: TimeWindow,
	wantedLieux: Set<string> | null
): AgentRange {
	const result: AgentRange = { slots: [], lieuCount: 0, hadOccurrence: false, fitsIgnoringWindow: false };
	const blocks: Block[] = [];
	const skip = prepared.input.territory.allowWorkOnHolidays ? null : (n: number) => isHolidayNumber(prepared, n);
	let onHolidays = 0;
	for (const p of agent.plages) onHolidays += pushOccurrences(p, fromN, toN, skip, blocks);
	result.hadOccurrence = onHolidays > 0 || blocks.length > 0;
	if (blocks.length === 0) return result;

	// Busy time for this range: the indexed one, plus recurring absences expanded (with a margin of two days
	// since an absence may be in another zone than the plages).
	let busyStarts = agent.busyStarts;
	let busyEnds = agent.busyEnds;
	if (agent.recurringAbsences.length) {
		const extra: Block[] = [];
		for (const a of agent.recurringAbsences) pushOccurrences(a, fromN - 2, toN + 2, null, extra);
		if (extra.length) {
			const merged = union([...busyStarts, ...extra.map((b) => b.start)], [...busyEnds, ...extra.map((b) => b.end)]);
			busyStarts = merged.starts;
			busyEnds = merged.ends;
		}
	}

	// Group by lieu (a plage's occurrences may be moved to another lieu by an exception).
	const byLieu = new Map<string, Block[]>();
	for (const b of blocks) {
		if (wantedLieux && !wantedLieux.has(b.lieuId)) continue;
		const list = byLieu.get(b.lieuId);
		if (list) list.push(b);
		else byLieu.set(b.lieuId, [b]);
	}

	const duration = prepared.input.motif.durationMinutes * MINUTE_MS;
	const timeZone = prepared.input.territory.timeZone;
	const cutSlots = (lieuId: string, freeStart: number, freeEnd: number): void => {
		if (freeEnd - freeStart >= duration) result.fitsIgnoringWindow = true;
		const s0 = Math.max(freeStart, window.start);
		const e0 = Math.min(freeEnd, window.end);
		for (let s = s0; s + duration <= e0; s += duration) {
			const local = instantToZoned(s, timeZone);
			const slot: Slot = {
				agentId: agent.agentId,
				startsAt: new Date(s),
				endsAt: new Date(s + duration),
				day: local.day,
				time: local.time
			};
			if (lieuId) slot.lieuId = lieuId;
			result.slots.push(slot);
		}
	};
	result.lieuCount = byLieu.size;
	for (const [lieuId, list] of byLieu) {
		const occ = union(
			list.map((b) => b.start),
			list.map((b) => b.end)
		);
		let j = firstBusyAfter(busyEnds, occ.starts[0]);
		for (let i = 0; i < occ.starts.length; i++) {
			let cur = occ.starts[i];
			const end = occ.ends[i];
			while (j < busyStarts.length && busyStarts[j] < end) {
				if (busyEnds[j] <= cur) {
					j++;
					continue;
				}
				if (busyStarts[j] > cur) cutSlots(lieuId, cur, busyStarts[j]);
				cur = Math.max(cur, busyEnds[j]);
				if (busyEnds[j] >= end) break;
				j++;
			}
			if (cur < end) cutSlots(lieuId, cur, end);
		}
	}
	return result;
}

function rangeNumbers(from: string, to: string): { fromN: number; toN: number } {
	return { fromN: dayNumber(from), toN: dayNumber(to) };
}

/** By start; the sort is stable, so equal starts keep the agent order they were produced in. */
function byStart(a: Slot, b: Slot): number {
	return a.startsAt.getTime() - b.startsAt.getTime();
}

function search(prepared: Prepared, fromN: number, toN: number, window: TimeWindow, lieuIds?: string[]) {
	const wantedLieux = lieuIds?.length ? new Set(lieuIds) : null;
	const agents: AgentSlots[] = [];
	const slots: Slot[] = [];
	let hadOccurrence = false;
	let fits = false;
	for (const agent of prepared.agents) {
		const r = agentRange(prepared, agent, fromN, toN, window, wantedLieux);
		hadOccurrence ||= r.hadOccurrence;
		fits ||= r.fitsIgnoringWindow;
		// Slots come out sorted per lieu; several lieux interleave.
		if (r.lieuCount > 1) r.slots.sort(byStart);
		agents.push({ agentId: agent.agentId, slots: r.slots });
		for (const s of r.slots) slots.push(s);
	}
	slots.sort(byStart);
	const result: SlotSearchResult = { agents, slots };
	if (slots.length === 0) result.emptyReason = !hadOccurrence ? 'no_plage' : fits ? 'outside_window' : 'all_taken';
	return result;
}

/** Free slots of individual motifs, per agent and all together, for local days [from, to). */
export function findSlots(input: AvailabilityInput, query: SlotQuery): SlotSearchResult {
	const prepared = prepare(input, query.agentIds, query.lieuIds);
	const window = bookingWindow(input.motif, query.now, query.audience, query.includePast);
	const { fromN, toN } = rangeNumbers(query.from, query.to);
	return search(prepared, fromN, toN, window, query.lieuIds);
}

/** The per-time view (public grid): one entry per lieu and start time, with the free agents in slot order. */
export function mergeSlotsByTime(slots: Slot[]): MergedSlot[] {
	const byStartTime = new Map<number, MergedSlot[]>();
	const out: MergedSlot[] = [];
	for (const s of slots) {
		const start = s.startsAt.getTime();
		let entries = byStartTime.get(start);
		if (!entries) byStartTime.set(start, (entries = []));
		const entry = entries.find((e) => e.lieuId === s.lieuId && e.endsAt.getTime() === s.endsAt.getTime());
		if (entry) {
			if (!entry.agentIds.includes(s.agentId)) entry.agentIds.push(s.agentId);
			continue;
		}
		const merged: MergedSlot = {
			startsAt: s.startsAt,
			endsAt: s.endsAt,
			day: s.day,
			time: s.time,
			agentIds: [s.agentId]
		};
		if (s.lieuId) merged.lieuId = s.lieuId;
		entries.push(merged);
		out.push(merged);
	}
	return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Sessions of a collective motif still open to booking (seats left, inside the window) in [from, to). */
export function findCollectiveSessions(input: AvailabilityInput, query: SlotQuery): CollectiveSession[] {
	const tz = input.territory.timeZone;
	const rangeStart = zonedToInstant(query.from, 0, tz);
	const rangeEnd = zonedToInstant(query.to, 0, tz);
	const window = bookingWindow(input.motif, query.now, query.audience, query.includePast);
	const wantedAgents = query.agentIds ? new Set(query.agentIds) : null;
	const wantedLieux = query.lieuIds?.length ? new Set(query.lieuIds) : null;
	const out: CollectiveSession[] = [];
	for (const s of input.sessions ?? []) {
		if (s.motifId !== input.motif.id || !isActiveRdvStatus(s.status)) continue;
		const start = toEpochMs(s.startsAt);
		const end = toEpochMs(s.endsAt);
		if (start < rangeStart || start >= rangeEnd || start < window.start || end > window.end) continue;
		if (wantedAgents && !s.agentIds.some((a) => wantedAgents.has(a))) continue;
		if (wantedLieux && !wantedLieux.has(s.lieuId ?? '')) continue;
		const seatsLeft = s.maxParticipants == null ? null : s.maxParticipants - s.participantCount;
		if (seatsLeft !== null && seatsLeft <= 0) continue;
		const local = instantToZoned(start, tz);
		out.push({
			rdvId: s.id,
			agentIds: [...s.agentIds],
			...(s.lieuId ? { lieuId: s.lieuId } : {}),
			startsAt: new Date(start),
			endsAt: new Date(end),
			day: local.day,
			time: local.time,
			seatsLeft
		});
	}
	return out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export const NEXT_AVAILABILITY_MONTHS = 6;

/**
 * The first bookable time from local day `from` on, searched week by week up to `horizonMonths` (default 6)
 * and stopping at the first week that has one. For usagers the search starts at the booking window.
 */
export function nextAvailability(
	input: AvailabilityInput,
	query: Omit<SlotQuery, 'to'> & { horizonMonths?: number }
): NextAvailability | null {
	const window = bookingWindow(input.motif, query.now, query.audience, query.includePast);
	const tz = input.territory.timeZone;
	let fromN = dayNumber(query.from);
	let toN = dayNumber(addMonths(query.from, query.horizonMonths ?? NEXT_AVAILABILITY_MONTHS));
	if (Number.isFinite(window.start)) fromN = Math.max(fromN, instantToZoned(window.start, tz).dayNumber);
	if (Number.isFinite(window.end)) toN = Math.min(toN, instantToZoned(window.end, tz).dayNumber + 1);
	if (fromN >= toN) return null;

	if (input.motif.collective) {
		const first = findCollectiveSessions(input, {
			...query,
			from: dayFromNumber(fromN),
			to: dayFromNumber(toN)
		})[0];
		return first
			? {
					startsAt: first.startsAt,
					day: first.day,
					time: first.time,
					...(first.lieuId ? { lieuId: first.lieuId } : {}),
					agentIds: first.agentIds
				}
			: null;
	}

	const prepared = prepare(input, query.agentIds, query.lieuIds);
	if (prepared.agents.length === 0) return null;
	for (let n = fromN; n < toN; n += 7) {
		const { slots } = search(prepared, n, Math.min(n + 7, toN), window, query.lieuIds);
		if (slots.length === 0) continue;
		const first = slots[0];
		const agentIds = slots
			.filter((s) => s.startsAt.getTime() === first.startsAt.getTime() && s.lieuId === first.lieuId)
			.map((s) => s.agentId);
		return {
			startsAt: first.startsAt,
			day: first.day,
			time: first.time,
			...(first.lieuId ? { lieuId: first.lieuId } : {}),
			agentIds
		};
	}
	return null;
}

// ---------------------------------------------------------------------------------------------------------------
// One interval of one agent, for booking checks (booking-rules.ts).

export interface IntervalInspection {
	agentId: string;
	/** Inside one opening: a plage occurrence offering the motif (at the lieu when one is given), holidays aside. */
	withinOpening: boolean;
	/** Holidays the interval touches (empty when the territory allows work on holidays). */
	holidays: Holiday[];
	absenceOverlap: boolean;
	/** Active RDVs of the agent overlapping the interval (ids; '' for RDVs without one). */
	overlappingRdvIds: string[];
	/** The interval lies entirely in the agent's free time for the motif. */
	free: boolean;
}

export function inspectInterval(
	input: AvailabilityInput,
	agentId: string,
	startsAt: InstantLike,
	endsAt: InstantLike,
	options: { lieuId?: string | null; ignoreRdvId?: string } = {}
): IntervalInspection {
	const start = toEpochMs(startsAt);
	const end = toEpochMs(endsAt);
	const tz = input.territory.timeZone;
	// Local days the interval may touch, with a margin for plages or absences in another zone.
	const fromN = instantToZoned(start, tz).dayNumber - 2;
	const toN = instantToZoned(Math.max(start, end - 1), tz).dayNumber + 3;

	const openings: Block[] = [];
	for (const p of input.plages) {
		if (p.agentId !== agentId || !p.motifIds.includes(input.motif.id)) continue;
		pushOccurrences(preparePlage(p), fromN, toN, null, openings);
	}
	const lieu = options.lieuId ?? null;
	const atLieu = openings.filter((b) => lieu === null || b.lieuId === lieu);
	const merged = union(
		atLieu.map((b) => b.start),
		atLieu.map((b) => b.end)
	);

	const withinOpening = merged.starts.some((s, i) => s <= start && end <= merged.ends[i]);

	const holidays = input.territory.allowWorkOnHolidays
		? []
		: holidaysBetween(input.territory.departement, dayFromNumber(fromN), dayFromNumber(toN)).filter((h) => {
				const n = dayNumber(h.day);
				return zonedToInstant(n, 0, tz) < end && start < zonedToInstant(n + 1, 0, tz);
			});

	const absences: Block[] = [];
	for (const a of input.absences) {
		if (a.agentId !== agentId) continue;
		if (a.recurrence) pushOccurrences(preparePlage(a), fromN, toN, null, absences);
		else
			absences.push({
				start: zonedToInstant(a.firstDay, a.startTime, a.timeZone),
				end: zonedToInstant(a.endDay, a.endTime, a.timeZone),
				lieuId: ''
			});
	}
	const absenceOverlap = absences.some((b) => b.start < end && start < b.end);

	const overlappingRdvIds = input.rdvs
		.filter(
			(r) =>
				isActiveRdvStatus(r.status) &&
				r.agentIds.includes(agentId) &&
				(options.ignoreRdvId === undefined || r.id !== options.ignoreRdvId) &&
				toEpochMs(r.startsAt) < end &&
				start < toEpochMs(r.endsAt)
		)
		.map((r) => r.id ?? '');

	return {
		agentId,
		withinOpening,
		holidays,
		absenceOverlap,
		overlappingRdvIds,
		free: withinOpening && holidays.length === 0 && !absenceOverlap && overlappingRdvIds.length === 0
	};
}
