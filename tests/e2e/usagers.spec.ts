import { expect, test } from '@playwright/test';
import { hydrated, signIn } from './helpers';

/** A last name of this run only: the e2e database lives on between runs. */
const suffix = Date.now().toString(36).slice(-5).toUpperCase();
const lastName = `Testeur${suffix}`;

test('usager records: list, create with a duplicate warning then confirm, search, add a relative, edit', async ({
	page
}) => {
	await signIn(page, 'agent@demo.guichet.fr');
	const usagersMenu = () => page.locator('#sidemenu-wrapper').getByRole('link', { name: 'Usagers', exact: true });

	// 1. The menu leads to the alphabetical list of the organisation's usagers, page by page.
	await usagersMenu().click();
	await expect(page.getByRole('heading', { level: 1, name: 'Usagers' })).toBeVisible();
	const rows = page.locator('table tbody tr');
	await expect(rows).toHaveCount(50);
	const hrefs = () => rows.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
	const firstPage = await hrefs();
	await page.getByRole('link', { name: 'Page suivante' }).click();
	await expect(page).toHaveURL(/curseur=/);
	await expect(rows.first()).toBeVisible();
	// The next page goes on where the first stopped: no record twice.
	expect((await hrefs()).filter((href) => firstPage.includes(href))).toEqual([]);

	// 2. Create an usager; the same names and birth date again are flagged, with a link to the first record.
	const fillIdentity = async (firstName: string) => {
		await hydrated(page);
		await page.getByLabel('Prénom').fill(firstName);
		await page.getByLabel('Nom d’usage').fill(lastName);
		await page.getByLabel('Date de naissance').fill('1990-05-04');
	};
	await usagersMenu().click();
	await page.getByRole('link', { name: 'Créer un usager' }).click();
	await fillIdentity('Zoé');
	await page.getByLabel('Téléphone').fill('06 12 98 76 54');
	await page.getByLabel('Code postal').fill('620');
	await page.getByRole('button', { name: 'Créer l’usager' }).click();
	// A field error first, next to its field; what was typed stays.
	await expect(page.getByText('Code postal invalide : 5 chiffres, par exemple 62000.')).toBeVisible();
	await expect(page.getByLabel('Prénom')).toHaveValue('Zoé');
	await page.getByLabel('Code postal').fill('62000');
	await page.getByRole('button', { name: 'Créer l’usager' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Zoé ${lastName.toUpperCase()}` })).toBeVisible();
	await expect(page.getByText('L’usager a été créé.')).toBeVisible();
	const firstRecord = new URL(page.url()).pathname;

	await usagersMenu().click();
	await page.getByRole('link', { name: 'Créer un usager' }).click();
	await fillIdentity('ZOE');
	await page.getByRole('button', { name: 'Créer l’usager' }).click();
	const warning = page.getByRole('alert').filter({ hasText: 'Cet usager existe peut-être déjà' });
	await expect(warning).toBeVisible();
	await expect(warning.getByRole('link', { name: `Voir la fiche de Zoé ${lastName}` })).toHaveAttribute(
		'href',
		firstRecord
	);
	await warning.getByRole('button', { name: 'Créer quand même' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `ZOE ${lastName.toUpperCase()}` })).toBeVisible();

	// 3. Search by phone (as typed nationally) and by name with the birth date: the first record only.
	await usagersMenu().click();
	await page.getByLabel('Rechercher un usager').fill('0612987654');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText('Zoé');
	await page.getByLabel('Rechercher un usager').fill(`${lastName.toLowerCase()} 04/05/1990`);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(rows).toHaveCount(2);

	// 4. Add a relative from the record: it starts with the family name, and is listed on the record after.
	await page.goto(firstRecord);
	await page.getByRole('link', { name: 'Ajouter un proche' }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: `Ajouter un proche de Zoé ${lastName.toUpperCase()}` })
	).toBeVisible();
	await hydrated(page);
	await expect(page.getByLabel('Nom d’usage')).toHaveValue(lastName);
	await page.getByLabel('Prénom').fill('Léo');
	await page.getByRole('button', { name: 'Ajouter le proche' }).click();
	await expect(page.getByText('Le proche a été ajouté.')).toBeVisible();
	await page.getByRole('link', { name: `Léo ${lastName.toUpperCase()}` }).click();
	await expect(page.getByText(`Proche de Zoé ${lastName.toUpperCase()}`)).toBeVisible();

	// 5. Edit the first record: the new value shows on the record.
	await page.goto(firstRecord);
	await page.getByRole('link', { name: 'Modifier' }).click();
	await hydrated(page);
	await expect(page.getByLabel('Code postal')).toHaveValue('62000');
	await page.getByLabel('Commune').fill('Arras');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Les informations de l’usager ont été enregistrées.')).toBeVisible();
	await expect(page.getByText('62000 Arras')).toBeVisible();
});
