/**
 * The usager space in a phone-sized Chromium (390 px): an usager signs in with the e-mailed code, books « Premier
 * accueil social » through the funnel more than 48 hours ahead, finds it in « Mes rendez-vous », moves it through
 * the same week grid, then cancels it after reading the motif's own cancel warning. Then the profile's
 * preferences, a relative added, edited and removed, and the account deleted (the session ends with it). Axe
 * finds no serious or critical violation on any page of the space, and nothing scrolls sideways.
 */
import { expect, test, type Page } from '@playwright/test';
import { hydrated, tick, unique, expectAccessible as checkAccessible, firstSlot } from './helpers';
import { signInUsager } from './usager-helpers';

const expectAccessible = (page: Page, what: string) =>
	checkAccessible(page, what, { names: false, hydrate: true, maxWidth: 390 });

test.describe.configure({ timeout: 240_000 });
test.beforeEach(({ page }) => page.setViewportSize({ width: 390, height: 844 }));

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Books « Premier accueil social » at MDS Arras, a week ahead at least (the 48-hour limit to move stays far). */
async function bookThroughFunnel(page: Page) {
	await page.goto('/');
	await hydrated(page);
	await page.getByLabel('Département', { exact: true }).selectOption('62');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await page.getByRole('link', { name: 'Service social' }).click();
	await page.getByTestId('motifs').getByRole('link', { name: 'Premier accueil social' }).click();
	await page.getByTestId('place-cards').getByRole('link', { name: 'MDS Arras – Centre' }).click();
	await expect(heading(page)).toContainText('Choisissez la date et l’heure');
	const before = page.url();
	await page.getByTestId('slot-grid').getByRole('link', { name: 'Semaine suivante' }).click();
	await expect(page).not.toHaveURL(before);
	await (await firstSlot(page)).click();
	await page
		.getByRole('dialog', { name: 'À lire avant de prendre rendez-vous' })
		.getByRole('link', { name: 'J’ai lu ces informations, je continue' })
		.click();
	// Already signed in: straight to « Vos informations ».
	await expect(heading(page)).toContainText('Vos informations');
	await page.getByLabel(/^Prénom/).fill('Camille');
	await page.getByLabel(/^Nom/).fill('Espace');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(heading(page)).toContainText('Pour qui est le rendez-vous ?');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(heading(page)).toContainText('Vérifiez et confirmez');
	// A box ticked before hydration would be unticked by it.
	await hydrated(page);
	if ((await page.getByRole('checkbox', { name: /^J’ai lu ces informations/ }).count()) > 0)
		await tick(page, 'J’ai lu ces informations');
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	// On a refusal, what the page said is the failure's message.
	await page
		.getByRole('heading', { name: 'Votre rendez-vous est confirmé' })
		.waitFor({ timeout: 20_000 })
		.catch(async () => {
			throw new Error(`Not booked: ${await page.locator('main').innerText()}`);
		});
}

test('an usager sees an RDV booked online, moves it through the grid, then cancels it', async ({ page }) => {
	const email = `${unique('espace')}@example.org`;
	await signInUsager(page, email);
	await expect(heading(page)).toHaveText('Mes rendez-vous');
	await expect(page.getByText('Aucun rendez-vous à venir.')).toBeVisible();
	await expectAccessible(page, 'empty space');

	await bookThroughFunnel(page);
	await page.goto('/mon-espace');
	const card = page.getByTestId('usager-rdv');
	await expect(card).toHaveCount(1);
	await expect(card).toContainText('Premier accueil social');
	await expect(card).toContainText('MDS Arras – Centre');
	await expect(card).toContainText('À venir');
	await expectAccessible(page, 'RDV list');
	const before = (await card.getByRole('heading', { level: 3 }).textContent())?.trim() ?? '';

	// Move: the same week grid, restricted to the RDV's agent; a time, a confirmation, then the RDV again.
	await card.getByRole('link', { name: /^Déplacer/ }).click();
	await expect(heading(page)).toHaveText('Déplacer le rendez-vous');
	await expectAccessible(page, 'move grid');
	// Any time offered is another one: the RDV's own time is its agent's busy time.
	await (await firstSlot(page)).click();
	await expect(page.getByRole('heading', { name: /^Nouveau créneau : / })).toBeVisible();
	await expectAccessible(page, 'move confirmation');
	await page.getByRole('button', { name: 'Confirmer le déplacement' }).click();
	await expect(page.getByText('Votre rendez-vous a été déplacé.')).toBeVisible();
	// « Premier accueil social — mardi 15 décembre 2026 à 9h00 » on the card; the RDV is elsewhere now.
	await expect(heading(page)).toHaveText(/^Rendez-vous du /);
	await expect(heading(page)).not.toHaveText(`Rendez-vous du ${before.split(' — ')[1]}`);
	await expectAccessible(page, 'RDV page');

	// Cancel: the motif's own warning is in the dialog; « Garder le rendez-vous » leaves it, then confirmed.
	await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
	const dialog = page.getByRole('dialog', { name: 'Annuler ce rendez-vous ?' });
	await expect(dialog).toContainText('pensez à reprendre rendez-vous : votre dossier reste en attente');
	await dialog.getByRole('button', { name: 'Garder le rendez-vous' }).click();
	await expect(dialog).toBeHidden();
	await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
	await dialog.getByRole('button', { name: 'Oui, annuler le rendez-vous' }).click();
	await expect(page.getByText('Votre rendez-vous est annulé.')).toBeVisible();
	await expect(page.getByText('Annulé à votre demande')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Annuler le rendez-vous' })).toHaveCount(0);

	await page.getByRole('main').getByRole('link', { name: 'Mes rendez-vous' }).last().click();
	await expect(page.getByTestId('usager-rdv')).toContainText('Annulé à votre demande');
	await expect(page.getByTestId('usager-rdv').getByRole('link', { name: /^(Déplacer|Annuler)/ })).toHaveCount(0);
});

test('profile, relatives and account deletion', async ({ page }) => {
	const email = `${unique('compte')}@example.org`;
	await signInUsager(page, email, '/mon-espace/profil');
	await expect(heading(page)).toHaveText('Mon profil');
	await expect(page.getByText(email)).toBeVisible();
	await expectAccessible(page, 'profile');
	await page.getByLabel(/^Prénom/).fill('Sacha');
	await page.getByLabel(/^Nom/).fill('Profil');
	await page.getByLabel(/^Code postal/).fill('620');
	await page.getByRole('button', { name: 'Enregistrer mes informations' }).click();
	await expect(page.getByText('Code postal invalide : 5 chiffres, par exemple 62000.')).toBeVisible();
	await page.getByLabel(/^Code postal/).fill('62000');
	await page.getByRole('button', { name: 'Enregistrer mes informations' }).click();
	await expect(page.getByText('Vos informations sont enregistrées.')).toBeVisible();
	await page.locator('label[for="notifySms"]').click();
	await expect(page.getByRole('checkbox', { name: /^Par SMS/ })).not.toBeChecked();
	await page.getByRole('button', { name: 'Enregistrer mes préférences' }).click();
	await expect(page.getByText('Vos préférences sont enregistrées.')).toBeVisible();
	await page.reload();
	await expect(page.getByRole('checkbox', { name: /^Par SMS/ })).not.toBeChecked();
	await expect(page.getByRole('checkbox', { name: /^Par e-mail/ })).toBeChecked();

	// Relatives: the side menu (a button on phones) leads there.
	await page.getByRole('button', { name: 'Menu de mon espace' }).click();
	await page.getByRole('link', { name: 'Mes proches' }).click();
	await expect(heading(page)).toHaveText('Mes proches');
	await page.getByRole('button', { name: 'Ajouter ce proche' }).click();
	await expect(page.getByText('Saisissez le prénom.')).toBeVisible();
	const add = page.getByRole('region', { name: 'Ajouter un proche' });
	await add.getByLabel('Prénom', { exact: true }).fill('Lou');
	await add.getByLabel('Nom', { exact: true }).fill('Profil');
	await add.getByLabel('Date de naissance', { exact: true }).fill('2018-06-01');
	await add.getByRole('button', { name: 'Ajouter ce proche' }).click();
	await expect(page.getByText('Le proche est ajouté.')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Lou Profil', exact: true })).toBeVisible();
	await expectAccessible(page, 'relatives');
	await page.getByRole('link', { name: 'Modifier Lou Profil' }).click();
	const edit = page.getByRole('region', { name: 'Modifier Lou Profil' });
	await edit.getByLabel('Prénom', { exact: true }).fill('Louise');
	await edit.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Le proche est modifié.')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Louise Profil', exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Retirer Louise Profil' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Retirer' }).click();
	await expect(page.getByText('Le proche est retiré de votre espace.')).toBeVisible();
	await expect(page.getByText('Vous n’avez pas encore ajouté de proche.')).toBeVisible();

	// The account: deleted after a confirmation; the session ends with it.
	await page.goto('/mon-espace/compte');
	await expect(heading(page)).toHaveText('Mon compte');
	await expectAccessible(page, 'account');
	await page.getByRole('button', { name: 'Supprimer mon compte' }).click();
	await page
		.getByRole('dialog', { name: 'Supprimer votre compte ?' })
		.getByRole('button', { name: 'Supprimer mon compte' })
		.click();
	await expect(heading(page)).toHaveText('Votre compte est supprimé');
	await expectAccessible(page, 'account deleted');
	await page.goto('/mon-espace');
	await expect(page).toHaveURL(/\/usager\/connexion\?redirectTo=%2Fmon-espace/);
});
