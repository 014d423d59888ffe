/**
 * Presence and conflicts (issue 17), two agents of the PMI of MDS Arras in two browser contexts: Marion opens an
 * RDV's edit form and Sophie's page of that RDV says « Marion Caron modifie ce RDV »; Sophie cancels the RDV:
 * Marion's form says at once that Sophie changed it (with « Recharger »), her RDV page in another tab updates in
 * place with « Modifié par Sophie Delattre », and her save is refused naming Sophie. When Marion closes the form,
 * Sophie's notice goes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { bookFirstSlot, hydrated, signIn, workingMonday } from './helpers';

const SOPHIE_EMAIL = 'agent@demo.guichet.fr';
const SOPHIE = 'Sophie Delattre';
const MARION_EMAIL = 'sage-femme@demo.guichet.fr';
const MARION = 'Marion Caron';
const MOTIF = 'Consultation PMI nourrisson';
const LIEU = 'MDS Arras – Centre';
/** Pushed, not polled: a few seconds at most on a busy machine. */
const LIVE = { timeout: 5_000 };

async function agentPage(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await signIn(page, email);
	return page;
}

test('presence on an RDV: who edits it shows on its page; a change shows at once on the open form, whose save is refused', async ({
	browser
}) => {
	// 1. Sophie books an RDV and opens its page.
	const sophie = await agentPage(browser, SOPHIE_EMAIL);
	const { day } = await bookFirstSlot(sophie, { agent: SOPHIE, motif: MOTIF, lieu: LIEU, monday: workingMonday(7) });
	const orgBase = new URL(sophie.url()).pathname.replace(/\/agenda$/, '');
	await sophie.goto(`${orgBase}/rdvs?du=${day}&au=${day}`);
	await sophie
		.getByRole('row')
		.filter({ hasText: 'Inès' })
		.filter({ hasText: SOPHIE })
		.last()
		.getByRole('link')
		.click();
	await expect(sophie).toHaveURL(/\/rdvs\/[0-9a-f]{24}$/);
	const rdvUrl = sophie.url();
	await hydrated(sophie);
	const editing = sophie.getByTestId('editing-notice');
	await expect(editing).toBeEmpty();

	// 2. Marion opens the RDV's page in one tab and its edit form in another.
	const marionPage = await agentPage(browser, MARION_EMAIL);
	await marionPage.goto(rdvUrl);
	await hydrated(marionPage);
	const form = await marionPage.context().newPage();
	await form.goto(`${rdvUrl}/modifier`);
	await hydrated(form);

	// Sophie sees her, editing; Marion's form sees Sophie on the page (she is not editing).
	await expect(editing).toHaveText(new RegExp(`${MARION} modifie ce RDV`), LIVE);
	const sophiePresence = sophie.getByTestId('presence');
	await expect(sophiePresence.getByRole('listitem')).toHaveCount(1);
	await expect(sophiePresence).toContainText(`${MARION} (modifie)`);
	await expect(form.getByTestId('presence')).toContainText(SOPHIE, LIVE);
	await expect(form.getByTestId('editing-notice')).toBeEmpty();
	// Two tabs of Marion count once.
	await expect(sophiePresence.getByRole('listitem')).toHaveCount(1);

	// The presence and the notice pass axe.
	const { violations } = await new AxeBuilder({ page: sophie }).analyze();
	expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

	// 3. Sophie cancels the RDV.
	await sophie.getByRole('button', { name: 'Annulé par le service' }).click();
	const cancel = sophie.getByRole('dialog', { name: 'Annuler ce RDV au nom du service ?' });
	await cancel.getByRole('button', { name: 'Annuler le RDV' }).click();
	await expect(sophie.getByText('RDV annulé (annulé par le service).')).toBeVisible();
	// Her own change is not news to her.
	await expect(sophie.getByTestId('rdv-live')).toBeEmpty();

	// Marion's form says so at once, with « Recharger »…
	const newer = form.getByTestId('rdv-newer');
	await expect(newer).toContainText(`${SOPHIE} vient de modifier ce RDV`, LIVE);
	await expect(newer.getByRole('link', { name: 'Recharger' })).toBeVisible();
	// …and her RDV page updates in place, saying who changed it.
	await expect(marionPage.getByTestId('rdv-live')).toContainText(`Modifié par ${SOPHIE} à`, LIVE);
	await expect(marionPage.getByTestId('rdv-status')).toHaveText('Annulé par le service');

	// 4. Marion's save is refused, naming Sophie; the form keeps what she typed.
	await form.getByLabel(/^Note de contexte/).fill('Apporter le carnet de santé.');
	await form.getByRole('button', { name: 'Enregistrer' }).click();
	const refusal = form.getByRole('alert');
	await expect(refusal).toContainText(`Ce RDV a été modifié entre-temps par ${SOPHIE}`);
	await expect(form.getByLabel(/^Note de contexte/)).toHaveValue('Apporter le carnet de santé.');

	// 5. Marion closes the form: Sophie's page no longer says she edits it, but still shows her on the page.
	await form.close();
	await expect(editing).toBeEmpty(LIVE);
	await expect(sophiePresence).toContainText(MARION);
	await expect(sophiePresence).not.toContainText('(modifie)');
	await marionPage.close();
	await expect(sophiePresence).toHaveCount(0, LIVE);
});
