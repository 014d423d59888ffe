/**
 * The supervisors' board in the browser: the day's board cards and agents' open time as the server sent them,
 * kept current from the `board.rdv` messages of the board room and summed up again by the same pure function
 * the server used (domain/board.ts) — no request after a change. A clock moves « À venir » to « À renseigner ».
 */
import { applyBoardChange, computeBoard, concernsDay, type Board, type BoardAgent } from '$lib/domain/board';
import type { BoardRdvChanged } from '$lib/domain/realtime';
import type { BoardCard } from '$lib/domain/rdv-card';
import { realtimeClient } from './realtime.svelte';

export interface LiveBoardData {
	organisation: { id: string; name: string };
	day: string;
	dayStart: number;
	dayEnd: number;
	cards: BoardCard[];
	agents: BoardAgent[];
}

/** Live messages kept for the feed of changes. */
const KEPT_MESSAGES = 50;

export class LiveBoard {
	data = $state.raw<LiveBoardData>() as LiveBoardData;
	cards = $state.raw<BoardCard[]>([]);
	live = $state.raw<BoardRdvChanged[]>([]);
	/** Epoch milliseconds of the board's clock. */
	now = $state(Date.now());
	/** The latest message applied (for a short highlight). */
	lastChange = $state.raw<BoardRdvChanged | null>(null);
	board: Board = $derived(
		computeBoard({
			day: this.data.day,
			dayStart: this.data.dayStart,
			dayEnd: this.data.dayEnd,
			agents: this.data.agents,
			cards: this.cards,
			live: this.live,
			// A fresh value each time the clock moves, never mutated.
			// eslint-disable-next-line svelte/prefer-svelte-reactivity
			now: new Date(this.now)
		})
	);

	constructor(data: LiveBoardData, now: number) {
		this.reset(data, now);
	}

	/** Start again from fresh server data (first load, or after a reconnect). */
	reset(data: LiveBoardData, now = Date.now()): void {
		this.data = data;
		this.cards = data.cards;
		this.live = [];
		this.now = now;
	}

	/** Applies a message of this organisation; returns whether it changed today's board. */
	apply(message: BoardRdvChanged): boolean {
		if (message.organisationId !== this.data.organisation.id) return false;
		if (!concernsDay(this.cards, message, this.data.day)) return false;
		this.cards = applyBoardChange(this.cards, message, this.data.day);
		this.live = [...this.live, message].slice(-KEPT_MESSAGES);
		this.lastChange = message;
		return true;
	}
}

/**
 * Follows the board rooms of these organisations: every `board.rdv` goes to `onMessage`, the plage, absence and
 * settings notices to `onNotice`, and `onResync` runs after a reconnect (messages may have been missed meanwhile).
 * Returns the cleanup (call it from an $effect).
 */
export function followBoards(
	organisationIds: string[],
	onMessage: (message: BoardRdvChanged) => void,
	onResync: () => void,
	/** A plage or absence changed (open time: read the board again), or a motif or lieu (next free slots). */
	onNotice?: (kind: 'open-time' | 'settings', organisationId: string) => void
): () => void {
	const client = realtimeClient();
	for (const id of organisationIds) void client.joinBoard(id);
	const followed = (id: string) => organisationIds.includes(id);
	const offs = [
		client.on('board.rdv', onMessage),
		client.on('plage.changed', (m) => followed(m.organisationId) && onNotice?.('open-time', m.organisationId)),
		client.on('absence.changed', (m) => followed(m.organisationId) && onNotice?.('open-time', m.organisationId)),
		client.on('settings.changed', (m) => followed(m.organisationId) && onNotice?.('settings', m.organisationId))
	];
	// The client's onResync is about plannings (sequence numbers); a board catches up after any reconnection.
	let seen = client.reconnections;
	const stopWatch = $effect.root(() => {
		$effect(() => {
			const count = client.reconnections;
			if (count !== seen) {
				seen = count;
				onResync();
			}
		});
	});
	return () => {
		for (const off of offs) off();
		stopWatch();
		for (const id of organisationIds) client.leaveBoard(id);
	};
}

/** Ticks `board.now` every minute so started RDVs move to « À renseigner » without a message. */
export function tickEveryMinute(boards: () => LiveBoard[]): () => void {
	const timer = setInterval(() => {
		const now = Date.now();
		for (const b of boards()) b.now = now;
	}, 60_000);
	return () => clearInterval(timer);
}

/** Runs `fn` once a burst of calls is over; `cancel` for the cleanup. */
export function debounced(fn: () => void, ms: number): { call: () => void; cancel: () => void } {
	let timer: ReturnType<typeof setTimeout> | undefined;
	return {
		call: () => {
			clearTimeout(timer);
			timer = setTimeout(fn, ms);
		},
		cancel: () => clearTimeout(timer)
	};
}
