import type { Handle } from '@sveltejs/kit';
import { isApiEndpointPath } from '../../domain/route-guard.ts';
import {
	USAGER_SESSION_COOKIE,
	deleteUsagerSessionCookie,
	isEmbeddedFunnel,
	setUsagerSessionCookie,
	validateUsagerSessionToken
} from './usager-session.ts';

/**
 * Reads the usager cookie: sets locals.usager and locals.usagerSessionId, re-sends the cookie when the session
 * was extended, and drops a cookie that no longer opens a session. Never on the API (bearer tokens only) and
 * independent of the agent session: it sets nothing an agent page or the agent guards read.
 */
export const handleUsagerSession: Handle = async ({ event, resolve }) => {
	if (isApiEndpointPath(event.url.pathname)) return resolve(event);
	const token = event.cookies.get(USAGER_SESSION_COOKIE);
	if (token) {
		const embedded = isEmbeddedFunnel(event.url);
		const session = await validateUsagerSessionToken(token);
		if (session) {
			event.locals.usager = session.usager;
			event.locals.usagerSessionId = session.sessionId;
			if (session.renewed) setUsagerSessionCookie(event.cookies, token, session.expiresAt, embedded);
		} else {
			deleteUsagerSessionCookie(event.cookies, embedded);
		}
	}
	return resolve(event);
};
