import { fail } from '@sveltejs/kit';
import { clientAddress, fieldErrors, forgottenPasswordForm, formFields } from '$lib/server/auth/forms';
import { requestPasswordReset } from '$lib/server/auth/password-reset';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const fields = formFields(await request.formData());
		const parsed = forgottenPasswordForm.safeParse(fields);
		if (!parsed.success) {
			return fail(400, { sent: false, email: fields.email ?? '', errors: fieldErrors(parsed.error) });
		}
		// Not awaited: the answer must come back as fast whether or not an email goes out, or its timing
		// would tell which addresses have an account. The service logs its own failures.
		void requestPasswordReset({ email: parsed.data.email, ip: clientAddress(getClientAddress) });
		return { sent: true, email: '', errors: {} as Record<string, string> };
	}
};
