import { redirect } from '@sveltejs/kit';
import { USAGER_SIGN_IN_PATH } from '$lib/domain/public-booking';
import { deleteUsagerSessionCookie, invalidateUsagerSession } from '$lib/server/auth/usager-session';
import type { Actions, PageServerLoad } from './$types';

/** Signing out is a POST (the header's button): a GET, a prefetch or a crawler never signs anyone out. */
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.usager) redirect(303, USAGER_SIGN_IN_PATH);
	return {};
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		// Only the usager session: an agent session in the same browser stays open.
		if (locals.usagerSessionId) await invalidateUsagerSession(locals.usagerSessionId);
		deleteUsagerSessionCookie(cookies);
		redirect(303, '/');
	}
};
