import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/domain/redirect';
import { clientAddress, fieldErrors, formFields, signInForm } from '$lib/server/auth/forms';
import { revokedTokensSentence, takeAuthNotice, type AuthNotice } from '$lib/server/auth/notice';
import { setSessionCookie } from '$lib/server/auth/session';
import { signInWithPassword } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

function signedOutNotice({ sessions, apiTokens }: AuthNotice) {
	const ended =
		sessions > 1
			? `Vos ${sessions} sessions ont été fermées, y compris sur cet appareil.`
			: 'Votre session a été fermée.';
	return {
		title: 'Vous êtes déconnecté de tous vos appareils',
		text: `${ended} ${revokedTokensSentence(apiTokens)} Reconnectez-vous pour continuer.`
	};
}

export const load: PageServerLoad = ({ locals, url, cookies }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	if (locals.agent) redirect(303, redirectTo);
	// Set by « Se déconnecter partout » just before redirecting here: say what it ended.
	const signedOut = takeAuthNotice(cookies, 'signed-out-everywhere');
	return { redirectTo, notice: signedOut ? signedOutNotice(signedOut) : null };
};

export const actions: Actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const fields = formFields(await request.formData());
		const redirectTo = safeRedirectPath(fields.redirectTo);
		const parsed = signInForm.safeParse(fields);
		if (!parsed.success) {
			return fail(400, { email: fields.email ?? '', errors: fieldErrors(parsed.error), message: null });
		}
		const result = await signInWithPassword({ ...parsed.data, ip: clientAddress(getClientAddress) });
		if (!result.ok) {
			return fail(result.reason === 'rate_limited' ? 429 : 400, {
				email: parsed.data.email,
				errors: {} as Record<string, string>,
				message: result.message
			});
		}
		setSessionCookie(cookies, result.token, result.expiresAt);
		redirect(303, redirectTo);
	}
};
