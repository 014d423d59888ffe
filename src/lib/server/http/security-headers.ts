/**
 * Headers every response of the application carries (the CSP itself is SvelteKit's, from `kit.csp` in
 * svelte.config.js, on pages), and what caches may keep.
 */
import type { Handle } from '@sveltejs/kit';
import { isApiEndpointPath } from '../../domain/route-guard.ts';
import { withHeaders } from './response.ts';

/** Two years, the preload list's minimum; only ever sent over https (browsers ignore it over http). */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * For HTML that does not come with SvelteKit's CSP (the static error page the edge writes): no script at all, the
 * page's inline styles, and the same framing and form rules as the application's pages.
 */
const FALLBACK_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * - nosniff: a response is only ever read as its declared type (attachments, JSON…).
 * - Referrer-Policy `same-origin`: stricter than `strict-origin-when-cross-origin` — nothing at all leaves for
 *   another site, which matters for pages whose address holds a secret (`/mot-de-passe/<token>`, booking and
 *   calendar links). Not `no-referrer`: browsers then send `Origin: null` with a form posted without
 *   JavaScript, which the cross-site check must refuse.
 * - Permissions-Policy: the application uses none of these devices or APIs; nothing embedded may ask for them.
 * - COOP: a page opened from another site cannot keep a handle on our window (and the other way round).
 */
export function securityHeaders(https: boolean): Record<string, string> {
	return {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'same-origin',
		'permissions-policy':
			'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
		'cross-origin-opener-policy': 'same-origin',
		...(https ? { 'strict-transport-security': HSTS } : {})
	};
}

const PRIVATE = 'private, no-store';

export interface CacheInput {
	/** A signed-in agent's or usager's response (either session cookie): pages carry names, agendas, RDVs. */
	signedIn: boolean;
	/** A page or its `__data.json`. */
	page: boolean;
	/** A JSON API endpoint (/api/…, bearer tokens). */
	api: boolean;
	/** The response sets a cookie: a shared cache would hand it to the next visitor. */
	setsCookie: boolean;
	/** The Cache-Control the route chose, if any. */
	current: string | null;
}

/** The Cache-Control to set, or null to leave the response's own. */
export function cacheControlFor(input: CacheInput): string | null {
	const { signedIn, page, api, setsCookie, current } = input;
	// Signed-in pages are never cached by anyone, whatever a route asked for: the layout itself names the agent.
	if (signedIn && page) return PRIVATE;
	if (setsCookie && !/\bno-store\b/.test(current ?? '')) return PRIVATE;
	if (current) return null;
	// API answers belong to one token's agent: endpoints that are public say so (the OpenAPI document does).
	if (api || signedIn) return signedIn ? PRIVATE : 'no-store';
	return null;
}

/** Signed in through either cookie: an agent's session or an usager's (independent, a person may hold both). */
export function isSignedIn(locals: Pick<App.Locals, 'sessionId' | 'usagerSessionId'>): boolean {
	return locals.sessionId !== null || locals.usagerSessionId !== null;
}

export const handleSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = securityHeaders(event.url.protocol === 'https:');
	const type = response.headers.get('content-type') ?? '';
	if (type.startsWith('text/html') && !response.headers.has('content-security-policy')) {
		headers['content-security-policy'] = FALLBACK_CSP;
	}
	const cacheControl = cacheControlFor({
		signedIn: isSignedIn(event.locals),
		page: type.startsWith('text/html') || event.isDataRequest,
		api: isApiEndpointPath(event.url.pathname),
		setsCookie: response.headers.has('set-cookie'),
		current: response.headers.get('cache-control')
	});
	if (cacheControl) headers['cache-control'] = cacheControl;
	return withHeaders(response, headers);
};
