/**
 * The booking funnel's search steps in a phone-sized Chromium (390 px): from the home page's address search to
 * the week of slots, a time chosen, the « à lire avant » dialog accepted and the identification page reached;
 * « Retour » and the browser's back and forward buttons; an organisation's link (from the widget shown to its
 * admins), with the service step skipped when the organisation has one service; the booking pages framed by a
 * partner site while the rest of the site refuses it; axe on each step. The e2e server's geocoder cannot reach
 * the national address API: the postcode typed is enough (the fallback).
 */
import { expect, test, type Page } from '@playwright/test';
import { hydrated, signIn, expectAccessible as checkAccessible, firstSlot } from './helpers';

const expectAccessible = (page: Page, what: string) => checkAccessible(page, what, { maxWidth: 390 });

test.describe.configure({ timeout: 180_000 });
test.beforeEach(({ page }) => page.setViewportSize({ width: 390, height: 844 }));

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

test('from the home page to a slot: address, service, motif, lieu, week, « à lire avant », identification', async ({
	page
}) => {
	await page.goto('/');
	await hydrated(page);
	await expectAccessible(page, 'home');
	await page.getByLabel('Adresse, code postal ou département').fill('8 place du Théâtre 62000 Arras');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	// Without the address API, the postcode gives the département (and no distance).
	await expect(page).toHaveURL(/\/prendre-rdv\?departement=62$/);
	await expect(heading(page)).toContainText('Choisissez le service');
	await expect(page).toHaveTitle(/^Choisissez le service — Prendre rendez-vous — Guichet$/);
	await expect(page.getByText('Étape 1 sur 6 — Motif')).toBeVisible();
	await hydrated(page);
	await expectAccessible(page, 'service step');

	await page.getByRole('link', { name: 'Service social' }).click();
	await expect(heading(page)).toContainText('Choisissez le motif du rendez-vous');
	// Only motifs open online to usagers: the phone interview is for agents and prescripteurs here.
	const motifs = page.getByTestId('motifs');
	await expect(motifs.getByRole('link', { name: 'Premier accueil social' })).toBeVisible();
	await expect(motifs.getByRole('link', { name: 'Suivi d’accompagnement' })).toHaveCount(0);
	await expectAccessible(page, 'motif step');
	await motifs.getByRole('link', { name: 'Premier accueil social' }).click();

	await expect(heading(page)).toContainText('Choisissez le lieu');
	const cards = page.getByTestId('place-cards');
	await expect(cards.getByRole('link', { name: 'MDS Arras – Centre' })).toBeVisible();
	await expect(cards.getByText(/^Prochaine disponibilité le /).first()).toBeVisible();
	// A disabled lieu is never offered.
	await expect(cards.getByText('Ancienne permanence d’Achicourt')).toHaveCount(0);
	await expectAccessible(page, 'lieu step');
	await cards.getByRole('link', { name: 'MDS Arras – Centre' }).click();

	await expect(heading(page)).toContainText('Choisissez la date et l’heure');
	await expect(page.getByText('MDS Arras – Centre', { exact: true })).toBeVisible();
	await hydrated(page);
	await expectAccessible(page, 'slot grid');
	const slot = await firstSlot(page);
	const gridUrl = page.url();
	await slot.click();

	// The motif's « à lire avant » text, in a modal dialog: accepted before going on.
	const dialog = page.getByRole('dialog', { name: 'À lire avant de prendre rendez-vous' });
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('Munissez-vous d’une pièce d’identité');
	await expectAccessible(page, 'before-booking dialog');
	const chosenUrl = page.url();
	expect(chosenUrl).toMatch(/[?&]creneau=/);
	await dialog.getByRole('link', { name: 'J’ai lu ces informations, je continue' }).click();
	await expect(page).toHaveURL(
		/\/prendre-rdv\/identification\?departement=62&service=[0-9a-f]{24}&motif=premier-accueil-social--public_office&lieu=[0-9a-f]{24}&date=\d{4}-\d{2}-\d{2}&creneau=/
	);

	// Back: the slot chosen (its dialog again); back again: the week; forward: the slot.
	await page.goBack();
	await expect(page).toHaveURL(chosenUrl);
	await expect(dialog).toBeVisible();
	await page.goBack();
	await expect(page).toHaveURL(gridUrl);
	await expect(dialog).toHaveCount(0);
	await page.goForward();
	await expect(dialog).toBeVisible();

	// « Choisir un autre créneau » closes it on the same week; « Retour » goes up the steps.
	await dialog.getByRole('link', { name: 'Choisir un autre créneau' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(page.getByTestId('slot-grid')).toBeVisible();
	await page.getByRole('link', { name: 'Retour', exact: true }).click();
	await expect(heading(page)).toContainText('Choisissez le lieu');
	await page.getByRole('link', { name: 'Retour', exact: true }).click();
	await expect(heading(page)).toContainText('Choisissez le motif du rendez-vous');
});

test('the département list, and a keyboard-only choice of a slot without text to read', async ({ page }) => {
	await page.goto('/');
	await hydrated(page);
	await page.getByLabel('Département', { exact: true }).selectOption('62');
	await page.getByRole('button', { name: 'Continuer' }).click();
	await expect(heading(page)).toContainText('Choisissez le service');
	await page.getByRole('link', { name: 'PMI', exact: true }).focus();
	await page.keyboard.press('Enter');
	await page.getByRole('link', { name: 'Consultation PMI nourrisson' }).focus();
	await page.keyboard.press('Enter');
	await page.getByTestId('place-cards').getByRole('link').first().focus();
	await page.keyboard.press('Enter');
	await expect(heading(page)).toContainText('Choisissez la date et l’heure');
	await hydrated(page);
	// The next week by keyboard: the focus goes to the grid's heading, not the top of the page.
	await page.getByRole('link', { name: 'Semaine suivante' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('slot-grid').getByRole('heading', { level: 2 })).toBeFocused();
	const slot = await firstSlot(page);
	await slot.focus();
	await page.keyboard.press('Enter');
	// Nothing to read first: straight to the identification.
	await expect(page).toHaveURL(/\/prendre-rdv\/identification\?.*creneau=/);
});

test('without JavaScript, every step works: the « à lire avant » text is a block of the page', async ({ browser }) => {
	const context = await browser.newContext({
		javaScriptEnabled: false,
		baseURL: 'http://localhost:4173',
		viewport: { width: 390, height: 844 }
	});
	const page = await context.newPage();
	await page.goto('/');
	await page.getByLabel('Adresse, code postal ou département').fill('62000');
	await page.getByRole('button', { name: 'Rechercher' }).click();
	await page.getByRole('link', { name: 'Service social' }).click();
	await page.getByTestId('motifs').getByRole('link', { name: 'Premier accueil social' }).click();
	await page.getByTestId('place-cards').getByRole('link', { name: 'MDS Arras – Centre' }).click();
	await (await firstSlot(page)).click();
	await expect(page.getByTestId('before-booking-text')).toContainText('Munissez-vous d’une pièce d’identité');
	await page.getByRole('link', { name: 'J’ai lu ces informations, je continue' }).click();
	await expect(page).toHaveURL(/\/prendre-rdv\/identification\?.*creneau=/);
	await context.close();
});

test('an organisation’s link from its widget: its services only, the service step skipped when it has one', async ({
	page
}) => {
	const arrasBase = await signIn(page, 'admin@demo.guichet.fr');
	await page.goto(`${arrasBase}/configuration`);
	await hydrated(page);
	const arrasLink = (await page.getByTestId('public-link').textContent())!.trim();
	expect(arrasLink).toMatch(/\/org\/[0-9a-f]{24}\/mds-arras$/);
	await expect(page.getByRole('region', { name: 'Code d’intégration' })).toContainText(
		`<iframe src="${arrasLink}?embed=1"`
	);
	await page.context().clearCookies();

	await page.goto(new URL(arrasLink).pathname);
	await expect(page).toHaveURL(/\/prendre-rdv\?departement=62&organisation=[0-9a-f]{24}$/);
	await expect(heading(page)).toContainText('Choisissez le service');
	// No way back before the organisation's first step.
	await expect(page.getByRole('link', { name: 'Retour', exact: true })).toHaveCount(0);
	// A wrong slug is corrected; an unknown organisation is a French 404.
	const id = /\/org\/([0-9a-f]{24})\//.exec(arrasLink)![1];
	await page.goto(`/org/${id}/ancien-nom`);
	await expect(page).toHaveURL(/\/prendre-rdv\?departement=62&organisation=/);
	const unknown = await page.goto('/org/0123456789abcdef01234567/x');
	expect(unknown?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1, name: 'Page non trouvée' })).toBeVisible();

	// CCAS de Béthune offers one service online (Insertion): straight to its motifs.
	const bethuneBase = await signIn(page, 'admin.bethune@demo.guichet.fr');
	await page.goto(`${bethuneBase}/configuration`);
	const bethuneLink = (await page.getByTestId('public-link').textContent())!.trim();
	await page.goto(`${new URL(bethuneLink).pathname}?embed=1`);
	await expect(page).toHaveURL(/\/prendre-rdv\?departement=62&organisation=[0-9a-f]{24}&service=[0-9a-f]{24}&embed=1$/);
	await expect(heading(page)).toContainText('Choisissez le motif du rendez-vous');
	// Embedded: neither header nor footer, the links keep the frame bare.
	await expect(page.locator('header.fr-header')).toHaveCount(0);
	await expect(page.locator('footer')).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Propulsé par Guichet' })).toBeVisible();
	await hydrated(page);
	await expectAccessible(page, 'embedded motif step');
	await page.getByTestId('motifs').getByRole('link').first().click();
	await expect(page).toHaveURL(/embed=1/);
	await expect(page.locator('header.fr-header')).toHaveCount(0);
});

test('only the booking pages may be framed by another site', async ({ page, request }) => {
	const frameAncestors = async (path: string) => {
		const response = await request.get(path, { maxRedirects: 0 });
		return /frame-ancestors ([^;]*)/.exec(response.headers()['content-security-policy'] ?? '')?.[1];
	};
	expect(await frameAncestors('/prendre-rdv?departement=62')).toBe('*');
	expect(await frameAncestors('/prendre-rdv')).toBe('*');
	expect(await frameAncestors('/')).toBe("'none'");
	expect(await frameAncestors('/connexion')).toBe("'none'");
	expect(await frameAncestors('/agents')).toBeUndefined(); // a redirect to the sign-in page, itself 'none'
	expect(await frameAncestors('/mentions-legales')).toBe("'none'");

	// A page framing the funnel and the sign-in page: the browser shows the first, refuses the second (even from
	// the same origin: 'none' refuses every parent).
	await page.route('http://localhost:4173/__page-partenaire', (route) =>
		route.fulfill({
			contentType: 'text/html',
			body: `<!doctype html><html lang="fr"><title>Partenaire</title>
				<iframe name="rdv" title="Prendre rendez-vous" src="/prendre-rdv?departement=62&embed=1" width="390" height="700"></iframe>
				<iframe name="connexion" title="Connexion" src="/connexion" width="390" height="700"></iframe></html>`
		})
	);
	await page.goto('/__page-partenaire');
	await expect(page.frameLocator('iframe[name="rdv"]').getByRole('heading', { level: 1 })).toContainText(
		'Choisissez le service'
	);
	await expect(
		page.frameLocator('iframe[name="rdv"]').getByRole('link', { name: 'Propulsé par Guichet' })
	).toBeVisible();
	// Refused: the browser shows its own error page in that frame instead.
	await expect.poll(() => page.frame({ name: 'connexion' })?.url()).toMatch(/^chrome-error:/);
});
