import { expect, test, type Page } from '@playwright/test';

const PASSWORD = 'Guichet-Demo-2026';
const AGENDA_URL = /\/agents\/org\/[^/]+\/agenda/;

/**
 * The root layout starts the DSFR script once the page is hydrated, and the DSFR then marks <html>: typing
 * before that would be undone by hydration.
 */
async function hydrated(page: Page) {
	await expect(page.locator('html')).toHaveAttribute('data-fr-js', 'true');
}

async function signIn(page: Page, email: string, password = PASSWORD) {
	await page.goto('/connexion');
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill(email);
	await page.getByLabel(/^mot de passe/i).fill(password);
	await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Waits until the calendar has fetched the week, then returns how many RDV it shows. */
async function shownRdvCount(page: Page): Promise<number> {
	const calendar = page.getByTestId('agenda-calendar');
	await expect(calendar).toHaveAttribute('data-state', /^(ready|empty)$/);
	return calendar.locator('.rdv-event').count();
}

test('an agent signs in, sees the agenda of their organisation, and signs out', async ({ page }) => {
	await signIn(page, 'agent@demo.guichet.fr');

	await expect(page).toHaveURL(AGENDA_URL);
	await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'MDS Arras' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Agenda', exact: true })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByLabel('Agenda de')).toHaveValue(/.+/);

	// The week's RDVs, or the empty state when the seed left this week free.
	const count = await shownRdvCount(page);
	if (count === 0) await expect(page.getByText('Aucun rendez-vous sur cette période.').first()).toBeVisible();
	else await expect(page.locator('.rdv-event').first()).toBeVisible();

	await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
	await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible();

	// The session is really gone: the back-office sends us back to the sign-in page.
	await page.goto('/agents');
	await expect(page).toHaveURL(/\/connexion/);
});

test('a wrong password shows the French error', async ({ page }) => {
	await signIn(page, 'agent@demo.guichet.fr', 'pas-le-bon-mot-de-passe');
	await expect(page.getByText('Adresse e-mail ou mot de passe incorrect.')).toBeVisible();
	await expect(page).toHaveURL(/\/connexion/);
});

test('a basic agent gets the 403 page on another organisation', async ({ page }) => {
	// Learn MDS Arras's agenda URL as one of its agents.
	await signIn(page, 'agent@demo.guichet.fr');
	await expect(page).toHaveURL(AGENDA_URL);
	const arrasAgenda = new URL(page.url()).pathname;
	await page.getByRole('button', { name: 'Se déconnecter' }).first().click();
	await expect(page.getByRole('link', { name: 'Se connecter' }).first()).toBeVisible();

	await signIn(page, 'agent.lens@demo.guichet.fr');
	await expect(page).toHaveURL(AGENDA_URL);
	await expect(page.getByRole('navigation', { name: 'MDS Lens' })).toBeVisible();

	// Following a link inside the app (client-side navigation): the DSFR error page.
	await page.evaluate((href) => {
		const link = document.createElement('a');
		link.href = href;
		link.textContent = 'Agenda de MDS Arras';
		document.getElementById('contenu')?.append(link);
	}, arrasAgenda);
	await page.getByRole('link', { name: 'Agenda de MDS Arras' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
	await expect(page.getByText('Vous n’avez pas les droits pour accéder à cette page.')).toBeVisible();

	// Typing the address: refused as well, with a 403 status.
	const response = await page.goto(arrasAgenda);
	expect(response?.status()).toBe(403);
	await expect(page.getByText('Vous n’avez pas les droits pour accéder à cette page.')).toBeVisible();

	// Nor can the events endpoint be read by changing the id in the URL.
	const events = await page.request.get(`${arrasAgenda}/events?start=2026-01-05T00:00:00Z&end=2026-01-11T00:00:00Z`);
	expect(events.status()).toBe(403);
});

test('an unknown page shows the French 404 page', async ({ page }) => {
	const response = await page.goto('/cette-page-n-existe-pas');
	expect(response?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Page non trouvée' })).toBeVisible();
});
