import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addDays, hydrated, mondayOf, signIn, tick, today } from './helpers';

/** Agent of the Service social of MDS Lens; Pauline Mercier (insertion) is a basic agent of another service there. */
const AGENT = 'agent.lens@demo.guichet.fr';
const AGENT_NAME = 'Karim Haddad';
const OTHER_SERVICE = 'insertion@demo.guichet.fr';

/**
 * A link to a past RDV still « à renseigner » on the agent's agenda: the demo leaves some past RDVs `unknown`.
 * Looks back week by week (the agenda opens on `?date=`).
 */
async function pastUnknownRdv(page: Page, orgBase: string) {
	for (let weeksBack = 1; weeksBack <= 4; weeksBack++) {
		await page.goto(`${orgBase}/agenda?date=${addDays(mondayOf(today()), -7 * weeksBack)}`);
		await hydrated(page);
		await expect(page.getByTestId('agenda-calendar')).toHaveAttribute('data-state', /ready|empty/);
		const events = page.locator('a.rdv-status-unknown[href*="/rdvs/"]');
		if ((await events.count()) > 0) return events.first();
	}
	throw new Error('no past RDV left « à renseigner » in the demo agenda');
}

test('open an RDV from the agenda, mark it « Honoré », see it in the history; another service gets 403', async ({
	page
}) => {
	const orgBase = await signIn(page, AGENT);
	const event = await pastUnknownRdv(page, orgBase);
	// The events are links: Enter on the focused one opens the RDV page.
	await event.focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/rdvs\/[0-9a-f]{24}$/);
	const rdvUrl = page.url();
	await hydrated(page);
	await expect(page.getByTestId('rdv-status')).toHaveText('À renseigner');
	await expect(page.getByRole('heading', { level: 2, name: 'Participants' })).toBeVisible();

	await tick(page.getByRole('group', { name: 'Nouveau statut' }), 'Honoré');
	await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
	await expect(page.getByRole('status')).toHaveText('Statut du RDV : « Honoré ».');
	await expect(page.getByTestId('rdv-status')).toHaveText('Honoré');
	// The newest change comes first (row 0 is the header): what, and who.
	const latest = page.getByRole('table', { name: 'Historique des modifications' }).getByRole('row').nth(1);
	await expect(latest).toContainText('Statut : Honoré');
	await expect(latest).toContainText(AGENT_NAME);

	// No serious or critical axe violation, wide and narrow.
	for (const width of [1280, 390]) {
		await page.setViewportSize({ width, height: 900 });
		const { violations } = await new AxeBuilder({ page }).analyze();
		const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
		expect(serious, `RDV page at ${width} px`).toEqual([]);
	}

	// Pauline Mercier (insertion, basic in Lens) may not open a Service social RDV.
	await page.context().clearCookies();
	await signIn(page, OTHER_SERVICE);
	const response = await page.goto(rdvUrl);
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
});
