import { fail, redirect } from '@sveltejs/kit';
import { PASSWORD_MIN_LENGTH } from '$lib/domain/password-policy';
import { clientAddress, fieldErrors, formFields, newPasswordForm } from '$lib/server/auth/forms';
import { setAuthNotice } from '$lib/server/auth/notice';
import { isPasswordResetTokenUsable, resetPassword } from '$lib/server/auth/password-reset';
import { setSessionCookie } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

/** The token is in the URL: keep it out of Referer headers and caches. */
function protectToken(setHeaders: (headers: Record<string, string>) => void) {
	setHeaders({ 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' });
}

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	protectToken(setHeaders);
	return { usable: await isPasswordResetTokenUsable(params.token), minLength: PASSWORD_MIN_LENGTH };
};

export const actions: Actions = {
	// No headers here: a refused submission re-renders the page, whose load sets them.
	default: async ({ params, request, cookies, getClientAddress }) => {
		const fields = formFields(await request.formData());
		const parsed = newPasswordForm.safeParse(fields);
		if (!parsed.success) return fail(400, { errors: fieldErrors(parsed.error), invalidToken: false });
		const result = await resetPassword({
			token: params.token,
			password: parsed.data.password,
			ip: clientAddress(getClientAddress)
		});
		if (!result.ok) {
			if (result.reason === 'invalid_token') return fail(400, { errors: {}, invalidToken: true });
			return fail(400, { errors: { password: result.message }, invalidToken: false });
		}
		setSessionCookie(cookies, result.token, result.expiresAt);
		// « Mon compte » says what the reset ended (other sessions, API tokens) and is where tokens are created again.
		setAuthNotice(cookies, 'password-reset', result.revoked);
		redirect(303, '/agents/compte');
	}
};
