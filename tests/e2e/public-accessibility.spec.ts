/**
 * Accessibility of every public page (issue 18, « Quality »), at a phone's width (390 px, where nothing may
 * scroll sideways) and on a desktop: axe finds no serious or critical violation (WCAG 2.5.3 label-in-name
 * included) on the home page, each search step and the « à lire avant » dialog, identification, « Vos
 * informations », « Pour qui », the confirmation, the confirmed RDV, the usager sign-in and sign-out pages,
 * every page of the usager space, the prescripteur's three steps and an organisation's public link. And one full
 * step by keyboard alone: from the top of the week grid, Tab reaches a slot, Enter chooses it, and the dialog's
 * « je continue » is reached and followed the same way.
 */
import { expect, test, type Page } from '@playwright/test';
import { tick, unique, expectAccessible as checkAccessible, firstSlot } from './helpers';
import { enterCode, readLoginCode, requestCode } from './usager-helpers';

/** The phone's width, where nothing may scroll sideways; none on a desktop. */
const narrowWidth = (page: Page) => {
	const width = page.viewportSize()?.width ?? 0;
	return width <= 390 ? width : undefined;
};

const expectAccessible = (page: Page, what: string) =>
	checkAccessible(page, what, { hydrate: true, maxWidth: narrowWidth(page) });

test.describe.configure({ timeout: 300_000 });

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Presses Tab until a slot of the grid has the focus (a keyboard user's way), and says how many presses. */
async function tabToSlot(page: Page): Promise<number> {
	for (let presses = 1; presses <= 150; presses++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate(() => document.activeElement?.matches('[data-testid="slot-grid"] a.slot') ?? false))
			return presses;
	}
	throw new Error('Tab never reached a slot of the grid');
}

for (const viewport of [
	{ width: 390, height: 844 },
	{ width: 1280, height: 900 }
]) {
	test.describe(`at ${viewport.width} px`, () => {
		test.use({ viewport });

		test('the funnel, identification and the usager space have no serious axe violation', async ({ page }) => {
			await page.goto('/');
			await expectAccessible(page, 'home');
			await page.getByLabel('Adresse, code postal ou département').fill('62000 Arras');
			await page.getByRole('button', { name: 'Rechercher' }).click();
			await expect(heading(page)).toContainText('Choisissez le service');
			await expectAccessible(page, 'service step');
			await page.getByRole('link', { name: 'Service social', exact: true }).click();
			await expect(heading(page)).toContainText('Choisissez le motif du rendez-vous');
			await expectAccessible(page, 'motif step');
			await page.getByTestId('motifs').getByRole('link', { name: 'Premier accueil social' }).click();
			await expect(heading(page)).toContainText('Choisissez le lieu');
			await expectAccessible(page, 'lieu step');
			await page.getByTestId('place-cards').getByRole('link', { name: 'MDS Arras – Centre' }).click();
			await expect(heading(page)).toContainText('Choisissez la date et l’heure');
			// Two weeks on: the other journeys of the run book the first ones.
			for (let week = 0; week < 2; week++) {
				const before = page.url();
				await page.getByTestId('slot-grid').getByRole('link', { name: 'Semaine suivante' }).click();
				await expect(page).not.toHaveURL(before);
			}
			await firstSlot(page);
			await expectAccessible(page, 'slot grid');

			// One full step by keyboard alone: from the top of the page, Tab to a slot, Enter; the dialog's way on.
			await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
			await page.locator('body').focus();
			await tabToSlot(page);
			await page.keyboard.press('Enter');
			const dialog = page.getByRole('dialog', { name: 'À lire avant de prendre rendez-vous' });
			await expect(dialog).toBeVisible();
			await expectAccessible(page, 'before-booking dialog');
			const goOn = dialog.getByRole('link', { name: 'J’ai lu ces informations, je continue' });
			let reached = false;
			for (let presses = 0; presses < 10 && !reached; presses++) {
				await page.keyboard.press('Tab');
				reached = await goOn.evaluate((el) => el === document.activeElement);
			}
			expect(reached, 'Tab reaches « je continue » in the dialog').toBe(true);
			await page.keyboard.press('Enter');

			await expect(page).toHaveURL(/\/prendre-rdv\/identification\?/);
			await expectAccessible(page, 'identification');
			const email = `${unique('a11y')}-${viewport.width}@example.org`;
			await requestCode(page, email);
			await expectAccessible(page, 'identification, code step');
			await enterCode(page, await readLoginCode(page, email));

			await expect(heading(page)).toContainText('Vos informations');
			await expectAccessible(page, 'informations');
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(page.getByText('Saisissez le prénom.')).toBeVisible();
			await expectAccessible(page, 'informations with errors');
			await page.getByLabel(/^Prénom/).fill('Ada');
			await page.getByLabel(/^Nom/).fill('Accessible');
			await page.getByRole('button', { name: 'Continuer' }).click();

			await expect(heading(page)).toContainText('Pour qui est le rendez-vous ?');
			await expectAccessible(page, 'pour qui');
			await tick(page, /Ajouter un proche/);
			await expectAccessible(page, 'pour qui, a relative to add');
			await tick(page, /Moi-même/);
			await page.getByRole('button', { name: 'Continuer' }).click();

			await expect(page).toHaveURL(/\/prendre-rdv\/confirmation\?/);
			await expectAccessible(page, 'confirmation');
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(page.getByText('Cochez la case pour indiquer que vous avez lu ces informations.')).toBeVisible();
			await expectAccessible(page, 'confirmation with errors');
			await tick(page, 'J’ai lu ces informations');
			await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Votre rendez-vous est confirmé' })).toBeVisible();
			await expectAccessible(page, 'confirmed RDV');

			await page.goto('/mon-espace');
			await expect(heading(page)).toHaveText('Mes rendez-vous');
			await expectAccessible(page, 'space: RDVs');
			const card = page.getByTestId('usager-rdv');
			await card.getByRole('link', { name: /^Déplacer/ }).click();
			await expect(heading(page)).toHaveText('Déplacer le rendez-vous');
			await expectAccessible(page, 'space: move grid');
			await page.goBack();
			await card.getByRole('heading', { level: 3 }).getByRole('link').first().click();
			await expect(heading(page)).toHaveText(/^Rendez-vous du /);
			await expectAccessible(page, 'space: RDV page');
			for (const [path, title] of [
				['/mon-espace/profil', 'Mon profil'],
				['/mon-espace/proches', /proches/i],
				['/mon-espace/compte', /compte/i]
			] as const) {
				await page.goto(path);
				await expect(heading(page)).toHaveText(title);
				await expectAccessible(page, `space: ${path}`);
			}

			await page.goto('/usager/deconnexion');
			await expectAccessible(page, 'sign-out');
			await page.getByRole('main').getByRole('button', { name: 'Se déconnecter' }).click();
			await page.goto('/usager/connexion');
			await expect(page.getByLabel(/adresse e-mail/i)).toBeVisible();
			await expectAccessible(page, 'usager sign-in');
		});

		test('the prescripteur’s steps and an organisation’s link have no serious axe violation', async ({ page }) => {
			await page.goto('/prendre-rdv?departement=62');
			await page.getByRole('link', { name: 'Je suis un prescripteur' }).click();
			await expect(page).toHaveURL(/prescripteur=1/);
			await expectAccessible(page, 'prescripteur: service step');
			await page.getByRole('link', { name: 'Service social' }).click();
			await page.getByRole('link', { name: 'Entretien téléphonique' }).click();
			await page.getByRole('link', { name: 'MDS Lens', exact: true }).click();
			await firstSlot(page);
			await expectAccessible(page, 'prescripteur: slot grid');
			await page.getByTestId('slot-grid').locator('a.slot').last().click();
			await expect(page).toHaveURL(/\/prendre-rdv\/prescripteur\?/);
			await expect(heading(page)).toContainText('Vos coordonnées de prescripteur');
			await expectAccessible(page, 'prescripteur: own details');
			await page.getByRole('textbox', { name: 'Votre prénom' }).fill('Marie');
			await page.getByRole('textbox', { name: 'Votre nom', exact: true }).fill('Dupont');
			await page
				.getByRole('textbox', { name: /Votre adresse e-mail professionnelle/ })
				.fill(`${unique('prescriptrice')}@ccas-exemple.fr`);
			await page.getByRole('textbox', { name: /Votre structure/ }).fill('CCAS de Liévin');
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(heading(page)).toContainText('Le bénéficiaire');
			await expectAccessible(page, 'prescripteur: beneficiary');
			await page.getByRole('textbox', { name: 'Prénom du bénéficiaire' }).fill('Jeanne');
			await page.getByRole('textbox', { name: 'Nom du bénéficiaire', exact: true }).fill('Accessible');
			await page.getByRole('textbox', { name: /Téléphone du bénéficiaire/ }).fill('06 12 34 56 78');
			await page.getByRole('button', { name: 'Continuer' }).click();
			await expect(heading(page)).toContainText('Confirmez le rendez-vous');
			await expectAccessible(page, 'prescripteur: summary');

			// An organisation's public link (as the widget gives it), from the public API's organisations.
			const response = await page.request.get('/api/v1/public/motifs?departement=62');
			expect(response.status()).toBe(200);
			const { organisations } = (await response.json()) as { organisations: { id: string; slug: string }[] };
			const org = organisations[0]!;
			await page.goto(`/org/${org.id}/${org.slug}`);
			await expect(page).toHaveURL(new RegExp(`/prendre-rdv\\?.*organisation=${org.id}`));
			await expectAccessible(page, 'organisation link');
		});
	});
}
