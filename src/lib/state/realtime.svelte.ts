/**
 * Browser side of the live planning: one typed Socket.IO connection per tab, opened after sign-in (the session
 * cookie authenticates it), following organisation plannings and supervisors' boards, saying what the tab looks
 * at (presence), and dispatching the server's messages ($lib/domain/realtime is the protocol).
 *
 * Stable API for the views (agenda, RDV page, lists, board, presence):
 * - `joinPlanning(orgId)` / `leavePlanning(orgId)`, `joinBoard(orgId)` / `leaveBoard(orgId)`: counted per caller, so
 *   two views of one page may follow the same planning; followed again after a reconnect.
 * - `setPresence(target | null)`: what this tab looks at (one target; null when the view goes away); sent again
 *   after a reconnect.
 * - `on(event, listener)`: the server's messages, typed; returns the unsubscriber.
 * - `onResync(listener)`: called with an organisation id when this tab may have missed some of its changes (a gap
 *   in a node's sequence numbers, or a reconnect): a view then reads its visible range again.
 * - `connected`, `status`: for the connection badge.
 * Most views should not use this client directly for RDVs but $lib/state/live-planning.svelte (batched, versioned).
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
	UNAUTHORIZED,
	type ClientToServerEvents,
	type JoinResult,
	type PresenceState,
	type PresenceTarget,
	type RealtimeEventName,
	type ServerToClientEvents
} from '$lib/domain/realtime';
import { SequenceTracker } from '$lib/live/sequence';

type Listener<E extends RealtimeEventName> = ServerToClientEvents[E];

const ACK_TIMEOUT_MS = 10_000;

/** 'idle' before the first connection; 'down' once it was lost (reconnecting); 'live' while connected. */
export type RealtimeStatus = 'idle' | 'live' | 'down';

type Room = 'planning' | 'board';

export interface RealtimeClientOptions {
	/** Defaults to the page's origin. */
	url?: string;
	socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export class RealtimeClient {
	/** True while the socket is connected. */
	connected = $state(false);
	/** What the connection badge says (see RealtimeStatus). */
	status = $state<RealtimeStatus>('idle');
	/** Connections after the first one (the badge says « Reconnecté » when it grows). */
	reconnections = $state(0);
	/** 'unauthorized' when the session is missing or was revoked: reconnecting is pointless, sign in again. */
	error = $state<string | null>(null);

	#socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
	// Bookkeeping, never rendered: plain collections on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#rooms: Record<Room, Map<string, number>> = { planning: new Map(), board: new Map() };
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#listeners = new Map<RealtimeEventName, Set<(payload: never) => void>>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#resyncListeners = new Set<(organisationId: string) => void>();
	#presence: PresenceTarget | null = null;
	#sequences = new SequenceTracker();
	#everConnected = false;
	#offline = false;
	#options: RealtimeClientOptions;

	constructor(options: RealtimeClientOptions = {}) {
		this.#options = options;
	}

	/** Opens the connection (idempotent). Call in the browser only, once the agent is signed in. */
	connect(): void {
		if (this.#socket) {
			if (!this.#socket.connected && !this.#offline) this.#socket.connect();
			return;
		}
		const options = { path: '/socket.io', ...this.#options.socketOptions, autoConnect: false };
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = this.#options.url
			? io(this.#options.url, options)
			: io(options);
		socket.on('connect', () => this.#onConnect());
		socket.on('disconnect', (reason) => {
			this.connected = false;
			this.status = 'down';
			// The server closed this socket on purpose: its session was revoked.
			if (reason === 'io server disconnect') this.error = UNAUTHORIZED;
		});
		socket.on('connect_error', (err) => {
			this.connected = false;
			if (this.#everConnected) this.status = 'down';
			this.error = err.message;
		});
		socket.onAny((event: string, payload: unknown) => this.#dispatch(event as RealtimeEventName, payload));
		this.#socket = socket;
		this.#watchNetwork();
		if (!this.#offline) socket.connect();
	}

	/** Follow an organisation's planning; resolves with the server's answer (forbidden for another organisation). */
	joinPlanning(organisationId: string): Promise<JoinResult> {
		return this.#enter('planning', organisationId);
	}

	/** Stop following it (when the last view that joined it leaves). */
	leavePlanning(organisationId: string): void {
		this.#leave('planning', organisationId);
	}

	/** Follow an organisation's supervisors' board (`board.rdv` messages): admins, secrétariat, territorial admins. */
	joinBoard(organisationId: string): Promise<JoinResult> {
		return this.#enter('board', organisationId);
	}

	leaveBoard(organisationId: string): void {
		this.#leave('board', organisationId);
	}

	/**
	 * Says what this tab looks at (an agenda, an RDV page, an RDV's edit form); null when the view goes away.
	 * Resolves with the server's answer and the agents present; sent again after a reconnect.
	 */
	async setPresence(target: PresenceTarget | null): Promise<JoinResult & { state?: PresenceState }> {
		this.#presence = target;
		if (target) this.connect();
		return this.#sendPresence();
	}

	/** Listen to a server message; returns the unsubscriber (call it in the $effect cleanup). */
	on<E extends RealtimeEventName>(event: E, listener: Listener<E>): () => void {
		let set = this.#listeners.get(event);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		if (!set) this.#listeners.set(event, (set = new Set()));
		set.add(listener as (payload: never) => void);
		return () => set.delete(listener as (payload: never) => void);
	}

	/** Called with an organisation whose changes this tab may have missed; returns the unsubscriber. */
	onResync(listener: (organisationId: string) => void): () => void {
		this.#resyncListeners.add(listener);
		return () => this.#resyncListeners.delete(listener);
	}

	disconnect(): void {
		this.#socket?.disconnect();
		this.#socket = undefined;
		this.#everConnected = false;
		this.#rooms.planning.clear();
		this.#rooms.board.clear();
		this.#presence = null;
		this.#sequences.reset();
		this.connected = false;
		this.status = 'idle';
	}

	#onConnect() {
		this.connected = true;
		this.status = 'live';
		this.error = null;
		if (!this.#everConnected) {
			this.#everConnected = true;
			return;
		}
		this.reconnections++;
		// The server forgets rooms and presence with the connection: follow the same ones again, then catch up on
		// what was missed meanwhile (the numbering restarts from the first message heard).
		this.#sequences.reset();
		for (const room of ['planning', 'board'] as const)
			for (const id of this.#rooms[room].keys()) void this.#join(room, id);
		if (this.#presence) void this.#sendPresence();
		for (const id of this.#rooms.planning.keys()) this.#resync(id);
	}

	#dispatch(event: RealtimeEventName, payload: unknown) {
		for (const listener of this.#listeners.get(event) ?? []) (listener as (p: unknown) => void)(payload);
		if (event !== 'rdv.changed') return;
		// After the message itself (it is news all the same): a jump in the numbers means changes were missed.
		const { organisationId, node, seq } = payload as Parameters<Listener<'rdv.changed'>>[0];
		if (typeof node === 'string' && typeof seq === 'number' && this.#rooms.planning.has(organisationId)) {
			if (this.#sequences.accept(organisationId, node, seq) === 'gap') this.#resync(organisationId);
		}
	}

	#resync(organisationId: string) {
		for (const listener of this.#resyncListeners) listener(organisationId);
	}

	async #enter(room: Room, organisationId: string): Promise<JoinResult> {
		this.connect();
		const followers = this.#rooms[room];
		const count = followers.get(organisationId) ?? 0;
		followers.set(organisationId, count + 1);
		const result = await this.#join(room, organisationId);
		// 'unavailable' (no answer in time) keeps the room: it is joined again on reconnection.
		if (!result.ok && result.error !== 'unavailable') this.#leave(room, organisationId, { silent: true });
		return result;
	}

	#leave(room: Room, organisationId: string, { silent = false } = {}) {
		const followers = this.#rooms[room];
		const count = followers.get(organisationId) ?? 0;
		if (count > 1) return void followers.set(organisationId, count - 1);
		followers.delete(organisationId);
		if (room === 'planning') this.#sequences.reset(organisationId);
		if (!silent) this.#socket?.emit(room === 'planning' ? 'planning:leave' : 'board:leave', organisationId);
	}

	async #join(room: Room, organisationId: string): Promise<JoinResult> {
		// Emitted while disconnected, it waits in Socket.IO's buffer until the connection opens.
		const socket = this.#socket;
		if (!socket) return { ok: false, error: 'unavailable' };
		try {
			return await socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck(room === 'planning' ? 'planning:join' : 'board:join', organisationId);
		} catch {
			return { ok: false, error: 'unavailable' };
		}
	}

	async #sendPresence(): Promise<JoinResult & { state?: PresenceState }> {
		const socket = this.#socket;
		if (!socket) return { ok: false, error: 'unavailable' };
		try {
			return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('presence:set', this.#presence);
		} catch {
			return { ok: false, error: 'unavailable' };
		}
	}

	/**
	 * The browser knows first when the network goes (Socket.IO would wait for its heartbeat, and skips this on
	 * localhost): say so at once, and reconnect as soon as it is back.
	 */
	#watchNetwork() {
		if (typeof window === 'undefined') return;
		this.#offline = navigator.onLine === false;
		window.addEventListener('offline', () => {
			this.#offline = true;
			this.#socket?.disconnect();
			this.connected = false;
			if (this.#everConnected) this.status = 'down';
		});
		window.addEventListener('online', () => {
			this.#offline = false;
			this.#socket?.connect();
		});
	}
}

let shared: RealtimeClient | undefined;

/** The tab's connection, created on first use (browser only: never during server-side rendering). */
export function realtimeClient(): RealtimeClient {
	if (typeof window === 'undefined') throw new Error('realtimeClient() is browser-only');
	return (shared ??= new RealtimeClient());
}
