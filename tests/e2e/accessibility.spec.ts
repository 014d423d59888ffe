/**
 * Accessibility beyond the journeys: axe on the main pages (no « serious » or « critical » violation, WCAG 2.5.3
 * label-in-name included although axe ships it off), keyboard access to the Trouver un RDV results and to the
 * agenda's RDVs, the week of créneaux on a phone, and a home page that promises only what works.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { AGENT_CAPABILITIES, USAGER_CAPABILITIES } from '../../src/lib/home-capabilities.ts';
import { addDays, bookFirstSlot, hydrated, longDay, signIn, workingMonday, expectAccessible } from './helpers';

const ADMIN = 'admin@demo.guichet.fr'; // Julien Lefebvre, admin of MDS Arras
const MOTIF = 'Premier accueil social (30 min)';
const LIEU = 'MDS Arras – Centre';

/** Trouver un RDV for the demo's first-welcome motif from `monday`, then that lieu's week of créneaux. */
async function searchSlots(page: Page, orgBase: string, monday: string) {
	await page.goto(`${orgBase}/trouver-un-rdv`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByLabel('À partir du').fill(monday);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: LIEU, exact: true }).click();
	await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Créneaux à ${LIEU}`) })).toBeVisible();
}

for (const width of [1280, 390]) {
	test.describe(`at ${width} px`, () => {
		// axe reads the whole page: a few seconds each on two cores.
		test.describe.configure({ timeout: 240_000 });
		test.beforeEach(({ page }) => page.setViewportSize({ width, height: 900 }));

		test('the public pages have no serious axe violation', async ({ page }) => {
			for (const path of ['/', '/connexion', '/accessibilite', '/mentions-legales', '/api/v1/docs']) {
				await page.goto(path);
				await hydrated(page);
				await expectAccessible(page, path);
			}
		});

		test('the agenda, Trouver un RDV and the RDV form have no serious axe violation', async ({ page }) => {
			const orgBase = await signIn(page, ADMIN);
			// A working day with RDVs: on a day without any, FullCalendar's hours box holds nothing focusable and axe
			// flags it (scrollable-region-focusable); making it a tab stop breaks the grid's roles instead. Known, noted.
			await page.goto(`${orgBase}/agenda?date=${workingMonday(1)}`);
			await expect(page.getByTestId('agenda-calendar')).toHaveAttribute('data-state', 'ready');
			await expectAccessible(page, 'agenda');
			await searchSlots(page, orgBase, workingMonday(1));
			await expectAccessible(page, 'trouver un RDV');
			await page.locator('a.slot').first().click();
			await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
			await hydrated(page);
			await expectAccessible(page, 'nouveau RDV');
		});

		test('the plages, indisponibilités, configuration, RDV list and account pages have no serious axe violation', async ({
			page
		}) => {
			const orgBase = await signIn(page, ADMIN);
			for (const section of [
				'plages',
				'plages/nouvelle',
				'indisponibilites',
				'indisponibilites/nouvelle',
				'configuration',
				'configuration/lieux',
				'configuration/motifs',
				'configuration/motifs/nouveau',
				'rdvs',
				'rdvs?statut=a_renseigner'
			]) {
				await page.goto(`${orgBase}/${section}`);
				await hydrated(page);
				await expectAccessible(page, section);
			}
			await page.goto(`${orgBase}/plages`);
			await page.getByRole('link', { name: 'Accueil social' }).first().click();
			await expect(page.getByTestId('occurrence-calendar')).toHaveAttribute('data-state', /ready|empty/);
			await expectAccessible(page, 'a plage');
			await page.goto('/agents/compte');
			await hydrated(page);
			await expectAccessible(page, 'compte');
		});

		test('the usagers, séances, new RDV and RDV edit pages (issue 16) have no serious axe violation', async ({
			page
		}) => {
			const orgBase = await signIn(page, ADMIN);
			const visit = async (path: string, what: string) => {
				await page.goto(`${orgBase}/${path}`);
				await hydrated(page);
				await expectAccessible(page, what);
			};
			await visit('usagers', 'usagers list');
			const firstUsager = page.getByRole('main').locator('table a[href*="/usagers/"]').first();
			const name = ((await firstUsager.textContent()) ?? '').trim().split(/\s+/).pop() ?? '';
			const usagerHref = await firstUsager.getAttribute('href');
			expect(name, 'an usager in the demo').not.toBe('');
			await visit(`usagers?q=${encodeURIComponent(name)}`, 'usagers search results');
			await expect(page.getByRole('main').locator('table a[href*="/usagers/"]').first()).toBeVisible();
			await page.goto(usagerHref!);
			await hydrated(page);
			await expectAccessible(page, 'usager page');
			// The creation form with its errors next to the fields.
			await visit('usagers/nouveau', 'new usager form');
			await page.getByLabel('Prénom').fill('Zoé');
			await page.getByLabel('Nom d’usage').fill('Axe');
			await page.getByLabel('Téléphone').fill('12');
			await page.getByLabel('Code postal').fill('620');
			await page.getByRole('button', { name: 'Créer l’usager' }).click();
			await expect(page.getByText('Code postal invalide : 5 chiffres, par exemple 62000.')).toBeVisible();
			await expectAccessible(page, 'new usager form with errors');
			await visit('rdvs/nouveau', 'new RDV without motif');
			await visit('seances', 'séances list');
			// An RDV of the list, then its edit form.
			await visit('rdvs', 'RDV list');
			const rdvHref = await page.getByRole('main').locator('table a[href*="/rdvs/"]').first().getAttribute('href');
			expect(rdvHref, 'an RDV in the demo list').toBeTruthy();
			await page.goto(`${rdvHref}/modifier`);
			await hydrated(page);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Modifier le RDV/);
			await expectAccessible(page, 'RDV edit page');
		});

		test('the live boards (issue 17) have no serious axe violation', async ({ page }) => {
			// Claire Vasseur: admin of MDS Arras and territorial admin of the Pas-de-Calais.
			const orgBase = await signIn(page, 'espace@demo.guichet.fr');
			await page.goto(`${orgBase}/aujourdhui`);
			await hydrated(page);
			await expect(page.getByRole('heading', { level: 2, name: 'Prochain créneau en ligne par motif' })).toBeVisible();
			await expect(page.getByText('Recherche des prochains créneaux…')).toHaveCount(0, { timeout: 30_000 });
			await expectAccessible(page, 'aujourd’hui');
			await page.getByRole('link', { name: 'Voir toutes les organisations du territoire' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Aujourd’hui — /);
			await hydrated(page);
			await expectAccessible(page, 'aujourd’hui du territoire');
		});
	});
}

test('after a search, the focus goes to the results: a few Tab presses reach the first slot', async ({ page }) => {
	const orgBase = await signIn(page, ADMIN);
	await page.goto(`${orgBase}/trouver-un-rdv`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByLabel('À partir du').fill(workingMonday(1));
	// Submitted from the keyboard: the lieux found take the focus (and are announced by their heading).
	await page.getByLabel('À partir du').press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: /^Lieux — / })).toBeFocused();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: LIEU, exact: true })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Créneaux à ${LIEU}`) })).toBeFocused();
	// The two week links, then the first slot.
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Semaine précédente' }).last()).toBeFocused();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await expect(page.locator('a.slot').first()).toBeFocused();

	// The next week, by keyboard: the grid's heading again, not the top of the page.
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Créneaux à ${LIEU}`) })).toBeFocused();

	// « Élargir la recherche »: its results' heading.
	await page.getByRole('link', { name: 'Élargir la recherche' }).press('Enter');
	await expect(page.getByRole('heading', { level: 2, name: 'Autres organisations du territoire' })).toBeFocused();
});

test('the agenda’s RDVs are links named by their time, motif, people and day, reached with Tab', async ({ page }) => {
	await signIn(page, 'agent@demo.guichet.fr');
	// Booking ends on the agenda, on the week of the new RDV.
	const { day, start } = await bookFirstSlot(page, {
		agent: 'Sophie Delattre',
		motif: 'Consultation PMI nourrisson',
		lieu: 'MDS Arras – Centre',
		monday: workingMonday(9)
	});
	const calendar = page.getByTestId('agenda-calendar');
	await expect(calendar).toHaveAttribute('data-state', 'ready');
	// An RDV is a link to its page, named by what it shows and its day.
	const created = calendar.getByRole('link', {
		name: new RegExp(`^${start}.*Consultation PMI nourrisson · Inès Absence-.*, ${longDay(day)}$`)
	});
	await expect(created).toHaveCount(1);

	// From the calendar's view tabs, Tab goes through the RDVs in order until the new one.
	await calendar.getByRole('tab', { name: 'Semaine' }).focus();
	let reached = false;
	for (let i = 0; i < 40 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await created.evaluate((el) => el === document.activeElement);
	}
	expect(reached).toBe(true);
});

test('Trouver un RDV on a phone: every day with slots in view, stacked, without sideways scrolling', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const orgBase = await signIn(page, ADMIN);
	// A week where several days have slots (the demo's bookings fill some weeks more than others).
	let monday = workingMonday(1);
	for (let week = 2; week <= 6; week++) {
		await searchSlots(page, orgBase, monday);
		const days = await page
			.locator('section.day-column')
			.filter({ has: page.locator('a.slot') })
			.count();
		if (days > 1) break;
		monday = workingMonday(week);
	}

	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	// Each day, with its slots, lies within the screen's width: none hides to the right.
	const inView = async (locator: Locator, what: string) => {
		const box = await locator.boundingBox();
		expect(box, what).not.toBeNull();
		expect(box!.x, what).toBeGreaterThanOrEqual(0);
		expect(box!.x + box!.width, what).toBeLessThanOrEqual(390);
	};
	let daysWithSlots = 0;
	for (let i = 0; i < 7; i++) {
		const day = longDay(addDays(monday, i));
		const column = page.getByRole('region', { name: day, exact: true });
		await expect(column).toBeVisible();
		await inView(column, day);
		const slots = column.locator('a.slot');
		const count = await slots.count();
		if (count > 0) daysWithSlots++;
		for (let s = 0; s < count; s++) await inView(slots.nth(s), `${day}, slot ${s + 1}`);
	}
	expect(daysWithSlots).toBeGreaterThan(1);
	// And nothing on the page scrolls sideways (the old grid hid Thursday to Sunday in an unmarked scroller).
	const scrollers = await page
		.getByRole('main')
		.locator('*')
		.evaluateAll(
			(els) =>
				els.filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible').length
		);
	expect(scrollers).toBe(0);
});

test('the home page promises only what works today', async ({ page }) => {
	await page.goto('/');
	const main = page.getByRole('main');
	await expect(main.getByRole('heading', { level: 1 })).toBeVisible();
	for (const { text } of [...AGENT_CAPABILITIES, ...USAGER_CAPABILITIES])
		await expect(main.getByText(text)).toBeVisible();
	// Nothing about notifications to usagers (SMS, e-mailed confirmations, reminders): none goes out yet.
	const said = (await main.innerText()) + (await page.locator('footer').innerText());
	expect(said).not.toMatch(/sms|rappel|notifi|confirmation par|tenir informés/i);
	await main.getByRole('link', { name: 'Documentation de l’API' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('API');
});
