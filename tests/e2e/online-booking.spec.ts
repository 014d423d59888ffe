/**
 * The end of the booking funnel (issue 18): a signed-in usager picks a slot, gives « Vos informations », adds a
 * relative inline at « Pour qui », confirms, lands on the confirmed RDV and downloads its .ics — on a desktop and
 * at a phone's width, with axe on each page.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import ICAL from 'ical.js';
import { hydrated, tick, unique, expectAccessible as checkAccessible } from './helpers';
import { signInUsager } from './usager-helpers';

const expectAccessible = (page: Page, what: string) => checkAccessible(page, what, { names: false });

const MOTIF = 'Consultation PMI nourrisson';
const LIEU = 'MDS Arras – Centre';

/** From the search to a slot of next week at MDS Arras (a random one: other journeys book the first ones). */
async function chooseSlot(page: Page, choice = { service: 'PMI', motif: MOTIF }) {
	await page.goto('/prendre-rdv?departement=62');
	await page.getByRole('link', { name: choice.service, exact: true }).click();
	await page.getByRole('link', { name: choice.motif }).click();
	await page.getByRole('link', { name: LIEU }).click();
	const grid = page.getByTestId('slot-grid');
	await expect(grid).toBeVisible();
	const before = page.url();
	await grid.getByRole('link', { name: 'Semaine suivante' }).click();
	// The next week's page, not this one's slots while it loads.
	await expect(page).not.toHaveURL(before);
	const slots = grid.locator('a.slot');
	await expect(slots.first()).toBeVisible();
	const count = await slots.count();
	await slots.nth(Math.floor(Math.random() * count)).click();
}

for (const width of [1280, 390]) {
	test.describe(`online booking at ${width} px`, () => {
		test.use({ viewport: { width, height: 900 } });

		test('informations, a relative added inline, confirmation, the confirmed RDV and its .ics', async ({ page }) => {
			const email = `${unique('usager')}-${width}@example.org`;
			await signInUsager(page, email);
			await chooseSlot(page);

			// « Vos informations »: an account opened by code has no names yet.
			await expect(page).toHaveURL(/\/prendre-rdv\/informations\?/);
			await hydrated(page);
			await expect(page.getByRole('heading', { level: 1, name: /Vos informations/ })).toBeVisible();
			await expectAccessible(page, 'informations');
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page.getByText('Saisissez le prénom.')).toBeVisible();
			await page.getByLabel('Prénom').fill('Camille');
			await page.getByLabel(/^Nom/).fill('Testeuse');
			await page.getByLabel('Téléphone').fill('06 12 34 56 78');
			await page.getByRole('button', { name: 'Continuer' }).click();

			// « Pour qui »: add a child inline.
			await expect(page).toHaveURL(/\/prendre-rdv\/pour-qui\?/);
			await hydrated(page);
			await expect(page.getByLabel('Moi-même (Camille Testeuse)')).toBeChecked();
			await tick(page, /Ajouter un proche/);
			await expectAccessible(page, 'pour qui');
			await page.getByLabel('Prénom').fill('Noé');
			await page.getByLabel(/^Nom/).fill('Testeuse');
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page.getByText('Saisissez la date de naissance.')).toBeVisible();
			await page.getByLabel('Date de naissance').fill('2026-01-15');
			await page.getByRole('button', { name: 'Continuer' }).click();

			// Confirmation: the summary, then the booking.
			await expect(page).toHaveURL(/\/prendre-rdv\/confirmation\?/);
			await hydrated(page);
			await expect(page.getByRole('heading', { level: 2, name: MOTIF })).toBeVisible();
			await expect(page.getByText(LIEU)).toBeVisible();
			await expect(page.getByText('Noé Testeuse')).toBeVisible();
			await expect(page.getByText(/ à \d{1,2}h\d{2} \(30 minutes\)/)).toBeVisible();
			await expectAccessible(page, 'confirmation');
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();

			await expect(page).toHaveURL(/\/prendre-rdv\/rdv\/[0-9a-f]{24}$/);
			await expect(page.getByRole('heading', { level: 1, name: 'Votre rendez-vous est confirmé' })).toBeVisible();
			await expect(page.getByText('Noé Testeuse')).toBeVisible();
			// The motif's instructions after booking (the demo's PMI text).
			await expect(page.getByText(/carnet de santé/)).toBeVisible();
			await expectAccessible(page, 'confirmed RDV');

			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('link', { name: 'Ajouter à mon agenda' }).click()
			]);
			expect(download.suggestedFilename()).toBe('rendez-vous.ics');
			const ics = await readFile(await download.path(), 'utf8');
			const calendar = new ICAL.Component(ICAL.parse(ics));
			const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
			expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Paris');
			expect(event.summary).toBe(`Rendez-vous : ${MOTIF}`);
			expect(event.location).toContain(LIEU);
			const rdvId = /\/rdv\/([0-9a-f]{24})$/.exec(page.url())![1];
			expect(event.uid).toMatch(new RegExp(`^rdv-${rdvId}@`));

			// Another usager sees nothing of it: unknown, like any id.
			const other = await page.context().browser()!.newContext();
			const stranger = await other.newPage();
			await signInUsager(stranger, `${unique('autre')}-${width}@example.org`);
			expect((await stranger.goto(`/prendre-rdv/rdv/${rdvId}`))?.status()).toBe(404);
			expect((await stranger.request.get(`/prendre-rdv/rdv/${rdvId}/rdv.ics`)).status()).toBe(404);
			await other.close();

			// The space lists it for the relative.
			await page.getByRole('link', { name: 'Voir ce rendez-vous dans mon espace' }).click();
			await expect(page.getByText(MOTIF).first()).toBeVisible();
		});
	});
}

test('the « à lire avant » is accepted at confirmation, and a forged slot is refused with a way back', async ({
	page
}) => {
	await signInUsager(page, `${unique('lire')}@example.org`);
	await chooseSlot(page, { service: 'Service social', motif: 'Premier accueil social' });
	// The grid's dialog asks first (the search's own step), then « Vos informations ».
	await page.getByRole('link', { name: 'J’ai lu ces informations, je continue' }).click();
	await expect(page).toHaveURL(/\/prendre-rdv\/informations\?/);
	await hydrated(page);
	await page.getByLabel('Prénom').fill('Lina');
	await page.getByLabel(/^Nom/).fill('Accueil');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page).toHaveURL(/\/prendre-rdv\/pour-qui\?/);
	await page.getByRole('button', { name: 'Continuer' }).click();

	await expect(page).toHaveURL(/\/prendre-rdv\/confirmation\?/);
	await hydrated(page);
	await expect(page.getByText(/Munissez-vous d’une pièce d’identité/)).toBeVisible();
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page.getByText('Cochez la case pour indiquer que vous avez lu ces informations.')).toBeVisible();
	const confirmation = page.url();

	// The same page for a time that is no slot: the message, and the way back to the grid; nothing to confirm.
	const forged = new URL(confirmation);
	const creneau = new Date(forged.searchParams.get('creneau')!);
	forged.searchParams.set('creneau', new Date(creneau.getTime() + 5 * 60_000).toISOString());
	await page.goto(forged.toString());
	await expect(page.getByRole('heading', { level: 2, name: 'Ce créneau n’est plus disponible.' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Confirmer le rendez-vous' })).toHaveCount(0);
	await expectAccessible(page, 'slot gone');
	await page.getByRole('link', { name: 'Voir toutes les disponibilités' }).click();
	await expect(page.getByTestId('slot-grid')).toBeVisible();

	await page.goto(confirmation);
	await hydrated(page);
	await tick(page, 'J’ai lu ces informations');
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Votre rendez-vous est confirmé' })).toBeVisible();
});
