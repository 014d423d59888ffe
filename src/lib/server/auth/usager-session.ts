/**
 * Usager sessions after Lucia's guide, beside agents' (auth/session.ts) but independent of them: their own
 * collection and their own cookie, so a person may be signed in as both, and the usager cookie never opens the
 * back-office nor the API (the agent hook reads only `guichet_session`; the API only bearer tokens).
 *
 * Shorter than agents' (30 days): an usager signs in to book or check an RDV, often from a shared or public
 * computer, and signing in again costs one e-mail code. 7 days, renewed when used with less than 3 days left.
 *
 * The cookie is HttpOnly and SameSite=Lax, except inside a partner's frame (the funnel's `embed=1`) over https:
 * there a Lax cookie is neither set nor sent (the frame is cross-site), so the cookie is SameSite=None; Secure;
 * Partitioned (CHIPS): kept by the browser for that partner site only, which is also what browsers blocking
 * third-party cookies still accept. SameSite=None does not open the usager's actions to other sites: every POST
 * is checked for its origin (http/cross-site.ts), and only the booking pages may be framed. Over plain http (the
 * local demo) a framed funnel cannot keep a session; FranceConnect is not offered in a frame (the provider's
 * pages refuse to be framed).
 */
import type { Cookies } from '@sveltejs/kit';
import { Usager } from '../db/models/usager.ts';
import { UsagerSession } from '../db/models/usager-session.ts';
import { env } from '../env.ts';
import type { SessionUsager } from '../../domain/types.ts';
import { digestsEqual, generateToken, hashToken } from './tokens.ts';

export const USAGER_SESSION_COOKIE = 'guichet_usager';
const DAY_MS = 24 * 60 * 60 * 1000;
export const USAGER_SESSION_DURATION_MS = 7 * DAY_MS;
export const USAGER_SESSION_RENEW_WITHIN_MS = 3 * DAY_MS;

/** 20 random bytes in lowercase base32: 32 characters, the only shape a token can have. */
const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export type UsagerSessionVia = SessionUsager['via'];

export async function createUsagerSession(
	usagerId: string,
	via: UsagerSessionVia,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = generateToken(20);
	const expiresAt = new Date(now.getTime() + USAGER_SESSION_DURATION_MS);
	await UsagerSession.create({ _id: hashToken(token), usagerId, via, expiresAt });
	return { token, expiresAt };
}

export interface ValidUsagerSession {
	sessionId: string;
	usager: SessionUsager;
	expiresAt: Date;
	/** The expiry moved forward: the cookie must be set again with the new date. */
	renewed: boolean;
}

/** The usager as pages see it; null when the record is gone, deleted or has lost its address. */
async function loadSessionUsager(usagerId: string, via: UsagerSessionVia): Promise<SessionUsager | null> {
	const usager = await Usager.findById(usagerId, { email: 1, firstName: 1, lastName: 1, deletedAt: 1 }).lean();
	if (!usager || usager.deletedAt || !usager.email) return null;
	return {
		id: String(usager._id),
		email: usager.email,
		...(usager.firstName ? { firstName: usager.firstName } : {}),
		...(usager.lastName ? { lastName: usager.lastName } : {}),
		via
	};
}

export async function validateUsagerSessionToken(token: string, now = new Date()): Promise<ValidUsagerSession | null> {
	if (!TOKEN_SHAPE.test(token)) return null;
	const sessionId = hashToken(token);
	const session = await UsagerSession.findById(sessionId).lean();
	// The lookup is by hash, so timing reveals nothing about the token; the compare only guards the lookup.
	if (!session || !digestsEqual(session._id, sessionId)) return null;
	if (now.getTime() >= session.expiresAt.getTime()) {
		await UsagerSession.deleteOne({ _id: sessionId });
		return null;
	}
	const usager = await loadSessionUsager(String(session.usagerId), session.via as UsagerSessionVia);
	if (!usager) {
		// Account deleted (or anonymised): the session dies with it.
		await UsagerSession.deleteOne({ _id: sessionId });
		return null;
	}
	let expiresAt = session.expiresAt;
	let renewed = false;
	if (expiresAt.getTime() - now.getTime() < USAGER_SESSION_RENEW_WITHIN_MS) {
		expiresAt = new Date(now.getTime() + USAGER_SESSION_DURATION_MS);
		await UsagerSession.updateOne({ _id: sessionId }, { $set: { expiresAt } });
		renewed = true;
	}
	return { sessionId, usager, expiresAt, renewed };
}

/** Ends one session (sign-out). */
export async function invalidateUsagerSession(sessionId: string): Promise<void> {
	await UsagerSession.deleteOne({ _id: sessionId });
}

/** Ends every session of an usager (account deleted); returns how many there were. */
export async function invalidateUsagerSessions(usagerId: string): Promise<number> {
	const { deletedCount } = await UsagerSession.deleteMany({ usagerId });
	return deletedCount;
}

/** Whether the request belongs to a funnel framed by a partner site (`embed=1`, carried from step to step). */
export const isEmbeddedFunnel = (url: URL) => url.searchParams.get('embed') === '1';

/** The cookie's attributes: Lax, or None + Partitioned inside a partner's frame over https (see above). */
export function usagerCookieOptions(embedded: boolean, secure: boolean) {
	return embedded && secure
		? { httpOnly: true, sameSite: 'none' as const, secure: true, partitioned: true, path: '/' }
		: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
}

export function setUsagerSessionCookie(cookies: Cookies, token: string, expiresAt: Date, embedded = false): void {
	cookies.set(USAGER_SESSION_COOKIE, token, {
		...usagerCookieOptions(embedded, env.secureCookies),
		expires: expiresAt
	});
}

export function deleteUsagerSessionCookie(cookies: Cookies, embedded = false): void {
	cookies.delete(USAGER_SESSION_COOKIE, usagerCookieOptions(embedded, env.secureCookies));
}
