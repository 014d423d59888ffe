import { expect, test } from '@playwright/test';
import { hydrated, PASSWORD } from './helpers.ts';

/**
 * The demo serves ORIGIN=http://localhost:4173 (as `npm start` serves http://localhost:3000): an agent who typed
 * 127.0.0.1 instead must still be able to sign in, and a form that another page posts here is refused with the
 * French error page, not a bare English text.
 */
test('an agent who opened http://127.0.0.1 signs in', async ({ page }) => {
	await page.goto('http://127.0.0.1:4173/connexion');
	// Sent to the name the site answers forms under, path kept.
	await expect(page).toHaveURL('http://localhost:4173/connexion');
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill('agent@demo.guichet.fr');
	await page.getByLabel(/^mot de passe/i).fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/^http:\/\/localhost:4173\/agents\/org\/[^/]+\/agenda/);
	await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
});

test('a form posted from another page is refused with the French error page', async ({ page }) => {
	await page.setContent(
		`<form method="post" action="http://localhost:4173/connexion">
			<input name="email" value="agent@demo.guichet.fr"><input name="password" value="x">
			<button>Envoyer</button>
		</form>`
	);
	await page.getByRole('button', { name: 'Envoyer' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
	await expect(page.getByText(/Formulaire refusé : il a été envoyé depuis une autre adresse/)).toBeVisible();
	await expect(page.getByText(/forbidden/i)).toHaveCount(0);
});
