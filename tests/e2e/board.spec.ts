/**
 * The supervisors' live board and the other live views (issue 17), each with two browser contexts: the admin of
 * MDS Arras keeps « Aujourd'hui » open while Sophie, an agent of the organisation, creates an RDV that began this
 * morning and then marks it « Honoré »: the admin's counters and feed of changes follow without a reload, naming
 * Sophie; a basic agent has no board (no menu entry, 403). The RDV list announces a new RDV matching its filters
 * and changes a shown row in place; the indisponibilités list and Trouver un RDV's week reload after a
 * colleague's change, saying who made it.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { toInstant } from '../../src/lib/domain/local-time.ts';
import { bookFirstSlot, hydrated, signIn, tick, today, unique, workingMonday } from './helpers';

const ADMIN = 'admin@demo.guichet.fr';
const SOPHIE_EMAIL = 'agent@demo.guichet.fr';
const SOPHIE = 'Sophie Delattre';
const MOTIF = 'Visite à domicile puéricultrice (60 min) — PMI';
/** Early enough to have begun whenever the test runs (but 00:00–00:10), so its status may be filled in. */
const START = '00:05';
/** Live: no reload, no polling; a little slack for a busy CI machine. */
const LIVE = { timeout: 3_000 };

const count = async (locator: Locator) => Number(((await locator.textContent()) ?? '').trim());

async function createRdvToday(page: Page, orgBase: string, lastName: string): Promise<string> {
	await page.goto(`${orgBase}/agenda`);
	await hydrated(page);
	const agentId = await page.getByLabel('Agenda de').inputValue();
	const debut = toInstant(today(), START, 'Europe/Paris').toISOString();
	await page.goto(`${orgBase}/rdvs/nouveau?${new URLSearchParams({ debut, duree: '30', agent: agentId })}`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByRole('button', { name: 'Continuer' }).click();
	const form = page.locator('form[method="POST"]');
	await expect(form.getByLabel('Heure de début')).toHaveValue(START);
	await hydrated(page);
	await tick(form, 'Créer un usager');
	await form.getByLabel('Prénom').fill('Lina');
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByRole('button', { name: 'Ajouter cet usager' }).click();
	await expect(form.getByText(`Lina ${lastName} est créé(e) et ajouté(e) aux participants.`)).toBeVisible();
	await form.getByLabel(/^Adresse de la visite/).fill('5 rue des Tilleuls, 62000 Arras');
	await form.getByRole('button', { name: 'Créer le RDV' }).click();
	// It began already: the wizard asks first.
	const toConfirm = form.getByRole('alert').filter({ hasText: 'À confirmer' });
	await expect(toConfirm.or(page.getByTestId('rdv-status'))).toBeVisible();
	if (await toConfirm.isVisible()) {
		await tick(form, 'Créer quand même');
		await form.getByRole('button', { name: 'Créer le RDV' }).click();
	}
	await expect(page).toHaveURL(new RegExp(`${orgBase}/rdvs/[0-9a-f]{24}$`));
	return new URL(page.url()).pathname;
}

test('the admin’s « Aujourd’hui » counters and feed move live when an agent creates an RDV and marks it « Honoré »', async ({
	browser
}) => {
	const now = new Date().toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
	test.skip(now < '00:10', 'the RDV of 00:05 must have begun');
	const admin = await (await browser.newContext()).newPage();
	const agent = await (await browser.newContext()).newPage();
	const adminBase = await signIn(admin, ADMIN);
	const agentBase = await signIn(agent, SOPHIE_EMAIL);
	expect(agentBase).toBe(adminBase);

	// The admin opens the board from the menu.
	await admin.getByRole('link', { name: 'Aujourd’hui' }).click();
	await expect(admin).toHaveURL(`${adminBase}/aujourdhui`);
	await hydrated(admin);
	await expect(admin.getByTestId('live-badge')).toHaveAttribute('data-state', 'live');
	const total = admin.getByRole('heading', { level: 2, name: /^RDV du jour \(\d+\)$/ });
	const toFill = admin.getByTestId('counter-to_fill');
	const seen = admin.getByTestId('counter-seen');
	const totalBefore = Number((await total.textContent())!.match(/\d+/)![0]);
	const toFillBefore = await count(toFill);
	const seenBefore = await count(seen);

	// Sophie creates an RDV today at 00:05: counted at once, « à renseigner ».
	const lastName = unique('Tableau');
	const rdvPath = await createRdvToday(agent, agentBase, lastName);
	await expect(total).toHaveText(`RDV du jour (${totalBefore + 1})`, LIVE);
	await expect(toFill).toHaveText(String(toFillBefore + 1), LIVE);
	const feed = admin.locator('#board-feed');
	await expect(feed.locator(`a[href="${rdvPath}"]`).first()).toContainText('Nouveau', LIVE);
	await expect(feed.locator('li').first()).toContainText(`par ${SOPHIE}`);
	// The board never names the usager.
	await expect(admin.getByText(lastName)).toHaveCount(0);

	// She marks it « Honoré »: the admin's counters follow.
	await agent.goto(rdvPath);
	await hydrated(agent);
	await tick(agent.getByRole('group', { name: 'Nouveau statut' }), 'Honoré');
	await agent.getByRole('button', { name: 'Enregistrer le statut' }).click();
	await expect(agent.getByTestId('rdv-status')).toHaveText('Honoré');
	await expect(seen).toHaveText(String(seenBefore + 1), LIVE);
	await expect(toFill).toHaveText(String(toFillBefore), LIVE);
	await expect(total).toHaveText(`RDV du jour (${totalBefore + 1})`);
	await expect(feed.locator('li').first()).toContainText('Honoré');

	// Sophie, a basic agent, has no board.
	await expect(agent.getByRole('link', { name: 'Aujourd’hui' })).toHaveCount(0);
	const refused = await agent.goto(`${agentBase}/aujourdhui`);
	expect(refused?.status()).toBe(403);
});

test('the RDV list follows live: a new RDV matching the filters is announced, a shown row changes in place', async ({
	browser
}) => {
	const now = new Date().toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
	test.skip(now < '00:10', 'the RDV of 00:05 must have begun');
	const admin = await (await browser.newContext()).newPage();
	const agent = await (await browser.newContext()).newPage();
	const orgBase = await signIn(admin, ADMIN);
	await signIn(agent, SOPHIE_EMAIL);
	const day = today();
	await admin.goto(`${orgBase}/rdvs?du=${day}&au=${day}`);
	await hydrated(admin);

	// A new RDV of the day: announced, not shuffled into the page.
	const rdvPath = await createRdvToday(agent, orgBase, unique('Liste'));
	const notice = admin.locator('#rdv-list-new');
	await expect(notice).toContainText('1 nouveau RDV', LIVE);
	const row = admin.getByRole('row').filter({ has: admin.locator(`a[href="${rdvPath}"]`) });
	await expect(row).toHaveCount(0);
	await notice.getByRole('button', { name: 'Actualiser' }).click();
	await expect(row).toHaveCount(1);
	await expect(notice).toHaveCount(0);
	await expect(row).toContainText('À renseigner');

	// Sophie marks it « Honoré »: the row says so in place, and who did it.
	await agent.goto(rdvPath);
	await hydrated(agent);
	await tick(agent.getByRole('group', { name: 'Nouveau statut' }), 'Honoré');
	await agent.getByRole('button', { name: 'Enregistrer le statut' }).click();
	await expect(agent.getByTestId('rdv-status')).toHaveText('Honoré');
	await expect(row).toContainText('Honoré', LIVE);
	await expect(row.getByTestId('live-mark')).toHaveText(`Modifié par ${SOPHIE}`);
});

test('the indisponibilités list reloads when a colleague adds one, saying who', async ({ browser }) => {
	const admin = await (await browser.newContext()).newPage();
	const agent = await (await browser.newContext()).newPage();
	const orgBase = await signIn(admin, ADMIN);
	await signIn(agent, SOPHIE_EMAIL);
	await admin.goto(`${orgBase}/indisponibilites`);
	await hydrated(admin);

	// Sophie adds an evening indisponibilité (no RDV then) in two months.
	const title = unique('Réunion du soir');
	await agent.goto(`${orgBase}/indisponibilites/nouvelle`);
	await hydrated(agent);
	await agent.getByLabel(/^Titre/).fill(title);
	await agent.getByLabel('Jour', { exact: true }).fill(workingMonday(8));
	await agent.getByLabel('Heure de début').fill('20:00');
	await agent.getByLabel('Heure de fin').fill('21:00');
	await agent.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(agent).toHaveURL(/\/indisponibilites$/);

	await expect(admin.getByRole('link', { name: title, exact: true })).toBeVisible(LIVE);
	await expect(admin.getByTestId('live-updated')).toHaveText(`Mis à jour par ${SOPHIE}.`);
});

test('Trouver un RDV reloads the shown week when a colleague books in it, saying who', async ({ browser }) => {
	const admin = await (await browser.newContext()).newPage();
	const agent = await (await browser.newContext()).newPage();
	const orgBase = await signIn(admin, ADMIN);
	await signIn(agent, SOPHIE_EMAIL);
	// Four weeks ahead: clear of the other journeys' bookings and of the demo's leave.
	const monday = workingMonday(4);
	await admin.goto(`${orgBase}/trouver-un-rdv`);
	await hydrated(admin);
	await admin.getByLabel('Motif').selectOption({ label: 'Consultation PMI nourrisson (30 min)' });
	await admin.getByLabel('À partir du').fill(monday);
	await admin.getByRole('button', { name: 'Rechercher' }).click();
	await admin.getByRole('link', { name: 'MDS Arras – Centre', exact: true }).click();
	await expect(admin.getByRole('heading', { level: 2, name: /^Créneaux à MDS Arras – Centre/ })).toBeVisible();
	await hydrated(admin);
	await expect(admin.getByTestId('live-updated')).toHaveText('');

	await bookFirstSlot(agent, {
		agent: SOPHIE,
		motif: 'Consultation PMI nourrisson',
		lieu: 'MDS Arras – Centre',
		monday
	});
	await expect(admin.getByTestId('live-updated')).toHaveText(`Créneaux mis à jour par ${SOPHIE}.`, LIVE);
});
