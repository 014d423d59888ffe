import { redirect } from '@sveltejs/kit';
import { USAGER_SIGN_IN_PATH } from '$lib/domain/public-booking';
import { finishFranceConnect } from '$lib/server/auth/usager-franceconnect';
import { setUsagerSessionCookie } from '$lib/server/auth/usager-session';
import type { RequestHandler } from './$types';

/** Where FranceConnect sends the browser back: a session and the page asked for, or the sign-in page's message. */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const result = await finishFranceConnect(cookies, url);
	if (!result.ok) {
		const back = new URLSearchParams({ franceconnect: result.reason, redirectTo: result.redirectTo });
		redirect(303, `${USAGER_SIGN_IN_PATH}?${back}`);
	}
	setUsagerSessionCookie(cookies, result.token, result.expiresAt);
	redirect(303, result.redirectTo);
};
