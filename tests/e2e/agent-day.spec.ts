/**
 * Issue 16's « Done when », first journey, in one go as an agent lives it: from the week view of the agenda, a
 * range selected on an hour already begun opens the RDV wizard prefilled; a motif, a new usager and her relative
 * created inline, both participants; the « dans le passé » warning confirmed; the RDV page; « Honoré » and the
 * history saying so; back in the agenda, the RDV at its time with its status.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { holidaysBetween } from '../../src/lib/domain/holidays.ts';
import { addDays, hydrated, longDay, signIn, tick, today, unique, uniqueMobile } from './helpers';

const AGENT_EMAIL = 'agent@demo.guichet.fr';
const AGENT = 'Sophie Delattre'; // PMI of MDS Arras: plages 09:00–12:00 (Mon, Tue, Thu) and 14:00–17:00 (Tue)
const MOTIF = 'Visite à domicile puéricultrice (60 min) — PMI'; // bookable by agents, at the usager's home

/**
 * The selected range: 12:30 to 13:15. The demo fills plage occurrences only (mornings until 12:00, afternoons
 * from 14:00, the Wednesday session at 14:00), so Sophie Delattre's lunch hour is free every day.
 */
const START = '12:30';
const END_ROW = '13:00:00';

const isWorkingDay = (day: string) =>
	[1, 2, 3, 4, 5].includes(new Date(`${day}T12:00:00Z`).getUTCDay()) && holidaysBetween('62', day, day).length === 0;

/**
 * Working days on which 12:30 has passed in Paris (the RDV must have begun to be « Honoré »), newest first: today
 * when it is late enough, then the working days before it (agendas are closed on weekends and public holidays).
 */
function* begunDays(): Generator<string> {
	const parisNow = new Date().toLocaleTimeString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 5);
	let day = isWorkingDay(today()) && parisNow > '12:35' ? today() : addDays(today(), -1);
	for (;;) {
		if (isWorkingDay(day)) yield day;
		day = addDays(day, -1);
	}
}

async function box(locator: Locator) {
	const b = await locator.boundingBox();
	if (!b) throw new Error('not displayed');
	return b;
}

/** The agenda in the week view, on the week of `day`; returns the calendar. */
async function weekOf(page: Page, orgBase: string, day: string) {
	await page.goto(`${orgBase}/agenda?date=${day}`);
	await hydrated(page);
	const calendar = page.getByTestId('agenda-calendar');
	await expect(calendar).toHaveAttribute('data-state', /^(ready|empty)$/);
	// The last view is remembered: another journey may have left this agent on the month.
	const week = calendar.getByRole('tab', { name: 'Semaine' });
	if ((await week.getAttribute('aria-selected')) !== 'true') await week.click();
	await expect(week).toHaveAttribute('aria-selected', 'true');
	return calendar;
}

/** The body cell of a day in the time grid (the header has one too: the body's is the tall one). */
const dayColumn = (calendar: Locator, day: string) => calendar.locator(`[role=gridcell][data-date="${day}"]`).last();

test('the agent’s day: agenda range → wizard with a new usager and her relative → RDV page « Honoré » → agenda', async ({
	page
}) => {
	const lastName = unique('Journee');
	const mother = `Inès ${lastName}`;
	const baby = `Léa ${lastName}`;

	// 1. Signed in, the agent lands on her agenda; the week of the last begun day whose lunch hour is still free
	// (a run before this one on the same database may have taken it: a press on an RDV would drag it instead).
	const orgBase = await signIn(page, AGENT_EMAIL);
	let calendar: Locator | undefined;
	let day = '';
	let range: { x: number; top: number; bottom: number } | undefined;
	const days = begunDays();
	for (let i = 0; i < 5 && !range; i++) {
		day = days.next().value!;
		calendar = await weekOf(page, orgBase, day);
		// From 12:30 to 13:15 (selection snaps to 5 min), in the middle of the screen: near an edge FullCalendar
		// would scroll while the pointer moves.
		await calendar
			.locator(`[data-time="${START}:00"]`)
			.last()
			.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		const startRow = await box(calendar.locator(`[data-time="${START}:00"]`).last());
		const endRow = await box(calendar.locator(`[data-time="${END_ROW}"]`).last());
		const column = await box(dayColumn(calendar, day));
		const wanted = { x: column.x + column.width / 2, top: startRow.y + 2, bottom: endRow.y + endRow.height * 0.4 };
		const events = dayColumn(calendar, day).locator('a[href*="/rdvs/"]');
		let free = true;
		for (const event of await events.all()) {
			const b = await box(event);
			if (b.y < endRow.y + endRow.height && b.y + b.height > startRow.y) free = false;
		}
		if (free) range = wanted;
	}
	if (!calendar || !range) throw new Error(`no free lunch hour of ${AGENT} on the last begun working days`);
	await expect(page.getByLabel('Agenda de').locator('option:checked')).toHaveText(/Sophie Delattre/);

	// 2. The range, selected with the mouse.
	await page.mouse.move(range.x, range.top);
	await page.mouse.down();
	await page.mouse.move(range.x, range.bottom, { steps: 8 });
	await page.mouse.up();

	// 3. The wizard, prefilled: the motif comes first, the range is kept.
	await expect(page).toHaveURL(new RegExp(`${orgBase}/rdvs/nouveau\\?`));
	await hydrated(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
	await expect(page.getByText(`Créneau choisi : le ${longDay(day)} à 12h30, 45 min, avec ${AGENT}.`)).toBeVisible();
	await page.getByLabel('Motif').selectOption({ label: MOTIF });
	await page.getByRole('button', { name: 'Continuer' }).click();

	const form = page.locator('form[method="POST"]');
	await expect(form.getByLabel('Jour', { exact: true })).toHaveValue(day);
	await expect(form.getByLabel('Heure de début')).toHaveValue(START);
	await expect(form.getByLabel('Durée (minutes)')).toHaveValue('45');
	await expect(form.getByLabel(/^Agents/).locator('option:checked')).toHaveText([AGENT]);
	await hydrated(page);

	// 4. A new usager, created inline, then her baby as her relative: both participants.
	await tick(form, 'Créer un usager');
	await form.getByLabel('Prénom').fill('Inès');
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByLabel(/^Téléphone/).fill(uniqueMobile());
	await form.getByRole('button', { name: 'Ajouter cet usager' }).click();
	await expect(form.getByText(`${mother} est créé(e) et ajouté(e) aux participants.`)).toBeVisible();

	await tick(form, 'Créer un usager');
	await expect(form.getByLabel('Prénom')).toHaveValue('');
	await form.getByLabel('Prénom').fill('Léa');
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByLabel(/^Proche de/).selectOption({ label: mother });
	await form.getByRole('button', { name: 'Ajouter cet usager' }).click();
	await expect(form.getByText(`proche de ${mother}`)).toBeVisible();
	await expect(form.getByRole('checkbox', { name: new RegExp(`^${mother}`) })).toBeChecked();
	await expect(form.getByRole('checkbox', { name: new RegExp(`^${baby}`) })).toBeChecked();
	// The range is still the one selected.
	await expect(form.getByLabel('Heure de début')).toHaveValue(START);
	await form.getByLabel(/^Adresse de la visite/).fill('3 rue des Lilas, 62000 Arras');

	// 5. Created: the time has begun, so the wizard asks first; the agent confirms.
	await form.getByRole('button', { name: 'Créer le RDV' }).click();
	const warning = form.getByRole('alert').filter({ hasText: 'À confirmer' });
	await expect(warning).toContainText('Le RDV commence dans le passé.');
	await expect(form.getByRole('checkbox', { name: new RegExp(`^${baby}`) })).toBeChecked();
	await tick(form, 'Créer quand même');
	await form.getByRole('button', { name: 'Créer le RDV' }).click();

	// 6. The RDV page: both participants, begun and not yet told what happened.
	await expect(page).toHaveURL(new RegExp(`${orgBase}/rdvs/[0-9a-f]{24}$`));
	const rdvPath = new URL(page.url()).pathname;
	await hydrated(page);
	await expect(page.getByTestId('rdv-status')).toHaveText('À renseigner');
	await expect(page.getByText(mother).first()).toBeVisible();
	await expect(page.getByText(baby).first()).toBeVisible();

	// 7. « Honoré », and the history says what and who (newest first; row 0 is the header).
	await tick(page.getByRole('group', { name: 'Nouveau statut' }), 'Honoré');
	await page.getByRole('button', { name: 'Enregistrer le statut' }).click();
	await expect(page.getByRole('status')).toHaveText('Statut du RDV : « Honoré ».');
	await expect(page.getByTestId('rdv-status')).toHaveText('Honoré');
	const latest = page.getByRole('table', { name: 'Historique des modifications' }).getByRole('row').nth(1);
	await expect(latest).toContainText('Statut : Honoré');
	await expect(latest).toContainText(AGENT);

	// 8. Back in the agenda: the RDV on its day at its time, styled and described as « Honoré ».
	calendar = await weekOf(page, orgBase, day);
	const event = dayColumn(calendar, day).locator(`a[href="${rdvPath}"]`);
	await expect(event).toHaveCount(1);
	await expect(event).toHaveClass(/rdv-status-seen/);
	const details = page.locator(`[id="${await event.getAttribute('aria-describedby')}"]`);
	await expect(details).toHaveText(new RegExp(`^12:30 – 13:15 · .*${lastName}.*statut : Honoré`));
});
