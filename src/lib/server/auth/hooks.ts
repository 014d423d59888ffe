import { redirect, type Handle } from '@sveltejs/kit';
import { isApiEndpointPath, routeAccess } from '../../domain/route-guard.ts';
import { refusal } from '../http/response.ts';
import { logger } from '../logger.ts';
import { SESSION_COOKIE, deleteSessionCookie, setSessionCookie, validateSessionToken } from './session.ts';

/**
 * Reads the session cookie: sets locals.agent and locals.sessionId, re-sends the cookie when the session was
 * extended, and drops a cookie that no longer opens a session. The API authenticates with bearer tokens in
 * its own wrapper and never with the cookie (a cookie would make it open to cross-site requests).
 */
export const handleSession: Handle = async ({ event, resolve }) => {
	if (isApiEndpointPath(event.url.pathname)) return resolve(event);
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSessionToken(token);
		if (session) {
			event.locals.agent = session.agent;
			event.locals.sessionId = session.sessionId;
			if (session.renewed) setSessionCookie(event.cookies, token, session.expiresAt);
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};

/**
 * Checked for every request (pages, data requests, form actions, endpoints) before any route code runs:
 * see routeAccess. Pages check again on their own (route-guards.ts) so none depends on this hook alone.
 */
export const ACCESS_DENIED = 'Vous n’avez pas les droits pour accéder à cette page.';

function isDocumentRequest(request: Request, url: URL): boolean {
	return (
		request.method === 'GET' &&
		!url.pathname.endsWith('/__data.json') &&
		(request.headers.get('accept') ?? '').includes('text/html')
	);
}

export const handleGuards: Handle = async ({ event, resolve }) => {
	const access = routeAccess({
		pathname: event.url.pathname,
		search: event.url.search,
		routeId: event.route.id,
		orgId: event.params.orgId,
		agent: event.locals.agent
	});
	if (access.kind === 'sign-in') redirect(303, access.location);
	if (access.kind === 'forbidden') {
		logger.info({ requestId: event.locals.requestId, route: event.route.id }, 'organisation access refused');
		// An error thrown here renders the bare static error page. For a page navigation, let the root layout
		// load throw the same 403 so the DSFR error page shows; no route code below it renders anything.
		if (isDocumentRequest(event.request, event.url)) {
			event.locals.accessDenied = true;
			return resolve(event);
		}
		// Returned, not thrown: a thrown error would skip the outer handles (security headers, request id).
		return refusal(event, 403, ACCESS_DENIED);
	}
	return resolve(event);
};
