import { expect, test } from '@playwright/test';
import { PASSWORD, hydrated } from './helpers.ts';

// An agent no other journey signs in as: « Se déconnecter partout » ends every session of the agent.
const EMAIL = 'agent.reunion@demo.guichet.fr';

test('an agent creates an expiring API token, then « Se déconnecter partout » ends it with every session', async ({
	page
}) => {
	await page.goto('/connexion?redirectTo=/agents/compte');
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill(EMAIL);
	await page.getByLabel(/^mot de passe/i).fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
	await hydrated(page);

	// A token valid 30 days: the page says when it expires, at creation and in the list.
	await expect(page.getByLabel(/Durée de validité/)).toHaveValue('90');
	await page.getByLabel(/Nom du jeton/).fill('Export mensuel');
	await page.getByLabel(/Durée de validité/).selectOption('30');
	await page.getByRole('button', { name: 'Créer le jeton' }).click();
	const created = page.getByText('Jeton « Export mensuel » créé').locator('..');
	await expect(created).toContainText(/Il expire le \d{1,2} \S+ \d{4}\./);
	const token = await page.getByLabel('Votre nouveau jeton').inputValue();
	const row = page.getByRole('row').filter({ hasText: 'Export mensuel' });
	await expect(row).toContainText(/Expire le \d{1,2} \S+ \d{4}/);
	await expect(row).toContainText('Actif');
	const me = () => page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
	expect((await me()).status()).toBe(200);

	// Before: the page says what the action ends; the dialog asks again.
	await expect(page.getByText(/ferme toutes vos sessions ouvertes.*révoque tous vos\s+jetons d’API/s)).toBeVisible();
	await page.getByRole('button', { name: 'Se déconnecter partout' }).click();
	const dialog = page.getByRole('dialog', { name: 'Se déconnecter partout ?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Se déconnecter partout' }).click();

	// After: the sign-in page says what was ended, and it was.
	await expect(page).toHaveURL(/\/connexion\?redirectTo=%2Fagents%2Fcompte$/);
	await expect(page.getByRole('heading', { name: 'Vous êtes déconnecté de tous vos appareils' })).toBeVisible();
	await expect(page.getByText(/1 jeton d’API a été révoqué/)).toBeVisible();
	expect((await me()).status()).toBe(401);
	await page.goto('/agents/compte');
	await expect(page).toHaveURL(/\/connexion/);
	await expect(page.getByText('Vous êtes déconnecté de tous vos appareils')).toHaveCount(0);

	// Signing in again leads back to « Mon compte », where the token is listed as revoked.
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill(EMAIL);
	await page.getByLabel(/^mot de passe/i).fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Mon compte' })).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'Export mensuel' })).toContainText('Révoqué le');
});
