import { error } from '@sveltejs/kit';
import { ACCESS_DENIED } from '$lib/server/auth/hooks';
import type { LayoutServerLoad } from './$types';

/** Only the names reach the browser: the principal's roles and services stay on the server. */
export const load: LayoutServerLoad = ({ locals }) => {
	// Set by the guard hook for page navigations it refused (see handleGuards).
	if (locals.accessDenied) error(403, ACCESS_DENIED);
	return {
		agent: locals.agent ? { firstName: locals.agent.firstName, lastName: locals.agent.lastName } : null
	};
};
