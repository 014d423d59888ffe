/**
 * Agent sessions after Lucia's guide: the cookie holds a random token, the database only its SHA-256 (the
 * session id), so a leaked sessions collection cannot be replayed. Sessions last 30 days and slide: a session
 * used with less than 15 days left is extended, so an agent active every fortnight stays signed in.
 */
import type { Cookies } from '@sveltejs/kit';
import { Session } from '../db/models/session.ts';
import { env } from '../env.ts';
import { events } from '../events.ts';
import type { SessionAgent } from '../../domain/types.ts';
import { loadSessionAgent } from './principal.ts';
import { digestsEqual, generateToken, hashToken } from './tokens.ts';

export type { SessionAgent } from '../../domain/types.ts';

export const SESSION_COOKIE = 'guichet_session';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_DURATION_MS = 30 * DAY_MS;
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;

/** 20 random bytes in lowercase base32: 32 characters, the only shape a token can have. */
const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export async function createSession(agentId: string, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken(20);
	const expiresAt = new Date(now.getTime() + SESSION_DURATION_MS);
	await Session.create({ _id: hashToken(token), agentId, expiresAt });
	return { token, expiresAt };
}

export interface ValidSession {
	sessionId: string;
	agent: SessionAgent;
	expiresAt: Date;
	/** The expiry moved forward: the cookie must be set again with the new date. */
	renewed: boolean;
}

export async function validateSessionToken(token: string, now = new Date()): Promise<ValidSession | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	const sessionId = hashToken(token);
	const session = await Session.findById(sessionId).lean();
	// The lookup is by hash, so timing reveals nothing about the token; the compare only guards the lookup.
	if (!session || !digestsEqual(session._id, sessionId)) return null;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await Session.deleteOne({ _id: sessionId });
		return null;
	}
	const agent = await loadSessionAgent(String(session.agentId));
	if (!agent) {
		// Deleted or no longer allowed to sign in: the session dies with the right to use it.
		await Session.deleteOne({ _id: sessionId });
		return null;
	}
	let expiresAt = session.expiresAt;
	let renewed = false;
	if (expiresAt.getTime() - now.getTime() < SESSION_RENEW_WITHIN_MS) {
		expiresAt = new Date(now.getTime() + SESSION_DURATION_MS);
		await Session.updateOne({ _id: sessionId }, { $set: { expiresAt } });
		renewed = true;
	}
	return { sessionId, agent, expiresAt, renewed };
}

/** Ends one session (sign-out). */
export async function invalidateSession(sessionId: string): Promise<void> {
	const session = await Session.findById(sessionId).lean();
	if (!session) return;
	await Session.deleteOne({ _id: sessionId });
	await events.publish('agent.signedOut', { agentId: String(session.agentId) });
}

/**
 * Ends every session of an agent and returns how many there were. The event makes the realtime server re-check
 * the agent's sockets at once (on every node), so sockets opened with those sessions are disconnected too. For a
 * password reset or « Se déconnecter partout », use revokeAgentCredentials (credentials.ts): it ends API tokens too.
 */
export async function invalidateAgentSessions(agentId: string): Promise<number> {
	const { deletedCount } = await Session.deleteMany({ agentId });
	await events.publish('agent.signedOut', { agentId });
	return deletedCount;
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: env.secureCookies,
		expires: expiresAt
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure: env.secureCookies });
}
