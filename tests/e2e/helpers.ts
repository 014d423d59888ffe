/**
 * What the journeys share: signing in as a demo agent, waiting for hydration, DSFR inputs, and calendar days
 * computed from today in Paris (the demo seed is relative to today too).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { holidaysBetween } from '../../src/lib/domain/holidays.ts';
import { toInstant } from '../../src/lib/domain/local-time.ts';

export const PASSWORD = 'Guichet-Demo-2026';

/** The DSFR marks <html> once the page is hydrated: interacting before that would be undone. */
export async function hydrated(page: Page) {
	await expect(page.locator('html')).toHaveAttribute('data-fr-js', 'true');
}

/** Signs in as a demo agent; returns the base path of their organisation (`/agents/org/<id>`). */
export async function signIn(page: Page, email: string): Promise<string> {
	await page.goto('/connexion');
	await hydrated(page);
	await page.getByLabel(/adresse e-mail/i).fill(email);
	await page.getByLabel(/^mot de passe/i).fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page).toHaveURL(/\/agents\/org\/[^/]+\/agenda/);
	return new URL(page.url()).pathname.replace(/\/agenda$/, '');
}

/** DSFR checkboxes and radios hide the input behind its label: click the label, as a user does. */
export async function tick(scope: Page | Locator, label: string | RegExp) {
	await scope.locator('label').filter({ hasText: label }).click();
	await expect(scope.getByLabel(label)).toBeChecked();
}

/** 'YYYY-MM-DD' of today, in Paris (the demo territory and the browser's zone). */
export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

export const addDays = (day: string, n: number) => {
	const d = new Date(`${day}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
};

/** Monday of the week of `day`. */
export const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));

/**
 * Monday of the first week, `weeksAhead` weeks from this one or later, without a public holiday in the demo's
 * Pas-de-Calais from Monday to Friday: agendas are closed on holidays, so a journey on a fixed weekday of a
 * holiday week (Christmas on a Friday…) would find no slot.
 */
export function workingMonday(weeksAhead: number): string {
	let monday = addDays(mondayOf(today()), 7 * weeksAhead);
	while (holidaysBetween('62', monday, addDays(monday, 5)).length > 0) monday = addDays(monday, 7);
	return monday;
}

/** 'mercredi 7 janvier 2026', as the pages write a day. */
export const longDay = (day: string) =>
	new Intl.DateTimeFormat('fr-FR', {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T12:00:00Z`));

/** '07/01/2026' */
export const shortDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** A name no other run or test has used, for the usagers and records a journey creates. */
/**
 * A metropolitan mobile number unique enough for a run: 061 then the clock's last 7 digits (06 followed by any 8
 * digits is not always valid: 069x numbers belong to the overseas departments' plans, some unassigned).
 */
export const uniqueMobile = () => `061${String(Date.now()).slice(-7)}`;

export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}`;

/**
 * What a form would post right now, as sorted `name=value` lines (unticked boxes and disabled fields are left
 * out, as the browser does): compared before and after a round trip, it proves that every typed value stayed,
 * whatever the control (text, date, select, multiple select, radio, checkbox, textarea).
 */
export async function postedFields(form: Locator, ignore: readonly string[] = ['confirm']): Promise<string[]> {
	const fields = await form.evaluate((element) =>
		[...new FormData(element as HTMLFormElement)].map(([name, value]) => `${name}=${String(value)}`)
	);
	return fields.filter((line) => !ignore.includes(line.slice(0, line.indexOf('=')))).sort();
}

/** The text of the option a single select shows. */
export const shownOption = (select: Locator) => select.locator('option:checked');

/** '9h30' → '09:30'; plus `minutes`. */
export function clock(frenchTime: string, minutes = 0): string {
	const [h, m] = frenchTime.split('h').map(Number);
	const total = h * 60 + m + minutes;
	return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Books the first free slot of `agent` for `motif` (30 minutes) at `lieu` in the week from `monday`, through
 * Trouver un RDV, for a new usager; returns its day and start time ('HH:MM').
 */
export async function bookFirstSlot(
	page: Page,
	{ agent, motif, lieu, monday }: { agent: string; motif: string; lieu: string; monday: string }
): Promise<{ day: string; start: string }> {
	await page.getByRole('link', { name: 'Trouver un RDV' }).click();
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: `${motif} (30 min)` });
	await page.getByLabel('À partir du').fill(monday);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: lieu, exact: true }).click();
	await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Créneaux à ${lieu}`) })).toBeVisible();

	const slotPattern = new RegExp(`^\\d+h\\d\\d ${agent}$`);
	for (let i = 0; i < 7; i++) {
		const day = addDays(monday, i);
		const slot = page
			.getByRole('region', { name: longDay(day) })
			.getByRole('link', { name: slotPattern })
			.first();
		if ((await slot.count()) === 0) continue;
		const start = clock((await slot.locator('.slot-time').textContent()) ?? '');
		await slot.click();
		await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
		await hydrated(page);
		await tick(page, 'Créer un usager');
		await page.getByLabel('Prénom').fill('Inès');
		await page.getByLabel('Nom', { exact: true }).fill(unique('Absence'));
		await page.getByRole('button', { name: 'Créer le RDV' }).click();
		await expect(page.getByText('Le RDV a été créé.')).toBeVisible();
		return { day, start };
	}
	throw new Error(`no free slot of ${agent} in the week of ${monday}`);
}

/** The rows of a plage page's « Prochaines occurrences » table (its calendar has rows naming days too). */
export const occurrenceRows = (page: Page) =>
	page.getByRole('table', { name: /prochaines occurrences/i }).getByRole('row');

/**
 * Creates, as the signed-in agent, a 30-minute « Visite à domicile puéricultrice » (PMI) on `day` at `start`
 * ('HH:MM', Paris) in her own agenda, through the RDV wizard opened as a range selected in the agenda opens it,
 * for a new usager; the wizard's warnings (begun already, over another RDV) are confirmed. Returns the RDV page's
 * path and the agent's id.
 */
export async function createHomeVisit(
	page: Page,
	orgBase: string,
	{ day, start, firstName, lastName }: { day: string; start: string; firstName: string; lastName: string }
): Promise<{ rdvPath: string; agentId: string }> {
	await page.goto(`${orgBase}/agenda?date=${day}`);
	await hydrated(page);
	const agentId = await page.getByLabel('Agenda de').inputValue();
	const debut = toInstant(day, start, 'Europe/Paris').toISOString();
	await page.goto(`${orgBase}/rdvs/nouveau?${new URLSearchParams({ debut, duree: '30', agent: agentId })}`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: 'Visite à domicile puéricultrice (60 min) — PMI' });
	await page.getByRole('button', { name: 'Continuer' }).click();
	const form = page.locator('form[method="POST"]');
	await expect(form.getByLabel('Heure de début')).toHaveValue(start);
	await hydrated(page);
	await tick(form, 'Créer un usager');
	await form.getByLabel('Prénom').fill(firstName);
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByRole('button', { name: 'Ajouter cet usager' }).click();
	await expect(form.getByText(`${firstName} ${lastName} est créé(e) et ajouté(e) aux participants.`)).toBeVisible();
	await form.getByLabel(/^Adresse de la visite/).fill('3 rue des Lilas, 62000 Arras');
	await form.getByRole('button', { name: 'Créer le RDV' }).click();
	const toConfirm = form.getByRole('alert').filter({ hasText: 'À confirmer' });
	await expect(toConfirm.or(page.getByTestId('rdv-status'))).toBeVisible();
	if (await toConfirm.isVisible()) {
		await tick(form, 'Créer quand même');
		await form.getByRole('button', { name: 'Créer le RDV' }).click();
	}
	await expect(page).toHaveURL(new RegExp(`${orgBase}/rdvs/[0-9a-f]{24}$`));
	return { rdvPath: new URL(page.url()).pathname, agentId };
}

/**
 * axe's serious and critical violations of the page, one line each. `names` also checks that an accessible name
 * starts with the visible label (label-content-name-mismatch, off in axe by default).
 */
export async function seriousViolations(page: Page, names = true): Promise<string[]> {
	const builder = new AxeBuilder({ page });
	if (names) builder.options({ rules: { 'label-content-name-mismatch': { enabled: true } } });
	const results = await builder.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * No serious axe violation; `hydrate` waits for hydration first; `maxWidth`: nothing wider than that (mobile
 * first: no sideways scroll).
 */
export async function expectAccessible(
	page: Page,
	what: string,
	options: { names?: boolean; hydrate?: boolean; maxWidth?: number } = {}
) {
	if (options.hydrate) await hydrated(page);
	expect(await seriousViolations(page, options.names ?? true), what).toEqual([]);
	if (options.maxWidth !== undefined)
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth),
			`${what}: no sideways scroll`
		).toBeLessThanOrEqual(options.maxWidth);
}

/** The first time of the public grid shown, going week by week (or to the next availability) while one is empty. */
export async function firstSlot(page: Page): Promise<Locator> {
	const grid = page.getByTestId('slot-grid');
	await expect(grid).toBeVisible();
	for (let week = 0; week < 6; week++) {
		const slots = grid.locator('a.slot');
		if ((await slots.count()) > 0) return slots.first();
		const jump = grid.getByRole('link', { name: /^Prochaine disponibilité le / });
		const before = page.url();
		await ((await jump.count()) > 0 ? jump : grid.getByRole('link', { name: 'Semaine suivante' })).click();
		await expect(page).not.toHaveURL(before);
	}
	throw new Error('No slot in six weeks');
}
