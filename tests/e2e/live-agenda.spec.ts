/**
 * The live agenda, in two browsers: an agent's week view open in one follows the moves another agent of the
 * organisation makes, in place — within a second, without reload and without reading the feed again — with a
 * highlight and who made the change; the connection badge says when the live connection is down, and the view
 * catches up when it is back.
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { addDays, hydrated, signIn, workingMonday } from './helpers';

const MOVER = 'agent@demo.guichet.fr';
const MOVER_NAME = 'Sophie Delattre';
/** Same service (PMI) as the mover: she may see her agenda and its RDVs. */
const WATCHER = 'sage-femme@demo.guichet.fr';
/** Sees every agenda of the organisation. */
const ADMIN = 'admin@demo.guichet.fr';

interface FeedEventShape {
	id: string;
	start: string;
	end: string;
	editable?: boolean;
	className: string;
	extendedProps: { kind: string; version?: number; durationMinutes?: number };
}

async function signedIn(browser: Browser, email: string) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const orgBase = await signIn(page, email);
	return { context, page, orgBase };
}

async function openAgenda(page: Page, url: string) {
	await page.goto(url);
	await hydrated(page);
	const calendar = page.getByTestId('agenda-calendar');
	await expect(calendar).toHaveAttribute('data-state', /^(ready|empty)$/);
	return calendar;
}

const dayColumn = (scope: Locator, day: string) => scope.locator(`[role=gridcell][data-date="${day}"]`).last();
const parisDay = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

/** The agent's RDV events of the week of `monday`, as the agenda's feed gives them. */
async function weekFeed(who: { page: Page; orgBase: string }, agentId: string, monday: string) {
	const query = new URLSearchParams({
		start: `${monday}T00:00:00Z`,
		end: `${addDays(monday, 7)}T00:00:00Z`,
		agentIds: agentId
	});
	const feed = await who.page.evaluate(
		async (url) => (await fetch(url)).json(),
		`${who.orgBase}/agenda/events?${query}`
	);
	return (feed.events as FeedEventShape[]).filter(
		(e) => e.extendedProps.kind !== 'plage' && !e.className.includes('agenda-background')
	);
}

/**
 * An individual RDV of the agent, still to come, from Monday to Wednesday, whose time is free on each of the days
 * it will be moved to (`shifts`, in days): the moves then need no other choice than confirming warnings.
 */
async function movableRdv(who: { page: Page; orgBase: string }, agentId: string, monday: string, shifts: number[]) {
	const events = await weekFeed(who, agentId, monday);
	const busy = events.filter((e) => !('display' in e));
	const day = 86_400_000;
	const rdv = events.find(
		(e) =>
			e.extendedProps.kind === 'rdv' &&
			e.editable &&
			e.className.includes('rdv-status-unknown') &&
			!e.className.includes('rdv-collective') &&
			parisDay(e.start) <= addDays(monday, 2) &&
			shifts.every((n) =>
				busy.every(
					(other) =>
						other.id === e.id ||
						Date.parse(other.start) >= Date.parse(e.end) + n * day ||
						Date.parse(other.end) <= Date.parse(e.start) + n * day
				)
			)
	);
	if (!rdv) throw new Error(`no RDV to move in the week of ${monday}`);
	return rdv;
}

/** Moves an RDV by whole days through the agenda's move endpoint, from the mover's signed-in page. */
async function moveByDays(page: Page, orgBase: string, rdv: FeedEventShape, version: number, days: number) {
	const startsAt = new Date(Date.parse(rdv.start) + days * 86_400_000).toISOString();
	const result = await page.evaluate(
		async ({ url, body }) => {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(body)
			});
			return { status: response.status, body: (await response.json()) as { rdv?: { version: number } } };
		},
		{
			url: `${orgBase}/agenda/rdvs/${rdv.id}/deplacer`,
			body: { startsAt, durationMinutes: rdv.extendedProps.durationMinutes, version, confirm: true }
		}
	);
	expect(result.status, JSON.stringify(result.body)).toBe(200);
	return { startsAt, version: result.body.rdv!.version };
}

test('a move made by one agent shows in another’s open week at once, with who made it; the badge follows the connection', async ({
	browser
}) => {
	const mover = await signedIn(browser, MOVER);
	const watcher = await signedIn(browser, WATCHER);
	const moverId = await mover.page.getByLabel('Agenda de').inputValue();
	const monday = workingMonday(3);

	// One of the mover's RDVs of that week, from Monday to Wednesday, free to move one, then two days on.
	const rdv = await movableRdv(mover, moverId, monday, [1, 2]);
	const from = parisDay(rdv.start);
	const link = `a[href$="/rdvs/${rdv.id}"]`;

	// The watcher has the mover's agenda open on that week.
	const calendar = await openAgenda(watcher.page, `${watcher.orgBase}/agenda?date=${monday}&agent=${moverId}`);
	await expect(dayColumn(calendar, from).locator(link)).toHaveCount(1);
	const badge = watcher.page.getByTestId('live-badge');
	await expect(badge).toHaveText('En direct');
	const feedReads: string[] = [];
	watcher.page.on('request', (request) => {
		if (new URL(request.url()).pathname.endsWith('/agenda/events')) feedReads.push(request.url());
	});

	// Moved one day on: the watcher's week shows it there within a second, highlighted, with the mover's name.
	const moved = await moveByDays(mover.page, mover.orgBase, rdv, rdv.extendedProps.version!, 1);
	const event = dayColumn(calendar, addDays(from, 1)).locator(link);
	await expect(event).toHaveCount(1, { timeout: 1000 });
	await expect(dayColumn(calendar, from).locator(link)).toHaveCount(0);
	await expect(watcher.page.getByTestId('agenda-live')).toContainText(`RDV modifié par ${MOVER_NAME}`);
	await expect(event).toHaveClass(/agenda-live-changed/);
	const describedBy = (await event.getAttribute('aria-describedby'))!;
	await expect(watcher.page.locator(`[id="${describedBy}"]`)).toContainText(`Modifié par ${MOVER_NAME} à`);
	await event.focus();
	await expect(watcher.page.getByRole('tooltip')).toContainText(`Modifié par ${MOVER_NAME}`);
	// The highlight lasts a few seconds.
	await expect(event).not.toHaveClass(/agenda-live-changed/, { timeout: 6000 });
	expect(feedReads, 'the change came pushed, not read again').toEqual([]);

	// The watcher's connection drops: the badge says so; a move made meanwhile shows once it is back.
	await watcher.context.setOffline(true);
	await expect(badge).toContainText('Connexion interrompue — les changements s’afficheront au retour');
	// The badge above says the watcher's socket is closed: nothing can arrive until it is back, no wait needed.
	await moveByDays(mover.page, mover.orgBase, { ...rdv, start: moved.startsAt }, moved.version, 1);
	await expect(dayColumn(calendar, addDays(from, 1)).locator(link)).toHaveCount(1);
	await watcher.context.setOffline(false);
	await expect(badge).toHaveText('Reconnecté');
	await expect(dayColumn(calendar, addDays(from, 2)).locator(link)).toHaveCount(1);
	await expect(dayColumn(calendar, addDays(from, 1)).locator(link)).toHaveCount(0);
	// Caught up by reading the shown week again (what was missed is not known otherwise).
	expect(feedReads.length).toBeGreaterThan(0);
	await expect(badge).toHaveText('En direct', { timeout: 10_000 });

	// Cancelled from its page: it leaves the watcher's week (cancelled RDVs are hidden there), pushed too.
	const reads = feedReads.length;
	await mover.page.goto(`${mover.orgBase}/rdvs/${rdv.id}`);
	await hydrated(mover.page);
	await mover.page.getByRole('button', { name: 'Annulé par le service' }).click();
	const cancel = mover.page.getByRole('dialog', { name: 'Annuler ce RDV au nom du service ?' });
	await cancel.getByRole('button', { name: 'Annuler le RDV' }).click();
	await expect(mover.page.getByText('RDV annulé (annulé par le service).')).toBeVisible();
	await expect(dayColumn(calendar, addDays(from, 2)).locator(link)).toHaveCount(0, { timeout: 1000 });
	await expect(watcher.page.getByTestId('agenda-live')).toContainText(`RDV annulé par ${MOVER_NAME}`);
	expect(feedReads.length).toBe(reads);

	await mover.context.close();
	await watcher.context.close();
});

test('the multi-agent day view: the moved RDV appears in its agent’s column only, in place', async ({ browser }) => {
	const mover = await signedIn(browser, MOVER);
	const watcher = await signedIn(browser, ADMIN);
	const moverId = await mover.page.getByLabel('Agenda de').inputValue();
	const monday = workingMonday(1);
	const rdv = await movableRdv(mover, moverId, monday, [1]);
	const to = addDays(parisDay(rdv.start), 1);
	const link = `a[href$="/rdvs/${rdv.id}"]`;

	// The admin shows the mover's agenda with a colleague's beside it, as columns of the day it moves to.
	const calendar = await openAgenda(watcher.page, `${watcher.orgBase}/agenda?date=${to}&agent=${moverId}`);
	await watcher.page.getByTestId('agenda-picker').click();
	const others = watcher.page.getByRole('group', { name: 'Afficher aussi les agendas de' });
	const colleague = (await others.locator('label').first().textContent())!.trim();
	await others.getByText(colleague, { exact: true }).click();
	await calendar.getByRole('tab', { name: 'Jour' }).click();
	const columns = watcher.page.getByTestId('agenda-column');
	await expect(columns).toHaveCount(2);
	await expect(columns.nth(0)).toHaveAttribute('data-agent-id', moverId);
	await expect(columns.nth(1).locator('[role=gridcell][data-date]').last()).toBeVisible();
	await expect(columns.nth(0).locator(link)).toHaveCount(0);
	const feedReads: string[] = [];
	watcher.page.on('request', (request) => {
		if (new URL(request.url()).pathname.endsWith('/agenda/events')) feedReads.push(request.url());
	});

	await moveByDays(mover.page, mover.orgBase, rdv, rdv.extendedProps.version!, 1);
	await expect(columns.nth(0).locator(link)).toHaveCount(1, { timeout: 1000 });
	await expect(columns.nth(1).locator(link)).toHaveCount(0);
	await expect(watcher.page.getByTestId('agenda-live')).toContainText(`RDV modifié par ${MOVER_NAME}`);
	expect(feedReads).toEqual([]);

	await mover.context.close();
	await watcher.context.close();
});
