import { expect, test, type Page } from '@playwright/test';
import { hydrated, signIn } from './helpers';

const ADMIN = 'admin@demo.guichet.fr'; // admin of MDS Arras
const MOTIF = 'Entretien en visioconférence'; // bookable online, with the default window (30 minutes to 3 months)
const USED_LIEU = 'Antenne de Saint-Nicolas'; // the demo's plages use it
const UNUSED_LIEU = 'Ancienne permanence d’Achicourt'; // disabled, nothing uses it

const motifRow = (page: Page) =>
	page.getByRole('row').filter({ has: page.getByRole('link', { name: `Modifier le motif « ${MOTIF} »` }) });

test('a motif edited in tabs: keyboard moves, an error in the booking tab comes back there, then a valid edit', async ({
	page
}) => {
	const orgBase = await signIn(page, ADMIN);
	await page.goto(`${orgBase}/configuration/motifs`);
	await expect(motifRow(page)).toContainText('Oui, de 30 minutes à 3 mois');
	await motifRow(page)
		.getByRole('link', { name: `Modifier le motif « ${MOTIF} »` })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: `Modifier le motif « ${MOTIF} »` })).toBeVisible();
	await hydrated(page);

	const tabs = page.getByRole('tablist', { name: 'Sections du motif' });
	const tab = (name: string) => tabs.getByRole('tab', { name, exact: true });
	const general = tab('Général');
	const booking = tab('Réservation en ligne');
	const notifications = tab('Notifications et instructions');
	const name = page.getByLabel(/^Nom/);
	const minDelay = page.getByLabel(/^Délai minimum avant le RDV/);
	const maxDelay = page.getByLabel(/^Délai maximum avant le RDV/);
	const instructions = page.getByLabel('Instructions à accepter avant la réservation');

	// 1. Général first; arrow keys, Home and End move the selection and show that tab's panel only.
	await expect(general).toHaveAttribute('aria-selected', 'true');
	await expect(name).toHaveValue(MOTIF);
	await expect(minDelay).toBeHidden();
	await general.focus();
	await page.keyboard.press('ArrowRight');
	await expect(booking).toBeFocused();
	await expect(booking).toHaveAttribute('aria-selected', 'true');
	await expect(general).toHaveAttribute('aria-selected', 'false');
	await expect(page.getByRole('tabpanel')).toHaveCount(1);
	await expect(page.getByRole('tabpanel', { name: 'Réservation en ligne' })).toBeVisible();
	await expect(minDelay).toBeVisible();
	await expect(name).toBeHidden();
	await page.keyboard.press('ArrowRight');
	await expect(notifications).toBeFocused();
	await expect(instructions).toBeVisible();
	await expect(minDelay).toBeHidden();
	await page.keyboard.press('ArrowRight');
	await expect(general).toBeFocused();
	await expect(name).toBeVisible();
	await page.keyboard.press('ArrowLeft');
	await expect(notifications).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('Home');
	await expect(general).toHaveAttribute('aria-selected', 'true');
	await page.keyboard.press('End');
	await expect(notifications).toHaveAttribute('aria-selected', 'true');
	await expect(instructions).toBeVisible();

	// 2. A window whose maximum is not above its minimum, sent from another tab: the booking tab comes back
	// selected, marked as holding errors, with the message at the field.
	await booking.click();
	await minDelay.selectOption({ label: '1 semaine' });
	await maxDelay.selectOption({ label: '1 jour' });
	await general.click();
	await expect(minDelay).toBeHidden();
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	const bookingWithError = tabs.getByRole('tab', { name: 'Réservation en ligne (contient des erreurs)' });
	await expect(bookingWithError).toHaveAttribute('aria-selected', 'true');
	await expect(bookingWithError).toContainText('Erreur');
	await expect(tab('Général')).toHaveAttribute('aria-selected', 'false');
	await expect(maxDelay).toBeVisible();
	await expect(maxDelay).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#motif-max-delay-messages')).toHaveText(
		'Le délai maximum doit être supérieur au délai minimum.'
	);
	await expect(minDelay.locator('option:checked')).toHaveText('1 semaine');
	await expect(page).toHaveURL(/\/configuration\/motifs\/[0-9a-f]{24}$/);

	// 3. A valid window: saved, and the list shows it.
	await maxDelay.selectOption({ label: '2 mois' });
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page).toHaveURL(/\/configuration\/motifs\?succes=motif-modifie$/);
	await expect(page.getByText('Le motif a été modifié.')).toBeVisible();
	await expect(motifRow(page)).toContainText('Oui, de 1 semaine à 2 mois');
});

test('deleting a lieu asks first; a used lieu is refused and can only be disabled', async ({ page }) => {
	const orgBase = await signIn(page, ADMIN);
	await page.goto(`${orgBase}/configuration/lieux`);
	await expect(page.getByRole('heading', { level: 1, name: 'Lieux' })).toBeVisible();
	await hydrated(page);
	const row = (lieu: string) =>
		page.getByRole('row').filter({ has: page.getByRole('cell', { name: lieu, exact: true }) });
	const dialog = (lieu: string) => page.getByRole('dialog', { name: `Supprimer le lieu « ${lieu} » ?` });
	const deleteButton = (lieu: string) => page.getByRole('button', { name: `Supprimer le lieu « ${lieu} »` });

	// 1. An unused lieu: Escape keeps it; confirming deletes it.
	await expect(row(UNUSED_LIEU)).toHaveCount(1);
	await deleteButton(UNUSED_LIEU).click();
	await expect(dialog(UNUSED_LIEU)).toBeVisible();
	await expect(dialog(UNUSED_LIEU)).toContainText('Cette action est définitive.');
	await page.keyboard.press('Escape');
	await expect(dialog(UNUSED_LIEU)).toBeHidden();
	await expect(deleteButton(UNUSED_LIEU)).toBeFocused();
	await page.reload();
	await expect(row(UNUSED_LIEU)).toHaveCount(1);
	await hydrated(page);
	await deleteButton(UNUSED_LIEU).click();
	await dialog(UNUSED_LIEU).getByRole('button', { name: 'Supprimer' }).click();
	await expect(page.getByText('Le lieu a été supprimé.')).toBeVisible();
	await expect(row(UNUSED_LIEU)).toHaveCount(0);

	// 2. A lieu the plages use: the confirmed deletion is refused, the lieu stays.
	await hydrated(page);
	await deleteButton(USED_LIEU).click();
	await dialog(USED_LIEU).getByRole('button', { name: 'Supprimer' }).click();
	await expect(page.getByRole('alert')).toContainText(
		`Le lieu « ${USED_LIEU} » est utilisé par des plages d’ouverture ou des RDV : il ne peut pas être supprimé, seulement désactivé.`
	);
	await expect(dialog(USED_LIEU)).toBeHidden();
	await expect(row(USED_LIEU)).toContainText('Actif');

	// 3. Disabled instead, then enabled again (as the demo had it).
	await row(USED_LIEU)
		.getByRole('button', { name: `Désactiver le lieu « ${USED_LIEU} »` })
		.click();
	await expect(page.getByText('Le lieu a été désactivé')).toBeVisible();
	await expect(row(USED_LIEU)).toContainText('Désactivé');
	await hydrated(page);
	await row(USED_LIEU)
		.getByRole('button', { name: `Réactiver le lieu « ${USED_LIEU} »` })
		.click();
	await expect(page.getByText('Le lieu a été réactivé.')).toBeVisible();
	await expect(row(USED_LIEU)).toContainText('Actif');
});
