/**
 * Per-route authorization for back-office loads, actions and endpoints. handleGuards (auth/hooks.ts) already
 * checks the same thing for every request, but each route checks again so that no page depends on a hook or a
 * layout load having run (layout loads do not run for every request, e.g. on client-side invalidation).
 */
import { error, redirect } from '@sveltejs/kit';
import { canAccessOrganisation } from '../domain/permissions.ts';
import type { SessionAgent } from '../domain/types.ts';

/** The signed-in agent, or a redirect to the sign-in page that comes back here afterwards. */
export function requireAgent(locals: App.Locals, url: URL): SessionAgent {
	if (!locals.agent) {
		redirect(303, `/connexion?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return locals.agent;
}

/** The signed-in agent, provided it may open this organisation (403 otherwise). */
export function requireOrganisationAccess(locals: App.Locals, url: URL, organisationId: string): SessionAgent {
	const agent = requireAgent(locals, url);
	if (!canAccessOrganisation(agent, organisationId)) {
		error(403, 'Vous n’avez pas les droits pour accéder à cette page.');
	}
	return agent;
}
