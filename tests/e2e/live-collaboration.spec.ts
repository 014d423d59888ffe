/**
 * Issue 17's « Done when », as one journey: two agents of the PMI of MDS Arras in two browser contexts. Sophie
 * (A) creates an RDV today through the wizard, drags it an hour earlier in her week view, then cancels it; Marion
 * (B) has Sophie's week open and sees each change within one second, without reloading, with Sophie's name; the
 * edit form Marion opened before the move is refused on save, naming Sophie; the admin's « Aujourd'hui » board
 * counts the RDV, then its cancellation, live. An agent of another organisation (MDS Lens), connected with a real
 * socket.io-client and her real session cookie, receives nothing about it, while Marion's socket, opened the same
 * way, gets every change (so the absence is not the harness's).
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/domain/realtime.ts';
import { createHomeVisit, hydrated, signIn, today, unique } from './helpers';

const SOPHIE_EMAIL = 'agent@demo.guichet.fr';
const SOPHIE = 'Sophie Delattre';
const MARION_EMAIL = 'sage-femme@demo.guichet.fr';
const ADMIN_EMAIL = 'admin@demo.guichet.fr';
const LENS_EMAIL = 'agent.lens@demo.guichet.fr';
const BASE_URL = 'http://localhost:4173';
/** The promise: each change shows on the other agent's screen within one second. */
const LIVE = { timeout: 1_000 };
/**
 * Sophie's lunch break is free every day in the demo (plages until 12:00, from 14:00); another journey may book
 * 12:30 today, so the RDV starts at 13:15 and is dragged to 12:15 (warnings, if any, are confirmed).
 */
const START = '13:15';
const MOVED = '12:15';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function agentPage(browser: Browser, email: string): Promise<{ page: Page; orgBase: string }> {
	const page = await (await browser.newContext()).newPage();
	const orgBase = await signIn(page, email);
	return { page, orgBase };
}

/** A socket.io-client socket with the agent's session cookie (as the browser's), logging every event it gets. */
async function agentSocket(page: Page): Promise<{ socket: Client; received: { event: string; payload: unknown }[] }> {
	const session = (await page.context().cookies()).find((c) => c.name === 'guichet_session');
	if (!session) throw new Error('no session cookie');
	const socket: Client = connectClient(BASE_URL, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { cookie: `${session.name}=${session.value}` }
	});
	const received: { event: string; payload: unknown }[] = [];
	socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return { socket, received };
}

/** The agenda's week view on the week of `day`. */
async function weekOf(page: Page, orgBase: string, day: string): Promise<Locator> {
	await page.goto(`${orgBase}/agenda?date=${day}`);
	await hydrated(page);
	const calendar = page.getByTestId('agenda-calendar');
	await expect(calendar).toHaveAttribute('data-state', /^(ready|empty)$/);
	const week = calendar.getByRole('tab', { name: 'Semaine' });
	if ((await week.getAttribute('aria-selected')) !== 'true') await week.click();
	await expect(week).toHaveAttribute('aria-selected', 'true');
	// On a Saturday the day must be shown (the week view hides Saturdays unless asked).
	const saturday = page.locator('#agenda-saturday');
	if (new Date(`${day}T12:00:00Z`).getUTCDay() === 6 && !(await saturday.isChecked()))
		await page.locator('label[for="agenda-saturday"]').click();
	return calendar;
}

/** The body cell of a day in a time grid (the header has one too: the body's is the tall one). */
const dayColumn = (calendar: Locator, day: string) => calendar.locator(`[role=gridcell][data-date="${day}"]`).last();

async function box(locator: Locator) {
	const b = await locator.boundingBox();
	if (!b) throw new Error('not displayed');
	return b;
}

/** What a screen reader gets for an event: « 13:15 – 13:45 · Motif · Usager · … ». */
const detailsOf = async (page: Page, event: Locator) =>
	page.locator(`[id="${await event.getAttribute('aria-describedby')}"]`);

test('two agents on one planning: create, drag and cancel show live on the other’s week with who did it; a stale edit is refused; the board counts; another organisation hears nothing', async ({
	browser
}) => {
	const day = today();
	// The week view shows Sundays only when they hold something: the colleague's view, opened before the RDV
	// exists, would have no column for it.
	test.skip(new Date(`${day}T12:00:00Z`).getUTCDay() === 0, 'the week view has no Sunday column until one is used');
	const lastName = unique('Direct');

	// 1. The three screens: Sophie, Marion on Sophie's week, the admin on the board.
	const a = await agentPage(browser, SOPHIE_EMAIL);
	const b = await agentPage(browser, MARION_EMAIL);
	const admin = await agentPage(browser, ADMIN_EMAIL);
	const lens = await agentPage(browser, LENS_EMAIL);
	const orgId = a.orgBase.split('/').at(-1)!;
	expect(b.orgBase).toBe(a.orgBase);

	const watcher = await weekOf(b.page, b.orgBase, day);
	await b.page.getByLabel('Agenda de').selectOption({ label: SOPHIE });
	await expect(watcher).toHaveAttribute('data-state', /^(ready|empty)$/);
	const announcement = b.page.getByTestId('agenda-live');
	// A mark in the page: still there at the end, so nothing reloaded it.
	await b.page.evaluate(() => Object.assign(window, { liveMark: 'same page' }));

	await admin.page.goto(`${admin.orgBase}/aujourdhui`);
	await hydrated(admin.page);
	const total = admin.page.getByRole('heading', { level: 2, name: /^RDV du jour \(\d+\)$/ });
	const count = async (locator: Locator) => Number(((await locator.textContent()) ?? '').match(/\d+/)![0]);
	const totalBefore = await count(total);
	const revokedBefore = await count(admin.page.getByTestId('counter-revoked'));

	// Sockets at the protocol level: Marion's (the control) and an agent of MDS Lens, same territory.
	const marionSocket = await agentSocket(b.page);
	expect(await marionSocket.socket.timeout(5000).emitWithAck('planning:join', orgId)).toEqual({ ok: true });
	const lensSocket = await agentSocket(lens.page);
	const lensOrgId = lens.orgBase.split('/').at(-1)!;
	expect(await lensSocket.socket.timeout(5000).emitWithAck('planning:join', lensOrgId)).toEqual({ ok: true });
	// She may not follow MDS Arras's planning nor its board.
	expect(await lensSocket.socket.timeout(5000).emitWithAck('planning:join', orgId)).toEqual({
		ok: false,
		error: 'forbidden'
	});
	expect(await lensSocket.socket.timeout(5000).emitWithAck('board:join', orgId)).toEqual({
		ok: false,
		error: 'forbidden'
	});

	// 2. Sophie creates an RDV today at 13:15 through the wizard (as a range selected in her agenda opens it).
	const { rdvPath, agentId: sophieId } = await createHomeVisit(a.page, a.orgBase, {
		day,
		start: START,
		firstName: 'Inès',
		lastName
	});
	const rdvId = rdvPath.split('/').at(-1)!;

	// Marion's week shows it within a second, saying who made it; the board counts it.
	const event = dayColumn(watcher, day).locator(`a[href="${rdvPath}"]`);
	await expect(event).toHaveCount(1, LIVE);
	await expect(announcement).toContainText(`créé par ${SOPHIE}`, LIVE);
	await expect(await detailsOf(b.page, event)).toHaveText(new RegExp(`^${START} – 13:45`));
	await expect(total).toHaveText(`RDV du jour (${totalBefore + 1})`, { timeout: 3_000 });

	// 3. Marion opens its edit form (in another tab) before Sophie moves it.
	const form2 = await b.page.context().newPage();
	await form2.goto(`${rdvPath}/modifier`);
	await hydrated(form2);
	await expect(form2.getByRole('heading', { level: 1 })).toHaveText(/^Modifier le RDV/);
	await b.page.bringToFront();

	// 4. Sophie drags it an hour earlier in her week view.
	const mine = await weekOf(a.page, a.orgBase, day);
	const rdv = dayColumn(mine, day).locator(`a[href="${rdvPath}"]`);
	await rdv.evaluate((el) => el.scrollIntoView({ block: 'center' }));
	const hour = (await box(mine.locator('[data-time="13:00:00"]').last())).y;
	const hourBefore = (await box(mine.locator('[data-time="12:00:00"]').last())).y;
	const grab = await box(rdv);
	await a.page.mouse.move(grab.x + grab.width / 2, grab.y + 6);
	await a.page.mouse.down();
	await a.page.mouse.move(grab.x + grab.width / 2, grab.y + 6 - (hour - hourBefore), { steps: 12 });
	await a.page.mouse.up();
	const dialog = a.page.getByRole('dialog', { name: 'Déplacer le RDV ?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Déplacer' }).click();
	const confirmMove = dialog.getByRole('button', { name: 'Confirmer malgré les avertissements' });
	await expect(a.page.getByText('Le RDV a été déplacé.').or(confirmMove)).toBeVisible();
	if (await confirmMove.isVisible()) await confirmMove.click();
	await expect(a.page.getByText('Le RDV a été déplacé.')).toBeVisible();

	// Marion's week follows within a second, with Sophie's name.
	await expect(announcement).toContainText(`modifié par ${SOPHIE}`, LIVE);
	await expect(await detailsOf(b.page, event)).toHaveText(new RegExp(`^${MOVED} – 12:45`), LIVE);

	// 5. Marion's form, opened before the move, is refused on save with Sophie's name; nothing is overwritten.
	await form2.getByLabel(/^Note de contexte/).fill('Apporter le carnet de santé.');
	await form2.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(form2.getByRole('alert').filter({ hasText: 'entre-temps' })).toContainText(
		`Ce RDV a été modifié entre-temps par ${SOPHIE}`
	);
	await form2.close();

	// 6. Sophie cancels it from its page.
	await a.page.goto(rdvPath);
	await hydrated(a.page);
	await a.page.getByRole('button', { name: 'Annulé par le service' }).click();
	const cancel = a.page.getByRole('dialog', { name: 'Annuler ce RDV au nom du service ?' });
	await cancel.getByRole('button', { name: 'Annuler le RDV' }).click();
	await expect(a.page.getByText('RDV annulé (annulé par le service).')).toBeVisible();

	// Gone from Marion's week (cancelled RDVs are hidden there) within a second, with Sophie's name; counted on
	// the board.
	await expect(event).toHaveCount(0, LIVE);
	await expect(announcement).toContainText(`annulé par ${SOPHIE}`, LIVE);
	await expect(admin.page.getByTestId('counter-revoked')).toHaveText(String(revokedBefore + 1), { timeout: 3_000 });
	expect(await b.page.evaluate(() => (window as unknown as { liveMark?: string }).liveMark)).toBe('same page');

	// 7. At the socket level: Marion's socket got the three changes with the card and Sophie as the actor; the
	// agent of MDS Lens got nothing about them — no id, no name, not even a sequence number of MDS Arras.
	const changes = marionSocket.received
		.filter((r) => r.event === 'rdv.changed')
		.map((r) => r.payload as { audience: string; rdvId?: string; change?: string; actor?: { id: string } })
		.filter((m) => m.rdvId === rdvId);
	expect(changes.map((m) => [m.audience, m.change, m.actor?.id])).toEqual([
		['full', 'created', sophieId],
		['full', 'updated', sophieId],
		['full', 'cancelled', sophieId]
	]);
	const heard = JSON.stringify(lensSocket.received);
	expect(heard).not.toContain(orgId);
	expect(heard).not.toContain(rdvId);
	expect(heard).not.toContain(lastName);
	expect(lensSocket.socket.connected).toBe(true);
	marionSocket.socket.disconnect();
	lensSocket.socket.disconnect();
});
