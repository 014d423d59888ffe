import { error, redirect } from '@sveltejs/kit';
import { USAGER_SIGN_IN_PATH, USAGER_SPACE_PATH } from '$lib/domain/public-booking';
import { safeRedirectPath } from '$lib/domain/redirect';
import { startFranceConnect } from '$lib/server/auth/usager-franceconnect';
import { logger } from '$lib/server/logger';
import type { RequestHandler } from './$types';

/**
 * « S’identifier avec FranceConnect »: a link, not a form, because the CSP's `form-action 'self'` also governs
 * where a form's redirects may go, and this one goes to the provider. A GET here only sets the flow cookie and
 * redirects: a prefetch or a crawler starts a flow that expires unused, and signs nobody in.
 */
export const GET: RequestHandler = async ({ url, cookies, locals }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'), USAGER_SPACE_PATH);
	let location: string | null;
	try {
		location = await startFranceConnect(cookies, redirectTo);
	} catch (err) {
		// The provider could not be reached (discovery): back to the sign-in page with a French message.
		logger.warn({ requestId: locals.requestId, err: (err as Error).message }, 'FranceConnect unreachable');
		redirect(303, `${USAGER_SIGN_IN_PATH}?${new URLSearchParams({ franceconnect: 'failed', redirectTo })}`);
	}
	if (!location) error(404, 'Page introuvable');
	redirect(303, location);
};
