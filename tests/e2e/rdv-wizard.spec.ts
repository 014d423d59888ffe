/**
 * The RDV creation wizard as the agenda opens it when an agent selects a range (start, duration, agent, no
 * motif): the motif first, then a new usager and a relative created inline, both as participants with their own
 * notification choices, a home-visit address, and the RDV page of the new RDV.
 */
import { expect, test } from '@playwright/test';
import {
	addDays,
	hydrated,
	longDay,
	signIn,
	tick,
	unique,
	workingMonday,
	uniqueMobile,
	expectAccessible
} from './helpers';

const AGENT = 'Sophie Delattre'; // agent@demo.guichet.fr, PMI of MDS Arras
const MOTIF = 'Visite à domicile puéricultrice (60 min) — PMI'; // home visits, bookable by agents

test('from an agenda range: motif, a new usager and her relative, notifications, created and opened', async ({
	page
}) => {
	const orgBase = await signIn(page, 'agent@demo.guichet.fr');
	// A Tuesday evening weeks ahead: nothing of the demo's is there.
	const tuesday = addDays(workingMonday(7), 1);
	const lastName = unique('Famille');

	// The agent's id, as the agenda puts it in the link: the wizard preselects the signed-in agent.
	await page.goto(`${orgBase}/rdvs/nouveau`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByRole('button', { name: 'Continuer' }).click();
	const agentId = await page
		.getByLabel(/^Agents/)
		.locator('option:checked')
		.getAttribute('value');
	expect(agentId).toMatch(/^[0-9a-f]{24}$/);

	// 1. What the agenda opens: a range without a motif. The motif comes first; the range is kept.
	// The browser runs in Paris: the instant of 18:35 that day, as the agenda sends it.
	const debut = await page.evaluate((day) => new Date(`${day}T18:35:00`).toISOString(), tuesday);
	const query = new URLSearchParams({ debut, duree: '45', agent: agentId ?? '' });
	await page.goto(`${orgBase}/rdvs/nouveau?${query}`);
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
	await expect(page.getByText(`Créneau choisi : le ${longDay(tuesday)} à 18h35, 45 min, avec ${AGENT}.`)).toBeVisible();
	await expectAccessible(page, 'the motif step');
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByRole('button', { name: 'Continuer' }).click();

	const form = page.locator('form[method="POST"]');
	await expect(form.getByLabel('Jour', { exact: true })).toHaveValue(tuesday);
	await expect(form.getByLabel('Heure de début')).toHaveValue('18:35');
	await expect(form.getByLabel('Durée (minutes)')).toHaveValue('45');
	await expect(form.getByLabel(/^Agents/).locator('option:checked')).toHaveText([AGENT]);
	await hydrated(page);

	// 2. A new usager, created inline and ticked.
	await tick(form, 'Créer un usager');
	await form.getByLabel('Prénom').fill('Inès');
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByLabel(/^Téléphone/).fill(uniqueMobile());
	await form.getByRole('button', { name: 'Ajouter cet usager' }).click();
	await expect(form.getByText(`Inès ${lastName} est créé(e) et ajouté(e) aux participants.`)).toBeVisible();
	await expect(form.getByRole('checkbox', { name: new RegExp(`^Inès ${lastName}`) })).toBeChecked();
	// The range typed before is still there.
	await expect(form.getByLabel('Heure de début')).toHaveValue('18:35');

	// 3. Her baby, as her relative.
	await tick(form, 'Créer un usager');
	await expect(form.getByLabel('Prénom')).toHaveValue('');
	await form.getByLabel('Prénom').fill('Léa');
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByLabel(/^Proche de/).selectOption({ label: `Inès ${lastName}` });
	await form.getByRole('button', { name: 'Ajouter cet usager' }).click();
	const lea = form.getByRole('checkbox', { name: new RegExp(`^Léa ${lastName}`) });
	await expect(lea).toBeChecked();
	await expect(form.getByText(`proche de Inès ${lastName}`)).toBeVisible();

	// 4. Where, and each one's notifications: no reminder for the baby.
	await form.getByLabel(/^Adresse de la visite/).fill('3 rue des Lilas, 62000 Arras');
	const leaChoices = form.getByRole('group', { name: `Léa ${lastName}` });
	await expect(leaChoices.getByLabel('Envoyer un rappel avant le RDV')).toBeChecked();
	await leaChoices.locator('label', { hasText: 'Envoyer un rappel avant le RDV' }).click();
	await expect(leaChoices.getByLabel('Envoyer un rappel avant le RDV')).not.toBeChecked();
	await expect(
		form.getByRole('group', { name: `Inès ${lastName}` }).getByLabel('Envoyer un rappel avant le RDV')
	).toBeChecked();

	await expectAccessible(page, 'the wizard with two participants');

	// 5. Created: the RDV page, with both participants.
	await form.getByRole('button', { name: 'Créer le RDV' }).click();
	await expect(page).toHaveURL(new RegExp(`${orgBase}/rdvs/[0-9a-f]{24}$`));
	const participants = page
		.locator('section, div')
		.filter({ has: page.locator('#rdv-participants') })
		.first();
	await expect(participants.getByText(`Inès ${lastName}`).first()).toBeVisible();
	await expect(participants.getByText(`Léa ${lastName}`).first()).toBeVisible();
	await expect(page.getByText('3 rue des Lilas, 62000 Arras')).toBeVisible();
});

test('the sessions list and the duplicate page have no serious axe violation', async ({ page }) => {
	const orgBase = await signIn(page, 'agent@demo.guichet.fr');
	await page.goto(`${orgBase}/seances`);
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Séances collectives' })).toBeVisible();
	await expectAccessible(page, 'the sessions list');
	// The demo's Wednesday sessions of the atelier are listed.
	await page
		.getByRole('link', { name: /^Dupliquer/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dupliquer une séance' })).toBeVisible();
	await hydrated(page);
	await expectAccessible(page, 'the duplicate page');
});
