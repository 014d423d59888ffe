import { expect, test } from '@playwright/test';
import { addDays } from '../../src/lib/domain/local-time.ts';
import { hydrated, signIn, workingMonday } from './helpers';

test('the RDV list: « à renseigner » from the banner, the next page, and the printed day list per agent', async ({
	page
}) => {
	await signIn(page, 'agent@demo.guichet.fr');

	// 1. The demo leaves some past RDVs without a status: the agenda says how many, and links to them.
	const banner = page.getByRole('link', { name: /^\d+ RDV à renseigner$/ });
	await expect(banner).toBeVisible();
	const count = Number((await banner.textContent())?.match(/\d+/)?.[0]);
	await banner.click();
	await expect(page).toHaveURL(/\/rdvs\?.*statut=a_renseigner/);
	await expect(page.getByRole('heading', { level: 1, name: 'RDV' })).toBeVisible();
	await expect(page.getByLabel('Statut')).toHaveValue('a_renseigner');
	const rows = page.locator('#rdv-list tbody tr');
	await expect(rows).toHaveCount(Math.min(count, 50));
	for (const badge of await rows.locator('.fr-badge').allTextContents()) expect(badge).toBe('À renseigner');

	// 2. The whole organisation over the coming month, through the menu: more than a page, the next one follows.
	await page.getByRole('link', { name: 'RDV', exact: true }).click();
	await expect(page.getByLabel('Statut')).toHaveValue('');
	await expect(rows).toHaveCount(50);
	const firstPage = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('a')?.getAttribute('href')));
	expect(firstPage.every((href) => href?.includes('/rdvs/'))).toBe(true);
	await page.getByRole('link', { name: 'Page suivante' }).click();
	await expect(page).toHaveURL(/curseur=/);
	await expect(rows.first()).toBeVisible();
	const secondPage = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('a')?.getAttribute('href')));
	expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

	// 3. One working day of the whole organisation (an admin sees every agenda), then its printed list: one
	// section per agent of that day, nothing else on paper.
	await page.context().clearCookies();
	const base = await signIn(page, 'admin@demo.guichet.fr');
	await page.goto(`${base}/rdvs`);
	await hydrated(page);
	// The first day of next week with RDVs of several agents (other journeys move or add RDVs in that week).
	let agents = new Set<string>();
	let day = workingMonday(1);
	for (let i = 0; i < 5 && agents.size < 2; i++) {
		day = addDays(workingMonday(1), i);
		await page.getByLabel('Du', { exact: true }).fill(day);
		await page.getByLabel(/^Au/).fill(day);
		await page.getByRole('button', { name: 'Filtrer' }).click();
		await expect(page).toHaveURL(new RegExp(`du=${day}&au=${day}`));
		await expect(page.getByRole('button', { name: 'Imprimer la liste du jour' })).toBeVisible();
		agents = new Set((await rows.locator('td:nth-child(5)').allTextContents()).flatMap((cell) => cell.split(', ')));
	}
	expect(agents.size).toBeGreaterThan(1);
	await expect(page.locator('#day-sheets')).toBeHidden();

	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('#rdv-list')).toBeHidden();
	await expect(page.locator('.fr-sidemenu')).toBeHidden();
	const sheets = page.locator('#day-sheets .day-sheet');
	await expect(sheets).toHaveCount(agents.size);
	for (const name of agents)
		await expect(sheets.getByRole('heading', { level: 2, name: new RegExp(`^${name} — `) })).toBeVisible();
	// Each sheet starts a new page.
	expect(await sheets.first().evaluate((el) => getComputedStyle(el).breakAfter)).toBe('page');

	// 4. A reversed period: the message sits next to the field it concerns.
	await page.emulateMedia({ media: 'screen' });
	await page.goto(`${base}/rdvs?du=${day}&au=${addDays(day, -1)}`);
	await expect(page.getByLabel(/^Au/)).toHaveAccessibleDescription(/La date de fin doit suivre la date de début/);
	await expect(page.getByLabel(/^Au/)).toHaveAttribute('aria-invalid', 'true');
});
