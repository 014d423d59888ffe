/**
 * Socket.IO handshake authentication with the agent's session cookie, and re-validation of live sockets so
 * that a revoked session (sign-out, password reset, deactivated agent) loses its socket too.
 */
import type { IncomingMessage } from 'node:http';
import type { ExtendedError } from 'socket.io';
import { SESSION_COOKIE, validateSessionToken } from '../auth/session.ts';
import { UNAUTHORIZED } from '../../domain/realtime.ts';
import type { AgentPrincipal, SessionAgent } from '../../domain/types.ts';
import { env } from '../env.ts';
import { logger } from '../logger.ts';
import type { RealtimeSocket } from './types.ts';

/** The raw session token of each socket, kept in this process only (never in socket.data). */
const sessionTokens = new WeakMap<RealtimeSocket, string>();

/** Value of one cookie in a Cookie header (no dependency: the session cookie is a plain base32 token). */
export function readCookie(header: string | undefined, name: string): string | undefined {
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
		const raw = part.slice(eq + 1).trim();
		try {
			return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/**
 * Browsers send cookies with cross-site WebSocket handshakes and CORS does not apply to WebSockets:
 * refuse any browser origin other than our own. Clients that send no Origin (scripts) rely on the cookie alone.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	return url.origin === new URL(env.publicUrl).origin || url.host === req.headers.host;
}

/** Only what permissions need; names and email stay out of socket.data. */
function toPrincipal(agent: SessionAgent): AgentPrincipal {
	return {
		id: agent.id,
		roles: agent.roles,
		serviceIds: agent.serviceIds,
		secretariat: agent.secretariat,
		territorialRoles: agent.territorialRoles
	};
}

/** io.use() middleware: a connection without a valid session is refused with Error('unauthorized'). */
export async function authenticateSocket(socket: RealtimeSocket, next: (err?: ExtendedError) => void): Promise<void> {
	try {
		const token = readCookie(socket.request.headers.cookie, SESSION_COOKIE);
		const result = token ? await validateSessionToken(token) : null;
		if (!token || !result) return next(new Error(UNAUTHORIZED));
		sessionTokens.set(socket, token);
		socket.data.agent = toPrincipal(result.agent);
		socket.data.sessionId = result.sessionId;
		next();
	} catch (err) {
		logger.error({ err }, 'socket authentication failed');
		next(new Error(UNAUTHORIZED));
	}
}

/**
 * Re-validates the sessions of these sockets (one lookup per session, several tabs share one): disconnects the
 * revoked ones and refreshes the principal of the others. Returns the sockets still connected.
 */
export async function revalidateSockets(sockets: Iterable<RealtimeSocket>): Promise<RealtimeSocket[]> {
	const bySession = new Map<string, RealtimeSocket[]>();
	for (const socket of sockets) {
		const token = sessionTokens.get(socket);
		if (!token || !socket.connected) continue;
		const list = bySession.get(token) ?? [];
		list.push(socket);
		bySession.set(token, list);
	}
	const alive: RealtimeSocket[] = [];
	// One session after the other: a periodic sweep must not burst the database.
	for (const [token, list] of bySession) {
		let result: Awaited<ReturnType<typeof validateSessionToken>>;
		try {
			result = await validateSessionToken(token);
		} catch (err) {
			// Database hiccup: keep the sockets, the next sweep decides.
			logger.warn({ err }, 'socket session re-validation failed');
			alive.push(...list);
			continue;
		}
		for (const socket of list) {
			if (!result) {
				// `true` closes the connection: the client sees "io server disconnect" and does not reconnect.
				socket.disconnect(true);
				continue;
			}
			socket.data.agent = toPrincipal(result.agent);
			alive.push(socket);
		}
		if (!result) logger.info({ sockets: list.length }, 'sockets of a revoked session disconnected');
	}
	return alive;
}
