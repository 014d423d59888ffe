import { fail, redirect } from '@sveltejs/kit';
import { safeRedirectPath } from '$lib/domain/redirect';
import { clientAddress, fieldErrors, formFields, signInForm } from '$lib/server/auth/forms';
import { setSessionCookie } from '$lib/server/auth/session';
import { signInWithPassword } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
	if (locals.agent) redirect(303, redirectTo);
	return { redirectTo };
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
