/**
 * FranceConnect against the local OpenID provider the e2e server is configured with (playwright.config.ts runs
 * tests/helpers/fake-oidc-provider.ts, which signs its fixed person in without a page): from the sign-in page to
 * the provider and back, signed in.
 */
import { expect, test } from '@playwright/test';
import { hydrated } from './helpers';

test('an usager signs in with FranceConnect and lands where they were going', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/usager/connexion?redirectTo=%2Fmon-espace%2Fcompte');
	await hydrated(page);
	await page.getByRole('link', { name: /S’identifier avec FranceConnect/ }).click();
	await expect(page).toHaveURL((url) => url.pathname === '/mon-espace/compte');

	// Signed in: the sign-in page now sends straight on.
	const response = await page.request.get('/usager/connexion?redirectTo=%2Fmon-espace', { maxRedirects: 0 });
	expect(response.status()).toBe(303);
	expect(response.headers().location).toBe('/mon-espace');
	const cookies = await page.context().cookies();
	const session = cookies.find((c) => c.name === 'guichet_usager');
	expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
	// The flow's cookie is spent.
	expect(cookies.find((c) => c.name === 'guichet_fc')).toBeUndefined();
});
