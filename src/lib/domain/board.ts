/**
 * The supervisors' live board (PRODUCT.md §10, issue 17): today's RDVs of one organisation summed up — counters
 * by status, occupancy per agent (booked vs open time), RDVs « à renseigner » and the latest changes. Pure: the
 * server computes the first render with it, and the browser recomputes after each `board.rdv` message from the
 * cards it holds (no request after a change). Time is a parameter.
 */
import type { NextCreneauDto } from './dto.ts';
import type { BoardRdvChanged, RdvChange } from './realtime.ts';
import type { BoardCard, RdvCardPerson } from './rdv-card.ts';
import { isActiveRdvStatus, RDV_STATUS_LABELS, unknownPhase } from './rdv-status.ts';
import type { RdvStatus } from './types.ts';

/** An interval of instants, in epoch milliseconds, `start < end`. */
export interface Span {
	start: number;
	end: number;
}

const MINUTE = 60_000;

/** Sorted, non-overlapping spans covering the same instants (touching spans are joined). */
export function unionSpans(spans: readonly Span[]): Span[] {
	const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
	const out: Span[] = [];
	for (const s of sorted) {
		const last = out.at(-1);
		if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
		else out.push({ start: s.start, end: s.end });
	}
	return out;
}

/** The instants of `spans` outside every span of `removed`, clipped to `within`. */
export function subtractSpans(spans: readonly Span[], removed: readonly Span[], within: Span): Span[] {
	const cut = unionSpans(removed);
	const out: Span[] = [];
	for (const span of unionSpans(spans)) {
		let start = Math.max(span.start, within.start);
		const end = Math.min(span.end, within.end);
		for (const r of cut) {
			if (r.end <= start || r.start >= end) continue;
			if (r.start > start) out.push({ start, end: r.start });
			start = Math.max(start, r.end);
		}
		if (start < end) out.push({ start, end });
	}
	return out;
}

export const spanMinutes = (spans: readonly Span[]) =>
	Math.round(spans.reduce((sum, s) => sum + (s.end - s.start), 0) / MINUTE);

/** An agent's open time on the day: its plages of this organisation, minus its absences and closing holidays. */
export function openMinutes(plages: readonly Span[], closed: readonly Span[], day: Span): number {
	return spanMinutes(subtractSpans(plages, closed, day));
}

/** What the board counts: « unknown » is split by time, as the RDV list says it. */
export const BOARD_STATUSES = ['upcoming', 'to_fill', 'seen', 'noshow', 'excused', 'revoked'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export const BOARD_STATUS_LABELS: Record<BoardStatus, string> = {
	upcoming: 'À venir',
	to_fill: 'À renseigner',
	seen: RDV_STATUS_LABELS.seen,
	noshow: RDV_STATUS_LABELS.noshow,
	excused: RDV_STATUS_LABELS.excused,
	revoked: RDV_STATUS_LABELS.revoked
};

export function boardStatus(card: Pick<BoardCard, 'status' | 'startsAt' | 'timeZone'>, now: Date): BoardStatus {
	if (card.status !== 'unknown') return card.status;
	return unknownPhase({ startsAt: new Date(card.startsAt), timeZone: card.timeZone }, now) === 'to_fill'
		? 'to_fill'
		: 'upcoming';
}

export type BoardCounters = Record<BoardStatus, number> & { total: number };

/** An agent of the organisation and its open time today (minutes). */
export interface BoardAgent extends RdvCardPerson {
	openMinutes: number;
}

export interface AgentOccupancy extends RdvCardPerson {
	/** Minutes of the day covered by the agent's RDVs that still hold (cancelled ones free the time). */
	bookedMinutes: number;
	openMinutes: number;
	/** Booked over open time, rounded; null without open time. Above 100 when RDVs run outside the plages. */
	percent: number | null;
	rdvCount: number;
}

export interface BoardFeedEntry {
	rdvId: string;
	/** ISO instant of the change. */
	at: string;
	/** Known from a live message; cards alone only tell the last change happened. */
	change?: RdvChange;
	actor?: RdvCardPerson;
	status: RdvStatus;
	startsAt: string;
	motifName: string;
	agents: RdvCardPerson[];
}

export interface Board {
	day: string;
	counters: BoardCounters;
	occupancy: AgentOccupancy[];
	/** Totals over the agents (the territory view's one figure per organisation). */
	bookedMinutes: number;
	openMinutes: number;
	percent: number | null;
	/** Today's started RDVs whose status is still unknown, earliest first. */
	toFill: BoardCard[];
	latest: BoardFeedEntry[];
}

export interface BoardInput {
	/** The organisation's local day and its bounds. */
	day: string;
	dayStart: number;
	dayEnd: number;
	cards: readonly BoardCard[];
	agents: readonly BoardAgent[];
	/** Live messages received since the first render, oldest first. */
	live?: readonly BoardRdvChanged[];
	now: Date;
	/** How many changes the feed keeps. */
	latestLimit?: number;
}

export const percentOf = (booked: number, open: number): number | null =>
	open > 0 ? Math.round((booked / open) * 100) : null;

const byName = (a: RdvCardPerson, b: RdvCardPerson) =>
	a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr');

function occupancyOf(input: BoardInput): AgentOccupancy[] {
	const day = { start: input.dayStart, end: input.dayEnd };
	const booked = new Map<string, { person: RdvCardPerson; spans: Span[]; count: number }>();
	for (const agent of input.agents) booked.set(agent.id, { person: agent, spans: [], count: 0 });
	for (const card of input.cards) {
		if (!isActiveRdvStatus(card.status)) continue;
		const span = { start: Date.parse(card.startsAt), end: Date.parse(card.endsAt) };
		for (const agent of card.agents) {
			let entry = booked.get(agent.id);
			// An agent who left the organisation keeps its RDVs of the day: still shown, without open time.
			if (!entry) booked.set(agent.id, (entry = { person: agent, spans: [], count: 0 }));
			entry.spans.push(span);
			entry.count++;
		}
	}
	const open = new Map(input.agents.map((a) => [a.id, a.openMinutes]));
	return [...booked.values()]
		.map(({ person, spans, count }) => {
			const bookedMinutes = spanMinutes(subtractSpans(spans, [], day));
			const openMinutes = open.get(person.id) ?? 0;
			return {
				id: person.id,
				firstName: person.firstName,
				lastName: person.lastName,
				bookedMinutes,
				openMinutes,
				percent: percentOf(bookedMinutes, openMinutes),
				rdvCount: count
			};
		})
		.filter((o) => o.openMinutes > 0 || o.rdvCount > 0)
		.sort(byName);
}

function entryOf(card: BoardCard, at: string, actor?: RdvCardPerson, change?: RdvChange): BoardFeedEntry {
	return {
		rdvId: card.id,
		at,
		...(change ? { change } : {}),
		...(actor ? { actor } : {}),
		status: card.status,
		startsAt: card.startsAt,
		motifName: card.motif.name,
		agents: card.agents
	};
}

/**
 * The latest changes, newest first: every live message about today (or moving an RDV out of today), and the
 * last change of each held card that no live message has told more recently.
 */
export function latestChanges(
	cards: readonly BoardCard[],
	live: readonly BoardRdvChanged[],
	day: string,
	limit = 10
): BoardFeedEntry[] {
	const told = new Set<string>();
	const entries: BoardFeedEntry[] = [];
	for (const message of live) {
		told.add(message.rdvId);
		entries.push(entryOf(message.card, message.at, message.actor, message.change));
	}
	for (const card of cards) {
		if (!told.has(card.id) && card.days.includes(day)) entries.push(entryOf(card, card.updatedAt, card.updatedBy));
	}
	return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, limit);
}

export function computeBoard(input: BoardInput): Board {
	const counters = Object.fromEntries([...BOARD_STATUSES, 'total'].map((k) => [k, 0])) as BoardCounters;
	const toFill: BoardCard[] = [];
	for (const card of input.cards) {
		const status = boardStatus(card, input.now);
		counters[status]++;
		counters.total++;
		if (status === 'to_fill') toFill.push(card);
	}
	toFill.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
	const occupancy = occupancyOf(input);
	const bookedMinutes = occupancy.reduce((sum, o) => sum + o.bookedMinutes, 0);
	const openTotal = occupancy.reduce((sum, o) => sum + o.openMinutes, 0);
	return {
		day: input.day,
		counters,
		occupancy,
		bookedMinutes,
		openMinutes: openTotal,
		percent: percentOf(bookedMinutes, openTotal),
		toFill,
		latest: latestChanges(input.cards, input.live ?? [], input.day, input.latestLimit)
	};
}

/**
 * The cards after a live message: the RDV is replaced (or added) while it still touches the day, dropped when it
 * was deleted or moved to another day. Returns the same array when the message is about another day (no change).
 */
export function applyBoardChange(cards: readonly BoardCard[], message: BoardRdvChanged, day: string): BoardCard[] {
	const held = cards.some((c) => c.id === message.rdvId);
	const today = message.change !== 'deleted' && message.card.days.includes(day);
	if (!held && !today) return cards as BoardCard[];
	const others = cards.filter((c) => c.id !== message.rdvId);
	if (!today) return others;
	return [...others, message.card].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** Whether a live message concerns the board of `day` (a change to today's cards, or one leaving today). */
export function concernsDay(cards: readonly BoardCard[], message: BoardRdvChanged, day: string): boolean {
	return message.card.days.includes(day) || cards.some((c) => c.id === message.rdvId);
}

/** The board's « prochain créneau » of one motif open online (computed on the server, shown as is). */
export interface MotifNextSlot {
	motif: { id: string; name: string; color: string };
	next: NextCreneauDto | null;
	/** Why there is none (French), when there is none. */
	emptyMessage?: string;
}
