/**
 * Signing in as an usager in the journeys: the e-mail code is read from the dev outbox (the e2e server runs the
 * demo, without a Resend key), as a person would read it in their mailbox.
 */
import { expect, type Page } from '@playwright/test';
import { hydrated } from './helpers.ts';

/** The subject carries the code (« Votre code de connexion Guichet : 123456 »): readable from the outbox list. */
const CODE_IN_SUBJECT = /Votre code de connexion Guichet\s*:\s*(\d{6})/;

/** The newest code sent to `email` (the outbox lists the most recent first). */
export async function readLoginCode(page: Page, email: string): Promise<string> {
	const response = await page.request.get(`/dev/emails?to=${encodeURIComponent(email)}`);
	expect(response.status()).toBe(200);
	const code = CODE_IN_SUBJECT.exec(await response.text())?.[1];
	if (!code) throw new Error(`No login code in the outbox for ${email}`);
	return code;
}

/** Asks for a code on the sign-in page (or the funnel's identification step) already open in `page`. */
export async function requestCode(page: Page, email: string) {
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill(email);
	await page.getByRole('button', { name: 'Recevoir un code' }).click();
	await expect(page.getByLabel(/code de connexion/i)).toBeVisible();
}

/** Types the code and submits it. */
export async function enterCode(page: Page, code: string) {
	await page.getByLabel(/code de connexion/i).fill(code);
	await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
}

/**
 * Signs in (creating the account on first use) and lands on `redirectTo` (the usager space by default). Any
 * unique address works: the account is opened by the code. Needs a context without an usager session (a fresh
 * page, or `page.context().clearCookies()` first).
 */
export async function signInUsager(page: Page, email: string, redirectTo = '/mon-espace'): Promise<void> {
	await page.goto(`/usager/connexion?redirectTo=${encodeURIComponent(redirectTo)}`);
	const target = new URL(redirectTo, 'http://localhost');
	// Already signed in (as whoever): the sign-in page sent the browser on.
	if (new URL(page.url()).pathname !== '/usager/connexion') {
		throw new Error(`signInUsager(${email}): this browser context already has an usager session`);
	}
	await requestCode(page, email);
	await enterCode(page, await readLoginCode(page, email));
	await expect(page).toHaveURL((url) => url.pathname === target.pathname);
}
