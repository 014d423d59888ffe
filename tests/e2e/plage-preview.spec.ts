import { expect, test } from '@playwright/test';
import {
	addDays,
	hydrated,
	longDay,
	mondayOf,
	occurrenceRows,
	signIn,
	today as todayInParis,
	workingMonday
} from './helpers';

const PLAGE = 'Consultations nourrissons'; // the demo's PMI agent, Mondays, Tuesdays and Thursdays 09:00–12:00

test('the plage page previews its occurrences in a calendar, with a list view and a cancelled occurrence', async ({
	page
}) => {
	const orgBase = await signIn(page, 'admin@demo.guichet.fr');
	await page.goto(`${orgBase}/plages`);
	await page.getByRole('link', { name: PLAGE }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: PLAGE })).toBeVisible();
	await hydrated(page);

	// This week's occurrences in the week view.
	const calendar = page.getByTestId('occurrence-calendar');
	await expect(calendar).toHaveAttribute('data-state', 'ready');
	await expect(calendar.locator('.occurrence-event').filter({ hasText: PLAGE }).first()).toBeVisible();
	const title = calendar.locator('[id$="-title"]');
	const thisWeek = await title.textContent();
	await calendar.getByRole('button', { name: 'Semaine suivante' }).click();
	await expect(title).not.toHaveText(thisWeek ?? '');
	await expect(calendar.locator('.occurrence-event').filter({ hasText: PLAGE })).toHaveCount(3);
	await calendar.getByRole('button', { name: 'Aujourd’hui' }).click();
	await expect(title).toHaveText(thisWeek ?? '');

	// Cancel the next occurrence: the calendar fetches again and shows it struck through.
	const today = todayInParis();
	const firstRow = page
		.getByRole('table', { name: /prochaines occurrences/i })
		.getByRole('row')
		.nth(1);
	const next = await firstRow.getByRole('button', { name: /^Annuler cette occurrence/ }).getAttribute('aria-label');
	const nextDay = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => addDays(today, n)).find((d) => next?.includes(longDay(d)));
	if (!nextDay) throw new Error(`no upcoming occurrence in ${next}`);
	await firstRow.getByRole('button', { name: /^Annuler cette occurrence/ }).click();
	await expect(page.getByText('L’occurrence est annulée.')).toBeVisible();
	if (mondayOf(nextDay) !== mondayOf(today)) await calendar.getByRole('button', { name: 'Semaine suivante' }).click();
	const cancelled = calendar.locator('.occurrence-cancelled');
	await expect(cancelled).toHaveCount(1);
	await expect(cancelled).toContainText(`${PLAGE} (annulée)`);

	// The list view: the same days as a table, the cancelled occurrence said in words.
	await calendar.locator('label', { hasText: 'Vue liste' }).click();
	await expect(calendar).toHaveAttribute('data-display', 'list');
	await expect(calendar.locator('.occurrence-event').first()).toBeHidden();
	const list = calendar.getByRole('table');
	const cancelledRow = list
		.getByRole('row')
		.filter({ hasText: longDay(nextDay) })
		.filter({ hasText: PLAGE });
	await expect(cancelledRow).toContainText('Annulée');
	const weekRows = await list.getByRole('row').count();
	await calendar.locator('label', { hasText: 'Mois' }).click();
	await expect.poll(() => list.getByRole('row').count()).toBeGreaterThan(weekRows);
	await calendar.locator('label', { hasText: 'Vue calendrier' }).click();
	await expect(calendar.locator('.occurrence-event').first()).toBeVisible();

	// Put the demo data back as it was.
	await occurrenceRows(page)
		.filter({ hasText: longDay(nextDay) })
		.getByRole('button', { name: 'Rétablir' })
		.click();
	await expect(page.getByText('L’occurrence est rétablie.')).toBeVisible();
});

test('the creation form previews the recurrence being typed, before saving', async ({ page }) => {
	const orgBase = await signIn(page, 'admin@demo.guichet.fr');
	await page.goto(`${orgBase}/plages/nouvelle`);
	await hydrated(page);
	const calendar = page.getByTestId('occurrence-calendar');
	await expect(calendar).toHaveAttribute('data-state', 'empty');

	// A Monday three weeks ahead: the preview moves to that week and shows that one day.
	const monday = workingMonday(3);
	await page.getByLabel(/^Titre/).fill('Accueil du soir');
	await page.getByLabel('Premier jour', { exact: true }).fill(monday);
	await page.getByLabel('Heure de début', { exact: true }).fill('17:00');
	await page.getByLabel('Heure de fin', { exact: true }).fill('19:00');
	const events = calendar.locator('.occurrence-event');
	await expect(events).toHaveCount(1);
	await expect(events).toContainText('Accueil du soir');

	// Weekly on Tuesdays and Fridays: two occurrences that week (the first day is not one of them).
	await page.locator('label', { hasText: 'Répéter' }).click();
	await page.locator('label', { hasText: /^Mardi$/ }).click();
	await page.locator('label', { hasText: /^Vendredi$/ }).click();
	await expect(events).toHaveCount(2);
	await calendar.locator('label', { hasText: 'Vue liste' }).click();
	const rows = calendar.getByRole('table').getByRole('row');
	await expect(rows.filter({ hasText: longDay(addDays(monday, 1)) })).toContainText('17:00 – 19:00');
	await expect(rows.filter({ hasText: longDay(addDays(monday, 4)) })).toHaveCount(1);

	// From the next Christmas Day on: the preview names the holiday that leaves that occurrence without slots.
	const year = Number(todayInParis().slice(0, 4));
	const christmas = `${todayInParis() > `${year}-12-25` ? year + 1 : year}-12-25`;
	// No weekday ticked: the weekday of the first day, whatever it is that year.
	await page.locator('label', { hasText: /^Mardi$/ }).click();
	await page.locator('label', { hasText: /^Vendredi$/ }).click();
	await page.getByLabel('Premier jour', { exact: true }).fill(christmas);
	await expect(rows.filter({ hasText: longDay(christmas) })).toContainText('Férié : Noël');
});

test('one occurrence moved to other times, flagged in the list, then restored', async ({ page }) => {
	const orgBase = await signIn(page, 'admin@demo.guichet.fr');
	await page.goto(`${orgBase}/plages`);
	await page.getByRole('link', { name: PLAGE }).first().click();
	await hydrated(page);

	// The second upcoming occurrence (the first may be today, partly over).
	const rows = page.getByRole('table', { name: /prochaines occurrences/i }).getByRole('row');
	const row = rows.nth(2);
	const label = await row.getByRole('button', { name: /^Annuler cette occurrence/ }).getAttribute('aria-label');
	const day = label?.match(/\((.+)\)/)?.[1] ?? '';
	await row.getByRole('link', { name: `Modifier cette occurrence (${day})`, exact: true }).click();
	const section = page.getByRole('region', { name: `Modifier cette occurrence — ${day}` });
	await expect(section).toBeVisible();
	await hydrated(page);

	// An end before the start is refused next to the field, nothing saved.
	await section.getByLabel('Heure de début').fill('11:00');
	await section.getByLabel('Heure de fin').fill('10:00');
	await section.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(section.getByLabel('Heure de fin')).toHaveAttribute('aria-invalid', 'true');

	await section.getByLabel('Heure de début').fill('10:00');
	await section.getByLabel('Heure de fin').fill('12:00');
	await section.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('L’occurrence est modifiée.')).toBeVisible();
	const changed = occurrenceRows(page).filter({ hasText: new RegExp(day) });
	await expect(changed).toContainText('Modifiée');
	await expect(changed).toContainText('10:00 – 12:00');

	// Put the demo data back as it was.
	await changed.getByRole('button', { name: 'Rétablir' }).click();
	await expect(page.getByText('L’occurrence est rétablie.')).toBeVisible();
	await expect(occurrenceRows(page).filter({ hasText: new RegExp(day) })).toContainText('09:00 – 12:00');
});
