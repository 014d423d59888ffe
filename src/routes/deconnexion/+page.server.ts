import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a POST (the header's button): a GET, a prefetch or a crawler never signs anyone out. */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.agent) redirect(303, '/connexion');
	return {};
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.sessionId) await invalidateSession(locals.sessionId);
		deleteSessionCookie(cookies);
		redirect(303, '/connexion');
	}
};
