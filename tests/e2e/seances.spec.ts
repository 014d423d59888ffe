import { expect, test, type Page } from '@playwright/test';
import { addDays, hydrated, longDay, signIn, tick, unique, workingMonday } from './helpers';

const AGENT = 'Sophie Delattre'; // agent@demo.guichet.fr, PMI of MDS Arras
const MOTIF = 'Atelier massage bébé'; // collective, 90 min; the demo holds its sessions on Wednesdays at 14:00
const LIEU = 'MDS Arras – Centre';

/** On the join form of the session: checks its seats, adds a new usager, and waits for the agenda. */
async function addUsager(page: Page, seatsBefore: string, firstName: string) {
	await expect(page.getByRole('heading', { level: 1, name: 'Inscrire un usager à la séance' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: `${MOTIF} — Atelier du vendredi` })).toBeVisible();
	await expect(page.getByText(seatsBefore)).toBeVisible();
	await hydrated(page);
	await tick(page, 'Créer un usager');
	await page.getByLabel('Prénom').fill(firstName);
	await page.getByLabel('Nom', { exact: true }).fill(unique('Seance'));
	await page.getByRole('button', { name: 'Inscrire à la séance' }).click();
	await expect(page).toHaveURL(/\/agenda\?/);
	await expect(page.getByText('L’usager a été inscrit à la séance.')).toBeVisible();
}

test('a new collective session in Trouver un RDV, filled seat by seat until it is full', async ({ page }) => {
	// The Friday of a working week three weeks ahead or later: the demo gives this agent nothing on Fridays (nor
	// leave that week).
	const monday = workingMonday(3);
	const friday = addDays(monday, 4);
	await signIn(page, 'agent@demo.guichet.fr');

	await page.getByRole('link', { name: 'Trouver un RDV' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Trouver un RDV' })).toBeVisible();
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: `${MOTIF} (90 min)` });
	await page.getByLabel('À partir du').fill(monday);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await expect(
		page.getByRole('heading', {
			level: 2,
			name: `Séances — ${MOTIF} — du ${longDay(monday)} au ${longDay(addDays(monday, 6))}`
		})
	).toBeVisible();
	const searchUrl = page.url();
	const fridayColumn = page.getByRole('region', { name: longDay(friday) });
	// Nothing that Friday yet: its column says so, or the whole week is empty (the seeded Wednesday sessions
	// do not reach every week).
	await expect(
		fridayColumn.getByText('Aucune séance').or(page.getByText('Aucune séance cette semaine.'))
	).toBeVisible();

	// 1. A session on Friday at 14:00, two seats, no participant yet.
	await page.getByRole('link', { name: 'Créer une séance' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle séance' })).toBeVisible();
	await hydrated(page);
	// No participant yet: a session may start empty.
	await expect(page.getByLabel('Créer un usager')).not.toBeChecked();
	await page.getByLabel(/^Titre/).fill('Atelier du vendredi');
	await page.getByLabel('Jour', { exact: true }).fill(friday);
	await page.getByLabel('Heure de début').fill('14:00');
	await page.getByLabel('Lieu').selectOption({ label: `${LIEU} — 8 place du Théâtre, 62000 Arras` });
	await expect(page.getByLabel(/^Agents/).locator('option:checked')).toHaveText([AGENT]);
	await page.getByLabel(/^Nombre maximum de participants/).fill('2');
	await expect(page.getByLabel('Durée (minutes)')).toHaveValue('90');
	await page.getByRole('button', { name: 'Créer la séance' }).click();
	await expect(page).toHaveURL(new RegExp(`/agenda\\?.*date=${friday}`));
	await expect(page.getByText('La séance a été créée.')).toBeVisible();

	// 2. It is in the week's grid with its two seats; an usager joins it.
	const session = (seats: string) => fridayColumn.getByRole('link', { name: `14h00 ${AGENT} ${LIEU} ${seats}` });
	await page.goto(searchUrl);
	await expect(session('2 places restantes')).toBeVisible();
	await expect(session('2 places restantes')).toContainText('2 places restantes');
	await session('2 places restantes').click();
	await addUsager(page, '0 participant inscrit — 2 places restantes', 'Lucie');

	// 3. One seat left; a second usager takes it.
	await page.goto(searchUrl);
	await expect(session('2 places restantes')).toHaveCount(0);
	await expect(session('1 place restante')).toContainText('1 place restante');
	await session('1 place restante').click();
	await addUsager(page, '1 participant inscrit — 1 place restante', 'Hugo');

	// 4. Full: still shown, as a disabled button, and no longer a link to join.
	await page.goto(searchUrl);
	const full = fridayColumn.getByRole('button', { name: `14h00 ${AGENT} ${LIEU} Complet` });
	await expect(full).toBeDisabled();
	await expect(full).toContainText('Complet');
	await expect(fridayColumn.getByRole('link')).toHaveCount(0);
});

test('the sessions list: a new session, full at its one seat, duplicated a week later, « avec places restantes »', async ({
	page
}) => {
	const orgBase = await signIn(page, 'agent@demo.guichet.fr');
	// A Thursday evening weeks ahead: the demo's sessions are on Wednesdays, its RDVs in office hours.
	const thursday = addDays(workingMonday(9), 3);
	const nextThursday = addDays(thursday, 7);
	const title = unique('Atelier du jeudi');
	const rows = () => page.getByRole('row').filter({ hasText: title });

	// 1. « Nouvelle séance »: the wizard, motif first, then the session with one seat and one participant.
	await page.goto(`${orgBase}/seances`);
	await expect(page.getByRole('heading', { level: 1, name: 'Séances collectives' })).toBeVisible();
	await page.getByRole('link', { name: 'Nouvelle séance' }).click();
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: `${MOTIF} (90 min) — PMI` });
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle séance' })).toBeVisible();
	await hydrated(page);
	await page.getByLabel(/^Titre/).fill(title);
	await page.getByLabel('Jour', { exact: true }).fill(thursday);
	await page.getByLabel('Heure de début').fill('18:00');
	await page.getByLabel('Lieu').selectOption({ label: `${LIEU} — 8 place du Théâtre, 62000 Arras` });
	await page.getByLabel(/^Nombre maximum de participants/).fill('1');
	await tick(page, 'Créer un usager');
	await page.getByLabel('Prénom').fill('Nina');
	await page.getByLabel('Nom', { exact: true }).fill(unique('Seance'));
	await page.getByRole('button', { name: 'Créer la séance' }).click();
	await expect(page).toHaveURL(new RegExp(`${orgBase}/rdvs/[0-9a-f]{24}$`));

	// 2. In the list, from that day, for that motif: full.
	await page.goto(`${orgBase}/seances`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: `${MOTIF} — PMI` });
	await page.getByLabel('À partir du').fill(thursday);
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(rows()).toHaveCount(1);
	await expect(rows()).toContainText('Complet (1/1)');
	await expect(rows()).toContainText(LIEU);
	await expect(rows()).toContainText(AGENT);

	// 3. Duplicated a week later (the default), without its participant.
	await rows()
		.getByRole('link', { name: /^Dupliquer/ })
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dupliquer une séance' })).toBeVisible();
	await hydrated(page);
	await expect(page.getByLabel('Jour', { exact: true })).toHaveValue(nextThursday);
	await expect(page.getByLabel('Heure de début')).toHaveValue('18:00');
	await page.getByRole('button', { name: 'Dupliquer la séance' }).click();
	await expect(page.getByText('La séance a été dupliquée.')).toBeVisible();
	await expect(rows()).toHaveCount(1);
	await expect(rows()).toContainText('0/1');

	// 4. From the first Thursday: both; with seats left only: the copy.
	await page.getByLabel('À partir du').fill(thursday);
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(rows()).toHaveCount(2);
	await tick(page, 'Avec places restantes');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(rows()).toHaveCount(1);
	await expect(rows()).toContainText('0/1');
	await expect(rows()).not.toContainText('Complet');
});
