/**
 * Socket.IO on the application's HTTP server (production entry and `vite dev` alike), authenticated with the
 * agent's session cookie.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { env } from '../env.ts';
import { events, type EventBus } from '../events.ts';
import { logger } from '../logger.ts';
import { connectRedisAdapter, type RedisAdapter } from './adapter.ts';
import { authenticateSocket, isSameOrigin, revalidateSockets } from './auth.ts';
import { bridgeDomainEvents } from './bridge.ts';
import { agentRoom, leaveForbiddenRooms, onConnection } from './rooms.ts';
import type { RealtimeServer, RealtimeSocket } from './types.ts';

export const SOCKET_PATH = '/socket.io';

export interface RealtimeOptions {
	/** How often live sockets' sessions are re-validated (revocations made on another node, expiry). */
	recheckIntervalMs?: number;
	/** Defaults to env.redisUrl. */
	redisUrl?: string;
	/**
	 * The domain event bus this node listens to (defaults to the process's). Tests running two nodes in one
	 * process give the second its own, as two processes would have.
	 */
	bus?: EventBus;
}

export interface Realtime {
	io: RealtimeServer;
	/** Re-validates every local socket's session now (what the periodic timer does). */
	recheckSessions(): Promise<void>;
	/** This process's id in the live messages' sequences. */
	node: string;
	/** Resolves once the domain events heard so far are pushed to the sockets (tests, benches). */
	idle(): Promise<void>;
	/** Closes every socket connection (clients reconnect later) without closing the HTTP server. */
	stop(): Promise<void>;
}

export async function attachRealtime(httpServer: HttpServer, options: RealtimeOptions = {}): Promise<Realtime> {
	const redisUrl = options.redisUrl ?? env.redisUrl;
	const redis: RedisAdapter | undefined = redisUrl ? await connectRedisAdapter(redisUrl) : undefined;

	const io: RealtimeServer = new Server({
		path: SOCKET_PATH,
		serveClient: false,
		// No CORS headers (same origin only); WebSockets ignore CORS, hence the Origin check.
		allowRequest: (req, callback) => callback(null, isSameOrigin(req)),
		// Other upgrades on this server (Vite's HMR in dev) are not ours to destroy.
		destroyUpgrade: false,
		// Clients only send small requests (join/leave a planning): refuse big payloads early.
		maxHttpBufferSize: 64 * 1024,
		...(redis ? { adapter: redis.adapter } : {})
	});

	io.use((socket, next) => void authenticateSocket(socket, next));
	io.on('connection', onConnection);

	const localSockets = () => io.of('/').sockets.values();
	const recheck = async (sockets: Iterable<RealtimeSocket>) => {
		for (const socket of await revalidateSockets(sockets)) leaveForbiddenRooms(socket);
	};
	const recheckAgent = (agentId: string) => {
		const room = io.of('/').adapter.rooms.get(agentRoom(agentId));
		if (!room) return Promise.resolve();
		const sockets = [...room].flatMap((id) => io.of('/').sockets.get(id) ?? []);
		return recheck(sockets);
	};

	// A sign-out on this node is acted on at once (and relayed to the other nodes); the periodic sweep catches
	// everything else (expiry, revocations without an event).
	const bus = options.bus ?? events;
	const offSignedOut = bus.on('agent.signedOut', async ({ agentId }) => {
		if (redis) io.serverSideEmit('agent.signedOut', agentId);
		await recheckAgent(agentId);
	});
	io.on('agent.signedOut', (agentId) => void recheckAgent(agentId));
	// Rights changed (roles, services…): the agent's sockets, on every node, re-derive their rooms now.
	const offRightsChanged = bus.on('agent.rightsChanged', async ({ agentId }) => {
		if (redis) io.serverSideEmit('agent.rightsChanged', agentId);
		await recheckAgent(agentId);
	});
	io.on('agent.rightsChanged', (agentId) => void recheckAgent(agentId));

	let sweeping: Promise<void> | undefined;
	const recheckSessions = () =>
		(sweeping ??= recheck([...localSockets()])
			.catch((err: unknown) => logger.error({ err }, 'socket session sweep failed'))
			.finally(() => (sweeping = undefined)));
	const timer = setInterval(() => void recheckSessions(), options.recheckIntervalMs ?? 60_000);
	timer.unref();

	const bridge = bridgeDomainEvents(io, { bus });

	const detach = attachWhenListening(io, httpServer);

	return {
		io,
		recheckSessions,
		node: bridge.node,
		idle: () => bridge.idle(),
		async stop() {
			clearInterval(timer);
			detach();
			bridge.off();
			offSignedOut();
			offRightsChanged();
			await sweeping;
			// Not io.close(): it also closes the HTTP server, which belongs to the entry (or to Vite). Closing the
			// engine drops every connection as a transport close, so clients reconnect to another (or the restarted)
			// node; the adapter then stops listening to Redis. (io.engine is unset if the server never listened.)
			(io.engine as typeof io.engine | undefined)?.close();
			await io.of('/').adapter.close();
			await redis?.close();
		}
	};
}

/**
 * engine.io wraps the HTTP server's 'request' listeners present when it attaches, and answers /socket.io itself;
 * a listener added later would also receive /socket.io requests. The production entry adds the SvelteKit handler
 * after the runtime has started but before listening: attach once the server listens.
 */
function attachWhenListening(io: RealtimeServer, httpServer: HttpServer): () => void {
	if (httpServer.listening) {
		io.attach(httpServer);
		return () => {};
	}
	const attach = () => io.attach(httpServer);
	httpServer.once('listening', attach);
	// Stopped before the server ever listened (start-up failure): do not attach later.
	return () => httpServer.off('listening', attach);
}
