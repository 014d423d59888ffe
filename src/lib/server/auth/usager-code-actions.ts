/**
 * The two form actions of the e-mail code sign-in, shared by `/usager/connexion` and the funnel's identification
 * step (their page shows email-code-form.svelte): `request` sends a code, `verify` checks it, sets the usager
 * cookie and goes on to `redirectTo` (a path of this site only, else the usager space).
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { USAGER_SPACE_PATH } from '../../domain/public-booking.ts';
import { safeRedirectPath } from '../../domain/redirect.ts';
import { clientAddress, fieldErrors, formFields } from './forms.ts';
import { CODE_SHAPE, requestLoginCode, verifyLoginCode } from './usager-code.ts';
import { isEmbeddedFunnel, setUsagerSessionCookie } from './usager-session.ts';

const email = z
	.string({ error: 'Saisissez votre adresse e-mail.' })
	.trim()
	.min(1, { error: 'Saisissez votre adresse e-mail.' })
	.max(320, { error: 'Cette adresse e-mail est trop longue.' })
	.pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' }));

export const codeRequestForm = z.object({ email });

export const codeVerifyForm = z.object({
	email,
	code: z
		.string({ error: 'Saisissez le code reçu par e-mail.' })
		.transform((v) => v.replace(/\s/g, ''))
		.pipe(
			z
				.string()
				.min(1, { error: 'Saisissez le code reçu par e-mail.' })
				.regex(CODE_SHAPE, { error: 'Le code se compose de 6 chiffres, par exemple 123456.' })
		)
});

/** What the form shows after an action: the step, the address typed, and the messages by field. */
export interface EmailCodeFormState {
	step: 'email' | 'code';
	email: string;
	errors: Record<string, string>;
	/** « Un code vient d’être envoyé… » after a (re)sent code. */
	sent: boolean;
	/** Carried back: a form posted without JavaScript lands on the action's address, without the page's query. */
	redirectTo: string;
}

const state = (
	s: Partial<EmailCodeFormState> & Pick<EmailCodeFormState, 'step' | 'redirectTo'>
): EmailCodeFormState => ({
	email: '',
	errors: {},
	sent: false,
	...s
});

export const emailCodeActions = {
	async request({ request, getClientAddress }: RequestEvent) {
		const fields = formFields(await request.formData());
		const redirectTo = safeRedirectPath(fields.redirectTo, USAGER_SPACE_PATH);
		const parsed = codeRequestForm.safeParse(fields);
		if (!parsed.success) {
			return fail(
				400,
				state({ step: 'email', redirectTo, email: fields.email ?? '', errors: fieldErrors(parsed.error) })
			);
		}
		const result = await requestLoginCode(parsed.data.email, clientAddress(getClientAddress));
		if (!result.ok) {
			// A resend refused on the code step keeps the usager there, with the message next to the code.
			const onCodeStep = fields.step === 'code';
			return fail(
				result.reason === 'rate_limited' ? 429 : 503,
				state({
					step: onCodeStep ? 'code' : 'email',
					redirectTo,
					email: parsed.data.email,
					errors: { [onCodeStep ? 'code' : 'email']: result.message }
				})
			);
		}
		return state({ step: 'code', redirectTo, email: parsed.data.email, sent: true });
	},

	async verify({ request, cookies, getClientAddress }: RequestEvent) {
		const fields = formFields(await request.formData());
		const redirectTo = safeRedirectPath(fields.redirectTo, USAGER_SPACE_PATH);
		const parsed = codeVerifyForm.safeParse(fields);
		if (!parsed.success) {
			const errors = fieldErrors(parsed.error);
			return fail(400, state({ step: errors.email ? 'email' : 'code', redirectTo, email: fields.email ?? '', errors }));
		}
		const result = await verifyLoginCode(parsed.data.email, parsed.data.code, clientAddress(getClientAddress));
		if (!result.ok) {
			return fail(
				result.reason === 'rate_limited' ? 429 : 400,
				state({ step: 'code', redirectTo, email: parsed.data.email, errors: { code: result.message } })
			);
		}
		// Going on inside a partner's frame: the cookie must be one the frame can keep (usager-session.ts).
		const embedded = isEmbeddedFunnel(new URL(redirectTo, 'http://guichet.invalid'));
		setUsagerSessionCookie(cookies, result.token, result.expiresAt, embedded);
		redirect(303, redirectTo);
	}
};
