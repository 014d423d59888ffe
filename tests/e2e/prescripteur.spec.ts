/**
 * « Je suis un prescripteur » (PRODUCT.md §6): a social worker finds a slot in the funnel, gives their own
 * details then the beneficiary's, confirms; the confirmation reaches their mailbox (the dev outbox) naming the
 * beneficiary by first name and initial; the organisation's agent sees on the RDV who booked it.
 */
import { expect, test, type Page } from '@playwright/test';
import { hydrated, signIn, unique, expectAccessible as checkAccessible } from './helpers';

const expectAccessible = (page: Page, what: string) => checkAccessible(page, what, { names: false });

test.describe.configure({ timeout: 180_000 });

test('a prescripteur books for a beneficiary from the funnel, and the agent sees who booked', async ({ page }) => {
	const tag = unique('p');
	const email = `marie.${tag}@ccas-exemple.fr`;
	const lastName = `Beneficiaire${tag.replace(/[^a-z0-9]/gi, '')}`;

	// 1. The funnel, as a prescripteur: the phone interview of MDS Lens (open to prescripteurs, not to usagers).
	await page.goto('/prendre-rdv?departement=62');
	await hydrated(page);
	await page.getByRole('link', { name: 'Je suis un prescripteur' }).click();
	await expect(page).toHaveURL(/prescripteur=1/);
	await page.getByRole('link', { name: 'Service social' }).click();
	await page.getByRole('link', { name: 'Entretien téléphonique' }).click();
	await page.getByRole('link', { name: 'MDS Lens', exact: true }).click();
	const grid = page.getByTestId('slot-grid');
	const slots = grid.locator('a.slot');
	// The grid's own page first: counting the slots before it is there would read the lieu cards' page, and the
	// slot read below would belong to another week than the one clicked.
	await expect(grid).toBeVisible();
	for (let week = 0; week < 4 && (await slots.count()) === 0; week++) {
		const before = page.url();
		await grid.getByRole('link', { name: 'Semaine suivante' }).click();
		await expect(page).not.toHaveURL(before);
	}
	const chosen = slots.last();
	const creneau = new URL((await chosen.getAttribute('href')) ?? '', 'http://localhost').searchParams.get('creneau');
	expect(creneau).toBeTruthy();
	await chosen.click();
	await expect(page).toHaveURL(/\/prendre-rdv\/prescripteur\?/);
	expect(page.url()).not.toContain('@');

	// 2. Their own details.
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1, name: /Vos coordonnées de prescripteur/ })).toBeVisible();
	await expectAccessible(page, 'step 1');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page.getByText('Saisissez votre prénom.')).toBeVisible();
	await page.getByRole('textbox', { name: 'Votre prénom' }).fill('Marie');
	await page.getByRole('textbox', { name: 'Votre nom', exact: true }).fill('Dupont');
	await page.getByRole('textbox', { name: /Votre adresse e-mail professionnelle/ }).fill(email);
	await page.getByRole('textbox', { name: /Votre structure/ }).fill('CCAS de Liévin');
	await page.getByRole('button', { name: 'Continuer' }).click();

	// 3. The beneficiary: a phone interview needs their phone.
	await expect(page.getByRole('heading', { level: 1, name: /Le bénéficiaire/ })).toBeVisible();
	await page.getByRole('textbox', { name: 'Prénom du bénéficiaire' }).fill('Jeanne');
	await page.getByRole('textbox', { name: 'Nom du bénéficiaire', exact: true }).fill(lastName);
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page.getByText(/Saisissez le numéro du bénéficiaire/)).toBeVisible();
	await expectAccessible(page, 'step 2 with errors');
	await page.getByRole('textbox', { name: /Téléphone du bénéficiaire/ }).fill('06 12 34 56 78');
	await page.getByRole('button', { name: 'Continuer' }).click();

	// 4. The summary, then the booking.
	await expect(page.getByRole('heading', { level: 1, name: /Confirmez le rendez-vous/ })).toBeVisible();
	await expect(page.getByTestId('rdv-summary')).toContainText('MDS Lens');
	await expectAccessible(page, 'step 3');
	await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Le rendez-vous est confirmé' })).toBeVisible();
	await expect(page.getByRole('status')).toContainText(`Un e-mail de confirmation vous a été envoyé à ${email}`);
	await expect(page.getByTestId('rdv-summary')).toContainText('Jeanne B.');
	await expectAccessible(page, 'confirmed');

	// 5. The e-mail, in the dev outbox: the beneficiary by first name and initial only.
	await page.goto(`/dev/emails?to=${encodeURIComponent(email)}`);
	await page.getByRole('link', { name: /Rendez-vous confirmé pour Jeanne B\./ }).click();
	const body = page.locator('pre.email-text');
	await expect(body).toContainText('Entretien téléphonique');
	await expect(body).toContainText('MDS Lens');
	await expect(body).not.toContainText(lastName);
	await expect(body).not.toContainText('06 12 34 56 78');

	// 6. The agent of MDS Lens finds the RDV that day and sees who booked it.
	await page.context().clearCookies();
	const base = await signIn(page, 'agent.lens@demo.guichet.fr');
	const day = new Date(creneau ?? '').toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
	await page.goto(`${base}/rdvs?du=${day}&au=${day}`);
	await hydrated(page);
	await page.locator('#rdv-list tbody tr').filter({ hasText: lastName }).getByRole('link').first().click();
	await expect(page.getByTestId('rdv-origin')).toContainText(
		`Pris en ligne par Marie Dupont, prescripteur (CCAS de Liévin, ${email})`
	);
});
