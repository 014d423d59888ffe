import { expect, test } from '@playwright/test';
import { bookFirstSlot, clock, hydrated, postedFields, shortDay, signIn, tick, unique, workingMonday } from './helpers';

const AGENT = 'Sophie Delattre'; // agent@demo.guichet.fr, PMI of MDS Arras
const MOTIF = 'Consultation PMI nourrisson'; // 30 min, at MDS Arras – Centre on her Monday, Tuesday, Thursday mornings
const LIEU = 'MDS Arras – Centre';

test('an indisponibilité over an RDV: the warning, the confirmation, the RDV on its page, and its deletion', async ({
	page
}) => {
	const orgBase = await signIn(page, 'agent@demo.guichet.fr');
	// Three weeks ahead: past the leave the demo gives this agent (days 10 to 14 from today).
	const { day, start } = await bookFirstSlot(page, {
		agent: AGENT,
		motif: MOTIF,
		lieu: LIEU,
		monday: workingMonday(3)
	});
	const end = clock(start.replace(':', 'h'), 30);
	const title = unique('Formation');

	// 1. The indisponibilité over exactly that RDV: the form lists it and asks to confirm.
	await page.goto(`${orgBase}/indisponibilites`);
	await page.getByRole('link', { name: 'Nouvelle indisponibilité' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle indisponibilité' })).toBeVisible();
	await hydrated(page);
	await expect(page.getByLabel('Agent', { exact: true }).locator('option:checked')).toHaveText(AGENT);
	await page.getByLabel(/^Titre/).fill(title);
	await expect(page.getByLabel('Un jour', { exact: true })).toBeChecked();
	await page.getByLabel('Jour', { exact: true }).fill(day);
	await page.getByLabel('Heure de début').fill(start);
	await page.getByLabel('Heure de fin').fill(end);
	const form = page.locator('form').filter({ has: page.getByLabel(/^Titre/) });
	const typed = await postedFields(form);
	await page.getByRole('button', { name: 'Enregistrer' }).click();

	const warning = page.getByRole('alert').filter({ hasText: 'Cette indisponibilité chevauche' });
	await expect(warning.getByRole('heading', { name: 'Cette indisponibilité chevauche 1 RDV :' })).toBeVisible();
	await expect(warning.getByRole('listitem')).toHaveText([
		`« ${MOTIF} » le ${shortDay(day)} de ${start} à ${end} (MDS Arras)`
	]);
	// Nothing saved yet, and what was typed is still there.
	await expect(page).toHaveURL(/\/indisponibilites\/nouvelle$/);
	await expect(page.getByLabel(/^Titre/)).toHaveValue(title);
	expect(await postedFields(form)).toEqual(typed);
	await tick(page, 'Enregistrer malgré les RDV chevauchés');
	await page.getByRole('button', { name: 'Enregistrer' }).click();

	// 2. Saved: in the list, and its page lists the RDV it runs into.
	await expect(page).toHaveURL(/\/indisponibilites$/);
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
	await expect(row).toContainText(`Le ${shortDay(day)}, de ${start} à ${end}`);
	await row.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier l’indisponibilité' })).toBeVisible();
	const conflicts = page.getByRole('region', { name: 'RDV pendant cette indisponibilité' });
	await expect(conflicts).toContainText('Un RDV de l’agent tombe pendant cette indisponibilité');
	const conflictRows = conflicts.getByRole('table').locator('tbody tr');
	await expect(conflictRows).toHaveCount(1);
	await expect(conflictRows.getByRole('cell')).toHaveText([shortDay(day), `${start} – ${end}`, MOTIF, 'MDS Arras']);

	// A new title brings in no other RDV: saved without asking again (this one was confirmed already).
	const renamed = `${title} (modifiée)`;
	const breadcrumb = page.getByRole('navigation', { name: 'vous êtes ici :' });
	await hydrated(page);
	await page.getByLabel(/^Titre/).fill(renamed);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('L’indisponibilité est enregistrée.')).toBeVisible();
	await expect(breadcrumb.locator('[aria-current="page"]')).toHaveText(renamed);
	await expect(page.getByText('Cette indisponibilité chevauche')).toHaveCount(0);

	// 3. Deleting asks first: Escape keeps it, and focus returns to the button.
	const deleteButton = page.getByRole('button', { name: 'Supprimer l’indisponibilité' });
	await deleteButton.click();
	const dialog = page.getByRole('dialog', { name: 'Supprimer l’indisponibilité ?' });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText(`« ${renamed} » sera supprimée. Les RDV ne changent pas.`);
	await expect(dialog.getByRole('button', { name: 'Annuler' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(deleteButton).toBeFocused();

	// From the list: « Annuler » keeps it (also after a reload), confirming removes it.
	await breadcrumb.getByRole('link', { name: 'Indisponibilités' }).click();
	const renamedRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: renamed, exact: true }) });
	await expect(renamedRow).toHaveCount(1);
	// Still ahead: not among the past ones.
	const views = page.getByRole('navigation', { name: 'Indisponibilités en cours et à venir, ou passées' });
	await views.getByRole('link', { name: 'Passées' }).click();
	await expect(views.getByRole('link', { name: 'Passées' })).toHaveAttribute('aria-current', 'page');
	await expect(renamedRow).toHaveCount(0);
	await views.getByRole('link', { name: 'En cours et à venir' }).click();
	await expect(renamedRow).toHaveCount(1);
	await hydrated(page);
	const rowDelete = page.getByRole('button', { name: `Supprimer l’indisponibilité « ${renamed} »` });
	await rowDelete.click();
	await expect(dialog).toContainText(`« ${renamed} » (Le ${shortDay(day)}, de ${start} à ${end}) sera supprimée.`);
	await dialog.getByRole('button', { name: 'Annuler' }).click();
	await expect(dialog).toBeHidden();
	await page.reload();
	await expect(renamedRow).toHaveCount(1);
	await hydrated(page);
	await rowDelete.click();
	await dialog.getByRole('button', { name: 'Supprimer' }).click();
	await expect(page.getByText(`L’indisponibilité « ${renamed} » est supprimée.`)).toBeVisible();
	await expect(renamedRow).toHaveCount(0);
	await expect(dialog).toBeHidden();
});
