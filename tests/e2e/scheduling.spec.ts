import { expect, test, type Locator, type Page } from '@playwright/test';

const PASSWORD = 'Guichet-Demo-2026';
const AGENT = 'Julien Lefebvre'; // admin@demo.guichet.fr, Service social of MDS Arras
const MOTIF = 'Premier accueil social (30 min)';
const LIEU = 'MDS Arras – Centre';

/** The DSFR marks <html> once the page is hydrated: interacting before that would be undone. */
async function hydrated(page: Page) {
	await expect(page.locator('html')).toHaveAttribute('data-fr-js', 'true');
}

/** DSFR checkboxes and radios hide the input behind its label: click the label, as a user does. */
async function tick(scope: Page | Locator, label: string | RegExp) {
	await scope.locator('label').filter({ hasText: label }).click();
	await expect(scope.getByLabel(label)).toBeChecked();
}

/** 'YYYY-MM-DD' of a date, in Paris (the demo territory and the browser's zone). */
const isoDay = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
const addDays = (day: string, n: number) => {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
};
const longDay = (day: string) =>
	new Intl.DateTimeFormat('fr-FR', {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T12:00:00Z`));

test('a recurring plage, one cancelled occurrence, the slots in Trouver un RDV, and a booking', async ({ page }) => {
	// The Monday two weeks ahead: the plage runs on that week's Tuesday and Friday afternoons, when the demo
	// gives this agent nothing else (his seeded plages are Monday and Wednesday mornings, Thursday afternoon).
	const today = isoDay(new Date());
	const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
	const monday = addDays(today, 14 - weekday);
	const tuesday = addDays(monday, 1);
	const friday = addDays(monday, 4);

	await page.goto('/connexion');
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill('admin@demo.guichet.fr');
	await page.getByLabel(/^mot de passe/i).fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/agents\/org\/[^/]+\/agenda/);
	const orgBase = new URL(page.url()).pathname.replace(/\/agenda$/, '');

	// 1. A weekly plage on Tuesdays and Fridays, 15:00–17:00.
	await page.goto(`${orgBase}/plages/nouvelle`);
	await hydrated(page);
	await page.getByLabel('Agent', { exact: true }).selectOption({ label: AGENT });
	await page.getByLabel(/^Titre/).fill('Accueil de l’après-midi');
	await page.getByLabel(/^Lieu/).selectOption({ label: `${LIEU} — 8 place du Théâtre, 62000 Arras` });
	await tick(page.getByRole('group', { name: 'Motifs' }), /Premier accueil social/);
	await page.getByLabel('Premier jour', { exact: true }).fill(monday);
	await page.getByLabel('Heure de début', { exact: true }).fill('15:00');
	await page.getByLabel('Heure de fin', { exact: true }).fill('17:00');
	await tick(page, 'Répéter');
	await tick(page, /^Mardi$/);
	await tick(page, /^Vendredi$/);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('La plage d’ouverture est créée.')).toBeVisible();

	// 2. Cancel the Tuesday occurrence.
	await hydrated(page);
	await page.getByRole('button', { name: `Annuler cette occurrence (${longDay(tuesday)})` }).click();
	await expect(page.getByRole('row', { name: new RegExp(longDay(tuesday)) }).getByText('Annulée')).toBeVisible();

	// 3. Trouver un RDV for that motif from that Monday.
	await page.getByRole('link', { name: 'Trouver un RDV' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Trouver un RDV' })).toBeVisible();
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByLabel('À partir du').fill(monday);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: LIEU, exact: true }).click();
	await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Créneaux à ${LIEU}`) })).toBeVisible();
	const searchUrl = page.url();

	const day = (d: string) => page.getByRole('region', { name: longDay(d) });
	const slotsOf = (d: string) => day(d).getByRole('link', { name: new RegExp(`avec ${AGENT}$`) });
	await expect(slotsOf(tuesday)).toHaveCount(0);
	await expect(slotsOf(friday)).toHaveCount(4);
	const slot = day(friday).getByRole('link', { name: `15h30 avec ${AGENT}` });
	await expect(slot).toBeVisible();

	// 4. Book the Friday 15:30 slot for a new usager.
	await slot.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
	await expect(page.getByText(`Le ${longDay(friday)} à 15h30`)).toBeVisible();
	await hydrated(page);
	await tick(page, 'Créer un usager');
	await page.getByLabel('Prénom').fill('Camille');
	await page.getByLabel('Nom', { exact: true }).fill(`Essai-${Date.now()}`);
	await page.getByRole('button', { name: 'Créer le RDV' }).click();
	await expect(page).toHaveURL(new RegExp(`/agenda\\?.*date=${friday}`));
	await expect(page.getByText('Le RDV a été créé.')).toBeVisible();

	// 5. The slot is gone from the grid; the other slots of that afternoon remain.
	await page.goto(searchUrl);
	await expect(slotsOf(friday)).toHaveCount(3);
	await expect(day(friday).getByRole('link', { name: `15h30 avec ${AGENT}` })).toHaveCount(0);
});
