/**
 * Browser side of the live planning: one Socket.IO connection per tab, opened after sign-in (the session cookie
 * authenticates it), following organisation plannings and dispatching the server's change notices.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
	UNAUTHORIZED,
	type ClientToServerEvents,
	type JoinResult,
	type RealtimeEventName,
	type ServerToClientEvents
} from '$lib/domain/realtime';

type Listener<E extends RealtimeEventName> = ServerToClientEvents[E];

const ACK_TIMEOUT_MS = 10_000;

export interface RealtimeClientOptions {
	/** Defaults to the page's origin. */
	url?: string;
	socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export class RealtimeClient {
	/** True while the socket is connected (a banner can say "mise à jour en direct interrompue" otherwise). */
	connected = $state(false);
	/** 'unauthorized' when the session is missing or was revoked: reconnecting is pointless, sign in again. */
	error = $state<string | null>(null);

	#socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
	// Bookkeeping, never rendered: plain collections on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#organisations = new Set<string>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#listeners = new Map<RealtimeEventName, Set<(payload: never) => void>>();
	#everConnected = false;
	#options: RealtimeClientOptions;

	constructor(options: RealtimeClientOptions = {}) {
		this.#options = options;
	}

	/** Opens the connection (idempotent). Call in the browser only, once the agent is signed in. */
	connect(): void {
		if (this.#socket) {
			if (!this.#socket.connected) this.#socket.connect();
			return;
		}
		const options = { path: '/socket.io', ...this.#options.socketOptions, autoConnect: false };
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = this.#options.url
			? io(this.#options.url, options)
			: io(options);
		socket.on('connect', () => {
			this.connected = true;
			this.error = null;
			// The server forgets rooms with the connection: follow the same plannings again after a reconnect.
			if (this.#everConnected) for (const id of this.#organisations) void this.#join(id);
			this.#everConnected = true;
		});
		socket.on('disconnect', (reason) => {
			this.connected = false;
			// The server closed this socket on purpose: its session was revoked.
			if (reason === 'io server disconnect') this.error = UNAUTHORIZED;
		});
		socket.on('connect_error', (err) => {
			this.connected = false;
			this.error = err.message;
		});
		socket.onAny((event: string, payload: unknown) => {
			for (const listener of this.#listeners.get(event as RealtimeEventName) ?? []) {
				(listener as (p: unknown) => void)(payload);
			}
		});
		this.#socket = socket;
		socket.connect();
	}

	/** Follow an organisation's planning; resolves with the server's answer (forbidden for another organisation). */
	async joinPlanning(organisationId: string): Promise<JoinResult> {
		this.connect();
		this.#organisations.add(organisationId);
		const result = await this.#join(organisationId);
		// 'unavailable' (no answer in time) keeps the planning: it is joined again on reconnection.
		if (!result.ok && result.error !== 'unavailable') this.#organisations.delete(organisationId);
		return result;
	}

	leavePlanning(organisationId: string): void {
		this.#organisations.delete(organisationId);
		this.#socket?.emit('planning:leave', organisationId);
	}

	/** Listen to a change notice; returns the unsubscriber (call it in the $effect cleanup). */
	on<E extends RealtimeEventName>(event: E, listener: Listener<E>): () => void {
		let set = this.#listeners.get(event);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		if (!set) this.#listeners.set(event, (set = new Set()));
		set.add(listener as (payload: never) => void);
		return () => set.delete(listener as (payload: never) => void);
	}

	disconnect(): void {
		this.#socket?.disconnect();
		this.#socket = undefined;
		this.#everConnected = false;
		this.#organisations.clear();
		this.connected = false;
	}

	async #join(organisationId: string): Promise<JoinResult> {
		const socket = this.#socket;
		if (!socket) return { ok: false, error: 'unavailable' };
		try {
			return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('planning:join', organisationId);
		} catch {
			return { ok: false, error: 'unavailable' };
		}
	}
}

let shared: RealtimeClient | undefined;

/** The tab's connection, created on first use (browser only: never during server-side rendering). */
export function realtimeClient(): RealtimeClient {
	if (typeof window === 'undefined') throw new Error('realtimeClient() is browser-only');
	return (shared ??= new RealtimeClient());
}
