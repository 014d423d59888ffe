/**
 * An usager signs in with the code e-mailed to them (read from the dev outbox), on a phone: a wrong code is
 * refused with the tries left next to the field, the right one opens the space; the funnel's identification step
 * is skipped once signed in; signing out ends only the usager's session. axe finds no serious violation.
 */
import { expect, test } from '@playwright/test';
import { hydrated, unique, expectAccessible } from './helpers';
import { enterCode, readLoginCode, requestCode, signInUsager } from './usager-helpers';

test.describe.configure({ timeout: 120_000 });
test.beforeEach(({ page }) => page.setViewportSize({ width: 390, height: 844 }));

test('an usager signs in with the e-mailed code after a wrong one, then signs out', async ({ page }) => {
	const email = `${unique('usager')}@exemple.fr`;
	await page.goto('/usager/connexion?redirectTo=%2Fmon-espace');
	await hydrated(page);
	await expectAccessible(page, 'sign-in page, e-mail step');

	// A malformed address is refused next to the field.
	await page.getByLabel(/adresse e-mail/i).fill('pas-une-adresse');
	await page.getByRole('button', { name: 'Recevoir un code' }).click();
	await expect(page.getByText('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.')).toBeVisible();

	await requestCode(page, email);
	await expect(page.getByRole('status')).toContainText(`Un code à 6 chiffres a été envoyé à ${email}`);
	const codeField = page.getByLabel(/code de connexion/i);
	await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
	await expect(codeField).toHaveAttribute('inputmode', 'numeric');
	await expectAccessible(page, 'sign-in page, code step');

	const code = await readLoginCode(page, email);
	const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
	await enterCode(page, wrong);
	await expect(page.locator('#code-messages')).toHaveText('Code incorrect. Il vous reste 4 essais.');
	await expect(codeField).toHaveAttribute('aria-invalid', 'true');
	await expect(codeField).toBeFocused();
	await expectAccessible(page, 'sign-in page, wrong code');

	await codeField.fill(code);
	await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
	await expect(page).toHaveURL((url) => url.pathname === '/mon-espace');

	// Signed in: the sign-in page sends on, and so does the funnel's identification step (every parameter kept).
	// Read as redirects: where the next pages send a visitor on is theirs to decide.
	const next = async (path: string) => {
		const response = await page.request.get(path, { maxRedirects: 0 });
		expect(response.status()).toBe(303);
		return response.headers().location;
	};
	expect(await next('/usager/connexion?redirectTo=%2Fmon-espace%2Fcompte')).toBe('/mon-espace/compte');
	expect(await next('/prendre-rdv/identification?departement=62&date=2030-01-07')).toBe(
		'/prendre-rdv/informations?departement=62&date=2030-01-07'
	);

	await page.goto('/usager/deconnexion');
	await hydrated(page);
	await page.getByRole('button', { name: 'Se déconnecter' }).click();
	await expect(page).toHaveURL((url) => url.pathname === '/');
	await page.goto('/usager/connexion');
	await expect(page.getByRole('button', { name: 'Recevoir un code' })).toBeVisible();
});

test('the funnel’s identification step signs in and goes on to « Vos informations »', async ({ page }) => {
	const email = `${unique('funnel')}@exemple.fr`;
	await page.goto('/prendre-rdv/identification?departement=62');
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Identifiez-vous');
	await expect(page.getByRole('link', { name: /S’identifier avec FranceConnect/ })).toBeVisible();
	await expectAccessible(page, 'identification step');
	await requestCode(page, email);
	// The next step is another page's: only that the browser is sent there, with the funnel's parameters.
	const informations = page.waitForRequest((r) => new URL(r.url()).pathname.startsWith('/prendre-rdv/informations'));
	await enterCode(page, await readLoginCode(page, email));
	expect(new URL((await informations).url()).searchParams.get('departement')).toBe('62');
	expect(await page.context().cookies()).toContainEqual(expect.objectContaining({ name: 'guichet_usager' }));
});

test('the helper signs a returning usager in again', async ({ page }) => {
	const email = `${unique('retour')}@exemple.fr`;
	await signInUsager(page, email);
	await page.context().clearCookies();
	await signInUsager(page, email, '/mon-espace/compte');
});
