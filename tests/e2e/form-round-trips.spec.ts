/**
 * Every form keeps every value the agent typed when the server sends it back, with field errors or with warnings
 * to confirm, and then saves once corrected or confirmed. Each journey compares what the form would post before
 * and after the round trip (`postedFields`), so a select, a radio or a box that falls back to its first choice
 * fails it, whatever the field.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
	addDays,
	bookFirstSlot,
	clock,
	hydrated,
	longDay,
	postedFields,
	shownOption,
	signIn,
	tick,
	unique,
	workingMonday,
	uniqueMobile
} from './helpers';

const ADMIN = 'admin@demo.guichet.fr'; // Julien Lefebvre, admin of MDS Arras (Service social)
const AGENT = 'Julien Lefebvre'; // his own plages: Monday and Wednesday mornings (« Accueil social »), Thursday afternoon
const CENTRE = 'MDS Arras – Centre — 8 place du Théâtre, 62000 Arras';
const ANTENNE = 'Antenne de Saint-Nicolas — 3 rue Émile Zola, 62223 Saint-Nicolas';

/**
 * Submits `form` with `button`, waits for the action's answer to be shown (`outcome`), and checks that the form
 * would post the same again. The outcome may already be on the page (the same refusal twice): the answer itself
 * is awaited, then a frame, since SvelteKit renders it in two steps.
 */
async function roundTrip(form: Locator, button: string, outcome: Locator) {
	const page = form.page();
	const before = await postedFields(form);
	const answered = page.waitForResponse((response) => response.request().method() === 'POST');
	await form.getByRole('button', { name: button, exact: true }).click();
	await answered;
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
	await expect(outcome).toBeVisible();
	expect(await postedFields(form)).toEqual(before);
}

const warningOf = (scope: Page | Locator, text: string | RegExp) => scope.getByRole('alert').filter({ hasText: text });

test('plage: new (error, then overlap warning), whole series and one occurrence keep every field', async ({ page }) => {
	const orgBase = await signIn(page, ADMIN);
	const monday = workingMonday(6);
	const until = addDays(monday, 56);

	// 1. New plage, every field filled but the title: refused, everything else still there.
	await page.goto(`${orgBase}/plages/nouvelle`);
	await hydrated(page);
	const form = page.locator('form').filter({ has: page.getByLabel(/^Titre/) });
	await form.getByLabel('Agent', { exact: true }).selectOption({ label: AGENT });
	await form.getByLabel(/^Lieu/).selectOption({ label: CENTRE });
	const motifs = form.getByRole('group', { name: 'Motifs' });
	await tick(motifs, /Premier accueil social/);
	await tick(motifs, /Suivi d’accompagnement/);
	await form.getByLabel('Premier jour', { exact: true }).fill(monday);
	await form.getByLabel('Heure de début', { exact: true }).fill('09:30');
	await form.getByLabel('Heure de fin', { exact: true }).fill('11:30');
	await tick(form, 'Répéter');
	await tick(form, /^Lundi$/);
	await tick(form, /^Mercredi$/);
	await form.getByLabel('Toutes les … semaines').selectOption('2');
	await form.getByLabel('Date de fin (facultative)').fill(until);
	await roundTrip(form, 'Enregistrer', form.getByText('Le titre est obligatoire.'));
	await expect(shownOption(form.getByLabel(/^Lieu/))).toHaveText(CENTRE);

	// 2. With a title: it overlaps his Monday morning plage. The warning keeps every field, the lieu included.
	const title = unique('Permanence');
	await form.getByLabel(/^Titre/).fill(title);
	await roundTrip(form, 'Enregistrer', warningOf(form, 'Chevauchement'));
	await expect(shownOption(form.getByLabel(/^Lieu/))).toHaveText(CENTRE);
	await expect(shownOption(form.getByLabel('Agent', { exact: true }))).toHaveText(AGENT);
	await expect(form.getByLabel('Toutes les … semaines')).toHaveValue('2');
	await tick(form, 'Enregistrer malgré l’avertissement');
	await form.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('La plage d’ouverture est créée.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const firstRow = page
		.getByRole('table', { name: /prochaines occurrences/i })
		.getByRole('row', { name: new RegExp(longDay(monday)) });
	await expect(firstRow).toContainText('09:30 – 11:30');
	await expect(firstRow).toContainText('MDS Arras – Centre');

	// 3. The whole series: another lieu, title, motifs and times; still overlapping, so a warning first.
	await hydrated(page);
	const series = page.getByRole('region', { name: 'Modifier toute la série' }).locator('form');
	await series.getByLabel(/^Titre/).fill(`${title} modifiée`);
	await series.getByLabel(/^Lieu/).selectOption({ label: ANTENNE });
	await series.locator('label', { hasText: 'Suivi d’accompagnement' }).click();
	await series.getByLabel('Heure de début', { exact: true }).fill('09:00');
	await series.getByLabel('Heure de fin', { exact: true }).fill('11:00');
	await series.getByLabel('Toutes les … semaines').selectOption('1');
	await roundTrip(series, 'Enregistrer', warningOf(series, 'Chevauchement'));
	await expect(shownOption(series.getByLabel(/^Lieu/))).toHaveText(ANTENNE);
	await tick(series, 'Enregistrer malgré l’avertissement');
	await series.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('La plage d’ouverture est enregistrée.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1, name: `${title} modifiée` })).toBeVisible();
	await expect(firstRow).toContainText('09:00 – 11:00');
	await expect(firstRow).toContainText('Antenne de Saint-Nicolas');
	await expect(shownOption(series.getByLabel(/^Lieu/))).toHaveText(ANTENNE);

	// 4. One occurrence: an end before its start is refused, then the overlap asks to confirm; the lieu stays.
	await firstRow.getByRole('link', { name: `Modifier cette occurrence (${longDay(monday)})`, exact: true }).click();
	const occurrence = page.getByRole('region', { name: `Modifier cette occurrence — ${longDay(monday)}` });
	await expect(occurrence).toBeVisible();
	await hydrated(page);
	const occurrenceForm = occurrence.locator('form').first();
	await occurrenceForm.getByLabel('Heure de début').fill('11:00');
	await occurrenceForm.getByLabel('Heure de fin').fill('10:00');
	await occurrenceForm.getByLabel('Lieu').selectOption({ label: 'MDS Arras – Centre' });
	await roundTrip(occurrenceForm, 'Enregistrer', occurrenceForm.locator('[aria-invalid="true"]').first());
	await expect(shownOption(occurrenceForm.getByLabel('Lieu'))).toHaveText('MDS Arras – Centre');
	await occurrenceForm.getByLabel('Heure de début').fill('10:00');
	await occurrenceForm.getByLabel('Heure de fin').fill('11:30');
	await roundTrip(occurrenceForm, 'Enregistrer', warningOf(occurrenceForm, 'Chevauchement'));
	await expect(shownOption(occurrenceForm.getByLabel('Lieu'))).toHaveText('MDS Arras – Centre');
	await tick(occurrenceForm, 'Enregistrer malgré l’avertissement');
	await occurrenceForm.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('L’occurrence est modifiée.')).toBeVisible();
	await expect(firstRow).toContainText('10:00 – 11:30');
	await expect(firstRow).toContainText('MDS Arras – Centre');

	// Leave the demo as it was.
	await page.getByRole('button', { name: 'Supprimer la plage' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();
	await expect(page).toHaveURL(/\/plages(\?|$)/);
});

test('indisponibilité: new (errors, every kind) and edit (error, then an RDV to confirm) keep every field', async ({
	page
}) => {
	const agent = 'Sophie Delattre'; // agent@demo.guichet.fr, PMI, mornings at MDS Arras – Centre
	const orgBase = await signIn(page, 'agent@demo.guichet.fr');
	const { day, start } = await bookFirstSlot(page, {
		agent,
		motif: 'Consultation PMI nourrisson',
		lieu: 'MDS Arras – Centre',
		monday: workingMonday(8)
	});

	// 1. New, repeating, without a title and ending before it starts: refused, every field kept.
	await page.goto(`${orgBase}/indisponibilites/nouvelle`);
	await hydrated(page);
	const form = page.locator('form').filter({ has: page.getByLabel(/^Titre/) });
	await form.locator('label', { hasText: 'Un jour qui se répète' }).click();
	await form.getByLabel('Jour', { exact: true }).fill(addDays(day, 1));
	await form.getByLabel('Heure de début').fill('14:00');
	await form.getByLabel('Heure de fin').fill('13:00');
	await tick(form, /^Mardi$/);
	await tick(form, /^Jeudi$/);
	await form.getByLabel('Toutes les … semaines').selectOption('3');
	await form.getByLabel('Date de fin (facultative)').fill(addDays(day, 60));
	await roundTrip(form, 'Enregistrer', form.getByText('Le titre est obligatoire.'));
	await expect(form.getByLabel('Un jour qui se répète')).toBeChecked();
	await expect(form.getByLabel('Toutes les … semaines')).toHaveValue('3');

	// 2. Several days, the last one missing: refused, the kind and the days kept.
	const title = unique('Réunion');
	await form.getByLabel(/^Titre/).fill(title);
	await form.locator('label', { hasText: 'Plusieurs jours' }).click();
	await form.getByLabel('Premier jour').fill(addDays(day, 1));
	await form.getByLabel('Heure de début').fill('14:00');
	await form.getByLabel('Heure de fin').fill('15:00');
	await roundTrip(form, 'Enregistrer', form.getByText('Indiquez le dernier jour (JJ/MM/AAAA).'));
	await expect(form.getByLabel('Plusieurs jours')).toBeChecked();

	// 3. One day, before the RDV: saved without a question.
	await form.locator('label', { hasText: /^Un jour$/ }).click();
	await form.getByLabel('Jour', { exact: true }).fill(day);
	await form.getByLabel('Heure de début').fill('07:00');
	await form.getByLabel('Heure de fin').fill(start);
	await form.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page).toHaveURL(/\/indisponibilites$/);

	// 4. Edited: an end before the start is refused; then running over the RDV asks to confirm.
	await page.getByRole('link', { name: title, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Modifier l’indisponibilité' })).toBeVisible();
	await hydrated(page);
	const edit = page.locator('form').filter({ has: page.getByLabel(/^Titre/) });
	await edit.getByLabel(/^Titre/).fill(`${title} prolongée`);
	await edit.getByLabel('Heure de début').fill('10:00');
	await edit.getByLabel('Heure de fin').fill('08:00');
	await roundTrip(edit, 'Enregistrer', edit.locator('[aria-invalid="true"]').first());
	await edit.getByLabel('Heure de début').fill('07:00');
	await edit.getByLabel('Heure de fin').fill(clock(start.replace(':', 'h'), 30));
	await roundTrip(edit, 'Enregistrer', warningOf(edit, 'Cette indisponibilité chevauche 1 RDV'));
	await tick(edit, 'Enregistrer malgré les RDV chevauchés');
	await edit.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByText('L’indisponibilité est enregistrée.')).toBeVisible();
	await expect(edit.getByLabel(/^Titre/)).toHaveValue(`${title} prolongée`);

	// Leave the demo as it was.
	await page.getByRole('button', { name: 'Supprimer l’indisponibilité' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();
	await expect(page).toHaveURL(/\/indisponibilites$/);
});

test('lieu: new and edit keep every field across refusals, then save', async ({ page }) => {
	const orgBase = await signIn(page, ADMIN);
	const name = unique('Permanence');

	// 1. New: a wrong phone number and latitude, refused twice, every field kept.
	await page.goto(`${orgBase}/configuration/lieux/nouveau`);
	await hydrated(page);
	const form = page.locator('form').filter({ has: page.getByLabel(/^Adresse/) });
	await form.getByLabel(/^Nom/).fill(name);
	await form.getByLabel(/^Adresse/).fill('1 rue de la Paix, 62000 Arras');
	await form.getByLabel(/^Téléphone/).fill('12');
	await form.getByLabel('Latitude').fill('200');
	await form.getByLabel('Longitude').fill('2.78');
	await roundTrip(form, 'Créer le lieu', form.getByText('Numéro de téléphone invalide.'));
	await form.getByLabel(/^Téléphone/).fill('03 21 00 00 00');
	await roundTrip(form, 'Créer le lieu', form.getByText('La latitude est comprise entre -90 et 90.'));
	await form.getByLabel('Latitude').fill('50.29');
	await form.getByRole('button', { name: 'Créer le lieu' }).click();
	await expect(page.getByText('Le lieu a été créé.')).toBeVisible();

	// 2. Edit: refused, kept, then saved.
	await page.getByRole('link', { name: `Modifier le lieu « ${name} »` }).click();
	await hydrated(page);
	const edit = page.locator('form').filter({ has: page.getByLabel(/^Adresse/) });
	await edit.getByLabel(/^Adresse/).fill('2 rue de la Paix, 62000 Arras');
	await edit.getByLabel(/^Téléphone/).fill('abc');
	await roundTrip(edit, 'Enregistrer', edit.getByText('Numéro de téléphone invalide.'));
	await edit.getByLabel(/^Nom/).fill('');
	await roundTrip(edit, 'Enregistrer', edit.locator('#lieu-name[aria-invalid="true"]'));
	await edit.getByLabel(/^Nom/).fill(name);
	await edit.getByLabel(/^Téléphone/).fill('');
	await edit.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Le lieu a été modifié.')).toBeVisible();
	const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
	await expect(row).toContainText('2 rue de la Paix, 62000 Arras');

	// Leave the demo as it was.
	await hydrated(page);
	await page.getByRole('button', { name: `Supprimer le lieu « ${name} »` }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();
	await expect(page.getByText('Le lieu a été supprimé.')).toBeVisible();
});

test('motif: new and edit keep every field (all three tabs) across refusals', async ({ page }) => {
	const orgBase = await signIn(page, 'espace@demo.guichet.fr'); // territorial admin of 62, admin of MDS Arras
	const name = unique('Entretien');

	// 1. New, every field of the three tabs set, the booking window upside down: refused twice, all kept.
	await page.goto(`${orgBase}/configuration/motifs/nouveau`);
	await hydrated(page);
	const form = page.locator('form').filter({ has: page.getByRole('tablist') });
	const tab = (title: string) => form.getByRole('tab', { name: new RegExp(`^${title}`) });
	await form.getByLabel(/^Nom/).fill(name);
	await form.getByLabel(/^Service/).selectOption({ label: 'Service social' });
	await form.getByLabel(/^Durée/).fill('45');
	await form.getByLabel(/^Type de lieu/).selectOption({ label: 'Par téléphone' });
	await tab('Réservation en ligne').click();
	await form.getByLabel('Qui peut réserver ?').selectOption({ index: 1 });
	await form.getByLabel(/^Délai minimum/).selectOption({ label: '1 semaine' });
	await form.getByLabel(/^Délai maximum/).selectOption({ label: '1 jour' });
	await form.locator('label', { hasText: 'L’usager peut déplacer son RDV' }).click();
	await form.locator('label', { hasText: 'RDV de suivi' }).click();
	await tab('Notifications et instructions').click();
	await form.getByLabel(/^Visibilité/).selectOption({ index: 1 });
	await form.getByLabel('Instructions à accepter avant la réservation').fill('Apporter une pièce d’identité.');
	await form.getByLabel(/^Instructions après/).fill('Le service vous rappelle.');
	await roundTrip(form, 'Créer le motif', form.locator('#motif-max-delay-messages').getByText(/supérieur/));
	await expect(shownOption(form.getByLabel(/^Délai minimum/))).toHaveText('1 semaine');
	await tab('Général').click();
	await expect(shownOption(form.getByLabel(/^Service/))).toHaveText('Service social');
	await form.getByLabel(/^Durée/).fill('7');
	// Now the general tab holds an error too: it comes back first.
	await roundTrip(form, 'Créer le motif', form.locator('#motif-duration-messages .fr-message--error'));
	await expect(form.getByLabel(/^Durée/)).toHaveValue('7');
	await form.getByLabel(/^Durée/).fill('45');
	await tab('Réservation en ligne').click();
	await form.getByLabel(/^Délai maximum/).selectOption({ label: '2 mois' });
	await form.getByRole('button', { name: 'Créer le motif' }).click();
	await expect(page.getByText('Le motif a été créé.')).toBeVisible();

	// 2. Edit: the same refusal twice, kept, then saved.
	await page.getByRole('link', { name: `Modifier le motif « ${name} »` }).click();
	await hydrated(page);
	const edit = page.locator('form').filter({ has: page.getByRole('tablist') });
	await edit.getByLabel(/^Nom/).fill(`${name} bis`);
	await edit.getByRole('tab', { name: /^Réservation en ligne/ }).click();
	await edit.getByLabel(/^Délai maximum/).selectOption({ label: '1 jour' });
	await roundTrip(edit, 'Enregistrer', edit.locator('#motif-max-delay-messages').getByText(/supérieur/));
	await edit.getByLabel(/^Délai minimum/).selectOption({ label: '1 jour' });
	await roundTrip(edit, 'Enregistrer', edit.locator('#motif-max-delay-messages').getByText(/supérieur/));
	await edit.getByLabel(/^Délai minimum/).selectOption({ label: '1 heure' });
	await edit.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Le motif a été modifié.')).toBeVisible();

	// (Its duplicate form has one choice, the target organisation, and nothing in the demo refuses it: each agent
	// administers one organisation of a territory, and a copy in the same one is renamed « (copie 2) »…)
});

test('RDV: inline usager creation, a duplicate to confirm, the usager search and « Créer quand même » keep every field', async ({
	page
}) => {
	const orgBase = await signIn(page, ADMIN);
	const monday = workingMonday(10);
	const lastName = unique('Usager');
	// A phone number no other run uses: the second usager below gives it again, which makes her a possible duplicate.
	const phone = uniqueMobile();
	const slotsOfDay = () =>
		page
			.locator('section.day-column')
			.filter({ has: page.locator('a.slot') })
			.first();
	const form = page.locator('form[method="POST"]').filter({ has: page.getByRole('button', { name: 'Créer le RDV' }) });

	// An RDV for a new usager, with her phone number, on the first day with free slots.
	await searchSlotsOf(page, orgBase, monday);
	const day = await slotsOfDay().getAttribute('aria-label');
	await slotsOfDay().locator('a.slot').first().click();
	await hydrated(page);
	await tick(form, 'Créer un usager');
	await form.getByLabel('Prénom').fill('Inès');
	await form.getByLabel('Nom', { exact: true }).fill(lastName);
	await form.getByLabel(/^Téléphone/).fill(phone);
	await form.getByRole('button', { name: 'Créer le RDV' }).click();
	await expect(page.getByText('Le RDV a été créé.')).toBeVisible();

	// Another slot of that day.
	await searchSlotsOf(page, orgBase, monday);
	await page
		.getByRole('region', { name: day ?? '', exact: true })
		.locator('a.slot')
		.last()
		.click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouveau RDV' })).toBeVisible();
	await hydrated(page);

	// 1. A new usager with a wrong phone number, a longer duration and a note: refused, all kept.
	await tick(form, 'Créer un usager');
	await form.getByLabel('Prénom').fill('Lina');
	await form.getByLabel('Nom', { exact: true }).fill(unique('Usager'));
	await form.getByLabel(/^Téléphone/).fill('12');
	await form.getByLabel('Durée (minutes)').fill('45');
	await form.getByLabel(/^Note de contexte/).fill('Première venue, accompagnée de sa fille.');
	await roundTrip(form, 'Créer le RDV', form.locator('[aria-invalid="true"]').first());

	// 2. With Inès's number: a possible duplicate to confirm (or pick her), all kept, twice.
	await form.getByLabel(/^Téléphone/).fill(phone);
	await roundTrip(form, 'Créer le RDV', form.getByText('Créer cet usager quand même'));
	await roundTrip(form, 'Créer le RDV', form.getByText('Créer cet usager quand même'));

	// 3. Looking her up instead (the GET search): the duration and the note stay.
	await page.getByLabel('Rechercher un usager (nom, téléphone ou e-mail)').fill(lastName);
	await page.getByRole('search').getByRole('button', { name: 'Rechercher' }).click();
	await expect(form.getByRole('checkbox', { name: new RegExp(`Inès ${lastName}`) })).toBeVisible();
	await expect(form.getByLabel('Durée (minutes)')).toHaveValue('45');
	await expect(form.getByLabel(/^Note de contexte/)).toHaveValue('Première venue, accompagnée de sa fille.');

	// 4. Her, again the same day for the same motif: a warning to confirm, every field kept, then created.
	await form.locator('label', { hasText: `Inès ${lastName}` }).click();
	await expect(form.getByRole('checkbox', { name: new RegExp(`Inès ${lastName}`) })).toBeChecked();
	await roundTrip(form, 'Créer le RDV', warningOf(form, 'À confirmer'));
	await roundTrip(form, 'Créer le RDV', warningOf(form, 'À confirmer'));
	await tick(form, 'Créer quand même');
	await form.getByRole('button', { name: 'Créer le RDV' }).click();
	await expect(page.getByText('Le RDV a été créé.')).toBeVisible();
});

test('new collective session: day, time, lieu, agents and seats kept across two refusals', async ({ page }) => {
	const orgBase = await signIn(page, 'agent@demo.guichet.fr');
	const friday = addDays(workingMonday(11), 4);
	await page.goto(`${orgBase}/trouver-un-rdv`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: 'Atelier massage bébé (90 min)' });
	await page.getByLabel('À partir du').fill(friday);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: 'Créer une séance' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle séance' })).toBeVisible();
	await hydrated(page);
	const form = page
		.locator('form[method="POST"]')
		.filter({ has: page.getByRole('button', { name: 'Créer la séance' }) });

	await form.getByLabel(/^Titre/).fill('Atelier du soir');
	await form.getByLabel('Jour', { exact: true }).fill(friday);
	await form.getByLabel('Heure de début').fill('17:00');
	await form.getByLabel('Lieu').selectOption({ label: 'MDS Arras – Centre — 8 place du Théâtre, 62000 Arras' });
	await form.getByLabel(/^Agents/).selectOption([{ label: 'Sophie Delattre' }, { label: 'Marion Caron' }]);
	await form.getByLabel(/^Nombre maximum de participants/).fill('0');
	await form.getByLabel(/^Note de contexte/).fill('Salle du rez-de-chaussée.');
	await roundTrip(form, 'Créer la séance', form.getByText(/Nombre de places invalide/));
	await form.getByLabel(/^Nombre maximum de participants/).fill('6');
	await form.getByLabel('Heure de début').fill('17:03');
	await roundTrip(form, 'Créer la séance', form.getByText('L’heure doit tomber sur un multiple de 5 minutes.'));
	await expect(shownOption(form.getByLabel('Lieu'))).toHaveText('MDS Arras – Centre — 8 place du Théâtre, 62000 Arras');
	await expect(form.getByLabel(/^Agents/).locator('option:checked')).toHaveText(['Marion Caron', 'Sophie Delattre']);
	await form.getByLabel('Heure de début').fill('17:00');
	await form.getByRole('button', { name: 'Créer la séance' }).click();
	await expect(page.getByText('La séance a été créée.')).toBeVisible();
});

/** Trouver un RDV, first-welcome motif, from `monday`, at MDS Arras – Centre. */
async function searchSlotsOf(page: Page, orgBase: string, monday: string) {
	await page.goto(`${orgBase}/trouver-un-rdv`);
	await hydrated(page);
	await page.getByLabel('Motif').selectOption({ label: 'Premier accueil social (30 min)' });
	await page.getByLabel('À partir du').fill(monday);
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: 'MDS Arras – Centre', exact: true }).click();
	await expect(page.getByRole('heading', { level: 2, name: /^Créneaux à MDS Arras – Centre/ })).toBeVisible();
}

test('API token: the name and the chosen validity kept across two refusals, then created', async ({ page }) => {
	await signIn(page, ADMIN);
	await page.goto('/agents/compte');
	await hydrated(page);
	const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Créer le jeton' }) });
	await form.getByLabel(/^Durée de validité/).selectOption({ label: '1 an' });
	await roundTrip(form, 'Créer le jeton', form.locator('#nom-jeton-messages .fr-message--error'));
	await roundTrip(form, 'Créer le jeton', form.locator('#nom-jeton-messages .fr-message--error'));
	await expect(shownOption(form.getByLabel(/^Durée de validité/))).toHaveText('1 an');
	const name = unique('Export');
	await form.getByLabel(/^Nom du jeton/).fill(name);
	await form.getByRole('button', { name: 'Créer le jeton' }).click();
	await expect(page.getByRole('heading', { name: `Jeton « ${name} » créé` })).toBeVisible();
	const year = String(new Date().getFullYear() + 1);
	await expect(page.getByRole('row').filter({ hasText: name })).toContainText(year);
});
