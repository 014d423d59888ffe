/**
 * Cross-site request forgery: a page of another site must not make a signed-in agent's browser post a form here.
 *
 * SvelteKit's own check (`kit.csrf`) runs before the hooks and answers a bare English text, so it is turned off
 * in svelte.config.js (`trustedOrigins: ['*']`) and done here, where the refusal can be the French error page
 * (or JSON for `fetch`) and carry the security headers and the request id. Same rule, slightly stricter: any
 * state-changing method needs an Origin equal to the site's, whatever the content type.
 *
 * The JSON API is left out on purpose: it authenticates with bearer tokens only, never with the session cookie
 * (handleSession skips it), so a cross-site request carries no credential there; and API clients (curl,
 * scripts) send no Origin.
 */
import type { Handle } from '@sveltejs/kit';
import { isApiEndpointPath } from '../../domain/route-guard.ts';
import { logger } from '../logger.ts';
import { refusal } from './response.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteRequest(input: { method: string; origin: string | null; siteOrigin: string }): boolean {
	return !SAFE_METHODS.has(input.method) && input.origin !== input.siteOrigin;
}

export function crossSiteMessage(siteOrigin: string): string {
	return `Formulaire refusé : il a été envoyé depuis une autre adresse que ${siteOrigin}. Ouvrez ${siteOrigin} puis réessayez.`;
}

export const handleCrossSiteRequests: Handle = async ({ event, resolve }) => {
	if (isApiEndpointPath(event.url.pathname)) return resolve(event);
	const siteOrigin = event.url.origin;
	if (!isCrossSiteRequest({ method: event.request.method, origin: event.request.headers.get('origin'), siteOrigin })) {
		return resolve(event);
	}
	// The route id, not the path (paths carry secrets); the Origin says which site posted, not who.
	logger.warn(
		{
			requestId: event.locals.requestId,
			route: event.route.id,
			origin: event.request.headers.get('origin')?.slice(0, 100)
		},
		'cross-site request refused'
	);
	return refusal(event, 403, crossSiteMessage(siteOrigin));
};
