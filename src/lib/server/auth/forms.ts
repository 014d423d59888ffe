/**
 * The sign-in pages' form schemas, with the French messages shown next to each field.
 * Passwords are never trimmed: spaces may be part of them.
 */
import { z } from 'zod';

const email = z
	.string({ error: 'Saisissez votre adresse e-mail.' })
	.trim()
	.min(1, { error: 'Saisissez votre adresse e-mail.' })
	.max(320, { error: 'Cette adresse e-mail est trop longue.' })
	.pipe(z.email({ error: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' }));

export const signInForm = z.object({
	email,
	password: z.string({ error: 'Saisissez votre mot de passe.' }).min(1, { error: 'Saisissez votre mot de passe.' })
});

export const forgottenPasswordForm = z.object({ email });

export const newPasswordForm = z
	.object({
		password: z.string({ error: 'Saisissez un mot de passe.' }).min(1, { error: 'Saisissez un mot de passe.' }),
		confirmation: z.string({ error: 'Confirmez le mot de passe.' }).min(1, { error: 'Confirmez le mot de passe.' })
	})
	.refine((v) => v.password === v.confirmation, {
		path: ['confirmation'],
		error: 'Les deux mots de passe ne correspondent pas.'
	});

/** The form's text fields (files and repeated names are not expected here). */
export function formFields(data: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of data) if (typeof v === 'string') out[k] = v;
	return out;
}

/** The first message of each invalid field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? 'form');
		out[key] ??= issue.message;
	}
	return out;
}

/** The client's address for rate limits; never fails a request when the platform cannot tell. */
export function clientAddress(getClientAddress: () => string): string {
	try {
		return getClientAddress();
	} catch {
		return 'unknown';
	}
}
