/**
 * The Done-when of issue 18, in a phone-sized Chromium (390×844): an usager finds a slot from the home page,
 * identifies with the code e-mailed to them (read from the dev outbox), books for a relative added on the way,
 * finds the RDV in their space, moves it, cancels it; then two usagers race for one slot: the loser reads « Ce
 * créneau n’est plus disponible » with the next free slots, and books one of them. (The prescripteur and
 * FranceConnect journeys are their own specs.)
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { hydrated, tick, unique } from './helpers';
import { enterCode, readLoginCode, requestCode, signInUsager } from './usager-helpers';

const SERVICE = 'PMI';
const MOTIF = 'Consultation PMI nourrisson';
const LIEU = 'MDS Arras – Centre';
const PHONE = { width: 390, height: 844 };

test.describe.configure({ timeout: 240_000 });
test.use({ viewport: PHONE });

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/**
 * From the home page's search to the week grid of the motif at MDS Arras, `weeksAhead` weeks on (other journeys
 * of the run book the first weeks), then a time of that week chosen at random among those shown, or of the next
 * week with one.
 */
async function findSlotFromHome(page: Page, weeksAhead: number): Promise<void> {
	await page.goto('/');
	await hydrated(page);
	await page.getByLabel('Adresse, code postal ou département').fill('62000 Arras');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(heading(page)).toContainText('Choisissez le service');
	await page.getByRole('link', { name: SERVICE, exact: true }).click();
	await page.getByTestId('motifs').getByRole('link', { name: MOTIF }).click();
	await page.getByTestId('place-cards').getByRole('link', { name: LIEU }).click();
	await expect(heading(page)).toContainText('Choisissez la date et l’heure');
	const grid = page.getByTestId('slot-grid');
	for (let week = 0; week < weeksAhead; week++) {
		const before = page.url();
		await grid.getByRole('link', { name: 'Semaine suivante' }).click();
		await expect(page).not.toHaveURL(before);
	}
	for (let week = 0; week < 6; week++) {
		const slots = grid.locator('a.slot');
		const count = await slots.count();
		if (count > 0) {
			await slots.nth(Math.floor(Math.random() * count)).click();
			return;
		}
		const before = page.url();
		await grid.getByRole('link', { name: 'Semaine suivante' }).click();
		await expect(page).not.toHaveURL(before);
	}
	throw new Error('No slot in six weeks');
}

/** « Vos informations » of an account just opened by code: names only (a lieu's motif needs no phone). */
async function giveInformations(page: Page, firstName: string, lastName: string) {
	await expect(heading(page)).toContainText('Vos informations');
	await hydrated(page);
	await page.getByLabel(/^Prénom/).fill(firstName);
	await page.getByLabel(/^Nom/).fill(lastName);
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(heading(page)).toContainText('Pour qui est le rendez-vous ?');
	await hydrated(page);
}

test('an usager finds a slot from the home page, identifies by code, books for a relative, sees it, moves it, cancels it', async ({
	page
}) => {
	const email = `${unique('parcours')}@example.org`;
	await findSlotFromHome(page, 3);

	// Identification: the code e-mailed, read from the outbox as from a mailbox.
	await expect(page).toHaveURL(/\/prendre-rdv\/identification\?.*creneau=/);
	await requestCode(page, email);
	await expect(page.getByText(`Un code à 6 chiffres a été envoyé à ${email}.`, { exact: false })).toBeVisible();
	await enterCode(page, await readLoginCode(page, email));

	await giveInformations(page, 'Camille', 'Parcours');
	// For a relative, added on the way.
	await tick(page, /Ajouter un proche/);
	await page.getByLabel(/^Prénom/).fill('Léo');
	await page.getByLabel(/^Nom/).fill('Parcours');
	await page.getByLabel('Date de naissance').fill('2026-05-02');
	await page.getByRole('button', { name: 'Continuer' }).click();

	await expect(page).toHaveURL(/\/prendre-rdv\/confirmation\?/);
	await hydrated(page);
	await expect(page.getByText('Léo Parcours')).toBeVisible();
	const when = (await page.getByText(/ à \d{1,2}h\d{2} \(30 minutes\)/).textContent())?.trim() ?? '';
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Votre rendez-vous est confirmé' })).toBeVisible();
	await expect(page.getByText('Léo Parcours')).toBeVisible();

	// The space: the relative's RDV among the usager's.
	await page.goto('/mon-espace');
	await expect(heading(page)).toHaveText('Mes rendez-vous');
	const card = page.getByTestId('usager-rdv');
	await expect(card).toHaveCount(1);
	await expect(card).toContainText(MOTIF);
	await expect(card).toContainText('Léo');
	await expect(card).toContainText('À venir');
	const bookedTitle = (await card.getByRole('heading', { level: 3 }).textContent())?.trim() ?? '';
	expect(bookedTitle).not.toBe('');

	// Move it through the same week grid, to another time.
	await card.getByRole('link', { name: /^Déplacer/ }).click();
	await expect(heading(page)).toHaveText('Déplacer le rendez-vous');
	const slots = page.getByTestId('slot-grid').locator('a.slot');
	await expect(slots.first()).toBeVisible();
	await slots.last().click();
	await expect(page.getByRole('heading', { name: /^Nouveau créneau : / })).toBeVisible();
	await page.getByRole('button', { name: 'Confirmer le déplacement' }).click();
	await expect(page.getByText('Votre rendez-vous a été déplacé.')).toBeVisible();
	await expect(heading(page)).toHaveText(/^Rendez-vous du /);
	await expect(heading(page)).not.toHaveText(`Rendez-vous du ${bookedTitle.split(' — ')[1] ?? when}`);

	// Cancel it.
	await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
	await page
		.getByRole('dialog', { name: 'Annuler ce rendez-vous ?' })
		.getByRole('button', { name: 'Oui, annuler le rendez-vous' })
		.click();
	await expect(page.getByText('Votre rendez-vous est annulé.')).toBeVisible();
	await page.goto('/mon-espace');
	await expect(page.getByTestId('usager-rdv')).toContainText('Annulé à votre demande');
});

/** A signed-in usager's page in a browser context of its own (its own cookies). */
async function usagerPage(browser: Browser, name: string): Promise<Page> {
	const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
	const page = await context.newPage();
	await signInUsager(page, `${unique(name)}@example.org`);
	return page;
}

test('two usagers race for one slot: the loser reads that it is gone and books one of the next ones', async ({
	browser
}) => {
	const first = await usagerPage(browser, 'premiere');
	const second = await usagerPage(browser, 'seconde');
	try {
		// Both reach the confirmation of the same slot (one agent holds it: the demo's PMI consultations).
		await findSlotFromHome(first, 5);
		await giveInformations(first, 'Alix', 'Premiere');
		await first.getByRole('button', { name: 'Continuer' }).click();
		await expect(first).toHaveURL(/\/prendre-rdv\/confirmation\?/);
		const chosen = new URL(first.url());
		const identification = new URL('/prendre-rdv/identification', chosen);
		for (const [k, v] of chosen.searchParams) if (k !== 'pour') identification.searchParams.set(k, v);
		await second.goto(identification.toString());
		await giveInformations(second, 'Basile', 'Seconde');
		await second.getByRole('button', { name: 'Continuer' }).click();
		await expect(second).toHaveURL(/\/prendre-rdv\/confirmation\?/);
		expect(new URL(second.url()).searchParams.get('creneau')).toBe(chosen.searchParams.get('creneau'));
		await hydrated(first);
		await hydrated(second);
		await expect(second.getByRole('button', { name: 'Confirmer le rendez-vous' })).toBeVisible();

		// Both confirm at once: one RDV.
		await Promise.all([
			first.getByRole('button', { name: 'Confirmer le rendez-vous' }).click(),
			second.getByRole('button', { name: 'Confirmer le rendez-vous' }).click()
		]);
		const confirmed = (p: Page) => p.getByRole('heading', { level: 1, name: 'Votre rendez-vous est confirmé' });
		const gone = (p: Page) => p.getByRole('heading', { level: 2, name: 'Ce créneau n’est plus disponible.' });
		await expect(confirmed(first).or(gone(first))).toBeVisible();
		await expect(confirmed(second).or(gone(second))).toBeVisible();
		const firstWon = await confirmed(first).isVisible();
		const [winner, loser] = firstWon ? [first, second] : [second, first];
		await expect(confirmed(winner)).toBeVisible();
		await expect(gone(loser)).toBeVisible();

		// The loser is offered the next free slots, and books one.
		const next = loser.getByRole('list', { name: 'Prochains créneaux libres' }).getByRole('link');
		await expect(next.first()).toBeVisible();
		const goneUrl = loser.url();
		await next.first().click();
		await expect(loser).not.toHaveURL(goneUrl);
		await expect(loser).toHaveURL(/\/prendre-rdv\/confirmation\?/);
		expect(new URL(loser.url()).searchParams.get('creneau')).not.toBe(chosen.searchParams.get('creneau'));
		await hydrated(loser);
		await loser.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
		await expect(confirmed(loser)).toBeVisible();
	} finally {
		await first.context().close();
		await second.context().close();
	}
});
