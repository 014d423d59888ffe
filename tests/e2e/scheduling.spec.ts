import { expect, test } from '@playwright/test';
import { addDays, hydrated, longDay, occurrenceRows, signIn, tick, workingMonday } from './helpers';

const AGENT = 'Julien Lefebvre'; // admin@demo.guichet.fr, Service social of MDS Arras
const MOTIF = 'Premier accueil social (30 min)';
const LIEU = 'MDS Arras – Centre';

test('a recurring plage, one cancelled occurrence, the slots in Trouver un RDV, and a booking', async ({ page }) => {
	// A working week two weeks ahead or later: the plage runs on its Tuesday and Friday late afternoons, when the
	// demo gives this agent nothing else (his plages are Monday and Wednesday mornings and Thursday afternoon; he
	// may partner a colleague's home evaluations on Fridays until 16:00).
	const monday = workingMonday(2);
	const tuesday = addDays(monday, 1);
	const friday = addDays(monday, 4);

	const orgBase = await signIn(page, 'admin@demo.guichet.fr');

	// 1. A weekly plage on Tuesdays and Fridays, 16:00–18:00.
	await page.goto(`${orgBase}/plages/nouvelle`);
	await hydrated(page);
	await page.getByLabel('Agent', { exact: true }).selectOption({ label: AGENT });
	await page.getByLabel(/^Titre/).fill('Accueil de l’après-midi');
	await page.getByLabel(/^Lieu/).selectOption({ label: `${LIEU} — 8 place du Théâtre, 62000 Arras` });
	await tick(page.getByRole('group', { name: 'Motifs' }), /Premier accueil social/);
	await page.getByLabel('Premier jour', { exact: true }).fill(monday);
	await page.getByLabel('Heure de début', { exact: true }).fill('16:00');
	await page.getByLabel('Heure de fin', { exact: true }).fill('18:00');
	await tick(page, 'Répéter');
	await tick(page, /^Mardi$/);
	await tick(page, /^Vendredi$/);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('La plage d’ouverture est créée.')).toBeVisible();

	// 2. Cancel the Tuesday occurrence.
	await hydrated(page);
	await page.getByRole('button', { name: `Annuler cette occurrence (${longDay(tuesday)})` }).click();
	await expect(
		occurrenceRows(page)
			.filter({ hasText: new RegExp(longDay(tuesday)) })
			.getByText('Annulée')
	).toBeVisible();

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
	const slotsOf = (d: string) => day(d).getByRole('link', { name: new RegExp(` ${AGENT}$`) });
	await expect(slotsOf(tuesday)).toHaveCount(0);
	await expect(slotsOf(friday)).toHaveCount(4);
	const slot = day(friday).getByRole('link', { name: `16h30 ${AGENT}` });
	await expect(slot).toBeVisible();

	// 4. Book the Friday 16:30 slot for a new usager.
	await slot.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
	await expect(page.getByText(`Le ${longDay(friday)} à 16h30`)).toBeVisible();
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
	await expect(day(friday).getByRole('link', { name: `16h30 ${AGENT}` })).toHaveCount(0);
});
