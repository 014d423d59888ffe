import { fail } from '@sveltejs/kit';
import { clientAddress, fieldErrors, forgottenPasswordForm, formFields } from '$lib/server/auth/forms';
import { admitPasswordResetRequest, sendPasswordResetLink } from '$lib/server/auth/password-reset';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, getClientAddress }) => {
		const fields = formFields(await request.formData());
		const parsed = forgottenPasswordForm.safeParse(fields);
		if (!parsed.success) {
			return fail(400, { sent: false, email: fields.email ?? '', errors: fieldErrors(parsed.error), message: null });
		}
		// The limits count what was typed and where from, never whether an account exists: the refusal can be
		// shown (the agent then knows why no new e-mail comes) without telling which addresses have an account.
		const admission = await admitPasswordResetRequest({
			email: parsed.data.email,
			ip: clientAddress(getClientAddress)
		});
		if (!admission.accepted) {
			const minutes = Math.max(1, Math.ceil(admission.retryAfterMs / 60_000));
			return fail(429, {
				sent: false,
				email: parsed.data.email,
				errors: {} as Record<string, string>,
				message: `Trop de demandes pour le moment. Si vous avez reçu un e-mail, utilisez le lien qu’il contient : il reste valable une heure. Sinon, réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`
			});
		}
		// Not awaited: the answer must come back as fast whether or not an email goes out, or its timing
		// would tell which addresses have an account. The service logs its own failures.
		void sendPasswordResetLink(parsed.data.email);
		return { sent: true, email: '', errors: {} as Record<string, string>, message: null };
	}
};
