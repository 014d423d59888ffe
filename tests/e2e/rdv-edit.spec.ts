import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { bookFirstSlot, hydrated, signIn, tick, workingMonday } from './helpers';

/** Two basic agents of the PMI of MDS Arras, who may both change its RDVs, and an admin of MDS Arras. */
const SOPHIE = 'agent@demo.guichet.fr';
const MARION = 'sage-femme@demo.guichet.fr';
const ADMIN = 'admin@demo.guichet.fr';
const AGENT = 'Sophie Delattre';
const MOTIF = 'Consultation PMI nourrisson';
const LIEU = 'MDS Arras – Centre';

/** An agent signed in in a browser context of its own (its own cookies: two agents side by side). */
async function agentPage(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

/** Books the first free slot of the week for a new usager « Inès … », and opens that RDV's page. */
async function bookAndOpen(page: Page, monday: string): Promise<string> {
	const { day } = await bookFirstSlot(page, { agent: AGENT, motif: MOTIF, lieu: LIEU, monday });
	const orgBase = new URL(page.url()).pathname.replace(/\/agenda$/, '');
	await page.goto(`${orgBase}/rdvs?du=${day}&au=${day}`);
	const rows = page.getByRole('row').filter({ hasText: 'Inès' }).filter({ hasText: AGENT });
	await rows.last().getByRole('link').click();
	await expect(page).toHaveURL(/\/rdvs\/[0-9a-f]{24}$/);
	return page.url();
}

test('two agents edit one RDV: the second save is refused naming the first, « Recharger » shows the new values; participants; an admin deletes it', async ({
	browser
}) => {
	const sophie = await agentPage(browser, SOPHIE);
	const monday = workingMonday(6);
	// Two RDVs, each with a new usager « Inès »: the first one's usager is added to the second RDV below.
	await bookAndOpen(sophie, monday);
	const rdvUrl = await bookAndOpen(sophie, monday);
	const editUrl = `${rdvUrl}/modifier`;

	// 1. Both open the edit form of the same version.
	const marion = await agentPage(browser, MARION);
	await marion.goto(editUrl);
	await hydrated(marion);
	await expect(marion.getByRole('heading', { level: 1 })).toHaveText(/^Modifier le RDV/);
	await sophie.getByRole('link', { name: 'Modifier' }).click();
	await expect(sophie).toHaveURL(editUrl);
	await hydrated(sophie);

	// No serious or critical axe violation on the form.
	const { violations } = await new AxeBuilder({ page: sophie }).analyze();
	expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

	// 2. Sophie saves first: back on the RDV page, which says so.
	await sophie.getByLabel(/^Note de contexte/).fill('Apporter le carnet de santé.');
	await sophie.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(sophie).toHaveURL(`${rdvUrl}?modifie=1`);
	await expect(sophie.getByRole('status')).toHaveText('RDV modifié.');
	await expect(sophie.getByText('Apporter le carnet de santé.')).toBeVisible();

	// 3. Marion's save over it is refused with Sophie's name and what she changed; what Marion typed stays.
	await marion.getByLabel('Durée (minutes)').fill('45');
	await marion.getByRole('button', { name: 'Enregistrer' }).click();
	const refusal = marion.getByRole('alert');
	await expect(refusal).toContainText(
		'Ce RDV a été modifié entre-temps par Sophie Delattre (Note de contexte modifiée) : rechargez-le avant d’enregistrer.'
	);
	await expect(marion.getByLabel('Durée (minutes)')).toHaveValue('45');
	await expect(marion.getByLabel(/^Note de contexte/)).toHaveValue('');
	// « Recharger le RDV »: the form now shows Sophie's values, and saving goes through.
	await refusal.getByRole('link', { name: 'Recharger le RDV' }).click();
	await expect(marion.getByLabel(/^Note de contexte/)).toHaveValue('Apporter le carnet de santé.');
	await expect(marion.getByLabel('Durée (minutes)')).toHaveValue('30');
	await hydrated(marion);
	await marion.getByLabel('Durée (minutes)').fill('45');
	await marion.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(marion.getByRole('status')).toHaveText('RDV modifié.');
	const latest = marion.getByRole('table', { name: 'Historique des modifications' }).getByRole('row').nth(1);
	await expect(latest).toContainText('Durée : 45 min');
	await expect(latest).toContainText('Marion Caron');

	// 4. Sophie adds a participant found by name, then removes them (asked first).
	await sophie.goto(rdvUrl);
	await hydrated(sophie);
	await sophie.getByLabel('Rechercher un usager (nom, téléphone ou e-mail)').fill('Inès');
	await sophie.getByRole('button', { name: 'Rechercher' }).click();
	const found = sophie.getByRole('group', { name: 'Usager à ajouter' }).getByRole('radio');
	await expect(found.first()).toBeAttached();
	await hydrated(sophie);
	await found.first().check({ force: true });
	await sophie.getByRole('button', { name: 'Ajouter au RDV' }).click();
	// An usager « Inès » with another RDV for this motif that day (the first booking, when on the same day) is
	// listed to confirm, the choices kept.
	const added = sophie.getByRole('status').filter({ hasText: 'Participant ajouté.' });
	const toConfirm = sophie.getByRole('alert').filter({ hasText: 'À confirmer' });
	await expect(added.or(toConfirm)).toBeVisible();
	if (await toConfirm.isVisible()) {
		await expect(toConfirm).toContainText('L’usager a déjà un RDV pour ce motif le même jour');
		await expect(found.first()).toBeChecked();
		await tick(toConfirm, 'Ajouter quand même');
		await sophie.getByRole('button', { name: 'Ajouter au RDV' }).click();
	}
	await expect(added).toBeVisible();
	const participants = sophie.getByRole('table', { name: 'Participants et leur statut' }).locator('tbody tr');
	await expect(participants).toHaveCount(2);
	await hydrated(sophie);
	const remove = participants.nth(1).getByRole('button', { name: /^Retirer / });
	await remove.click();
	const dialog = sophie.getByRole('dialog', { name: /^Retirer .* du RDV \?$/ });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Retirer' }).click();
	await expect(sophie.getByRole('status')).toHaveText('Participant retiré.');
	await expect(participants).toHaveCount(1);
	// The last participant of an individual RDV cannot be removed: no button for it.
	await expect(sophie.getByRole('button', { name: /^Retirer / })).toHaveCount(0);

	// 5. A basic agent has no delete; the admin deletes after confirming, and the RDV is gone.
	await expect(sophie.getByRole('button', { name: 'Supprimer le RDV' })).toHaveCount(0);
	const admin = await agentPage(browser, ADMIN);
	await admin.goto(rdvUrl);
	await hydrated(admin);
	await admin.getByRole('button', { name: 'Supprimer le RDV' }).click();
	const confirm = admin.getByRole('dialog', { name: 'Supprimer ce RDV ?' });
	await expect(confirm).toBeVisible();
	await confirm.getByRole('button', { name: 'Supprimer le RDV' }).click();
	await expect(admin).toHaveURL(/\/rdvs\?supprime=1$/);
	const gone = await admin.goto(rdvUrl);
	expect(gone?.status()).toBe(404);
});
