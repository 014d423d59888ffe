/**
 * The configuration pages' loads and form actions, called directly: admin-only access, field errors in French
 * from the forms, two-step deletions, locked fields and duplication into another organisation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Lieu, Motif } from '../../src/lib/server/db/models/index.ts';
import { createLieu } from '../../src/lib/server/services/lieux.ts';
import { createMotif } from '../../src/lib/server/services/motifs.ts';
import { load as homeLoad } from '../../src/routes/agents/org/[orgId]/configuration/+page.server.ts';
import * as lieuxPage from '../../src/routes/agents/org/[orgId]/configuration/lieux/+page.server.ts';
import * as newLieuPage from '../../src/routes/agents/org/[orgId]/configuration/lieux/nouveau/+page.server.ts';
import * as motifsPage from '../../src/routes/agents/org/[orgId]/configuration/motifs/+page.server.ts';
import * as newMotifPage from '../../src/routes/agents/org/[orgId]/configuration/motifs/nouveau/+page.server.ts';
import * as editMotifPage from '../../src/routes/agents/org/[orgId]/configuration/motifs/[motifId]/+page.server.ts';
import * as duplicatePage from '../../src/routes/agents/org/[orgId]/configuration/motifs/[motifId]/dupliquer/+page.server.ts';
import { buildConfigWorld, plageOn, rdvOn, type ConfigWorld } from '../helpers/config-fixtures.ts';
import { runRoute as run } from '../helpers/route-outcome.ts';

let w: ConfigWorld;

beforeAll(async () => {
	w = await buildConfigWorld();
});

const base = (org: string) => `/agents/org/${org}/configuration`;

describe('access', () => {
	it('opens the configuration to admins only, for loads and actions alike', async () => {
		const params = { orgId: w.ids.arras };
		expect(await run(homeLoad, { path: base(w.ids.arras), params, agent: w.basic })).toEqual({ status: 403 });
		expect(await run(homeLoad, { path: base(w.ids.arras), params, agent: w.lensAdmin })).toEqual({ status: 403 });
		expect(await run(homeLoad, { path: base(w.ids.arras), params, agent: w.admin })).toMatchObject({
			data: { lieuCount: expect.any(Number), motifCount: expect.any(Number) }
		});
		const post = await run(newLieuPage.actions.default, {
			path: `${base(w.ids.arras)}/lieux/nouveau`,
			params,
			agent: w.basic,
			form: { name: 'Intrus', address: '1 rue X' }
		});
		expect(post).toEqual({ status: 403 });
		expect(await Lieu.exists({ name: 'Intrus' })).toBeNull();
	});
});

describe('lieux pages', () => {
	it('shows field errors, then creates the lieu and redirects with a success code', async () => {
		const params = { orgId: w.ids.arras };
		const path = `${base(w.ids.arras)}/lieux/nouveau`;
		const invalid = await run(newLieuPage.actions.default, {
			path,
			params,
			agent: w.admin,
			form: { name: '', address: '9 rue Z, Arras', phone: '', latitude: '50,3', longitude: '' }
		});
		expect(invalid).toMatchObject({
			failure: {
				status: 400,
				data: {
					errors: { name: 'Le nom est obligatoire.', coordinates: 'La longitude doit être un nombre.' },
					values: { address: '9 rue Z, Arras' }
				}
			}
		});

		const created = await run(newLieuPage.actions.default, {
			path,
			params,
			agent: w.admin,
			form: { name: 'Maison des familles', address: '9 rue Z, Arras', phone: '', latitude: '50,3', longitude: '2.78' }
		});
		expect(created).toEqual({ redirect: `${base(w.ids.arras)}/lieux?succes=lieu-cree` });
		expect((await Lieu.findOne({ name: 'Maison des familles' }).lean())?.coordinates).toMatchObject({
			latitude: 50.3,
			longitude: 2.78
		});

		const list = await run(lieuxPage.load, {
			path: `${base(w.ids.arras)}/lieux?succes=lieu-cree`,
			params,
			agent: w.admin
		});
		expect(list).toMatchObject({ data: { success: 'Le lieu a été créé.' } });
	});

	it('asks for confirmation before deleting, and refuses a lieu in use', async () => {
		const params = { orgId: w.ids.arras };
		const path = `${base(w.ids.arras)}/lieux`;
		const motif = await createMotif(w.admin, w.ids.arras, {
			name: 'Motif des lieux',
			serviceId: w.ids.social,
			locationType: 'public_office'
		});
		const used = await createLieu(w.admin, w.ids.arras, { name: 'Utilisé', address: '1 rue U, Arras' });
		const free = await createLieu(w.admin, w.ids.arras, { name: 'Libre', address: '2 rue L, Arras' });
		await plageOn(w, motif.id, used.id);

		const ask = await run(lieuxPage.actions.delete, { path, params, agent: w.admin, form: { lieuId: free.id } });
		expect(ask).toEqual({ data: { confirmDelete: { id: free.id, name: 'Libre' } } });
		expect(await Lieu.exists({ _id: free.id })).not.toBeNull();
		const done = await run(lieuxPage.actions.delete, {
			path,
			params,
			agent: w.admin,
			form: { lieuId: free.id, confirm: 'oui' }
		});
		expect(done).toEqual({ redirect: `${path}?succes=lieu-supprime` });
		expect(await Lieu.exists({ _id: free.id })).toBeNull();

		const refused = await run(lieuxPage.actions.delete, {
			path,
			params,
			agent: w.admin,
			form: { lieuId: used.id, confirm: 'oui' }
		});
		expect(refused).toMatchObject({
			failure: { status: 409, data: { actionError: expect.stringContaining('désactivé') } }
		});
		const disabled = await run(lieuxPage.actions.disable, { path, params, agent: w.admin, form: { lieuId: used.id } });
		expect(disabled).toEqual({ redirect: `${path}?succes=lieu-desactive` });
		expect((await Lieu.findById(used.id).lean())?.availability).toBe('disabled');
	});
});

describe('motifs pages', () => {
	const form = (overrides: Record<string, string> = {}) => ({
		name: 'Permanence logement',
		serviceId: w.ids.social,
		color: '#336699',
		durationMinutes: '45',
		locationType: 'public_office',
		collective: 'false',
		bookableBy: 'everyone',
		minBookingDelayMinutes: '1440',
		maxBookingDelayMinutes: '43200',
		rdvsEditableByUser: 'false',
		rdvsCancellableByUser: 'false',
		followUp: 'false',
		visibility: 'visible_and_notified',
		instructionsBeforeBooking: '',
		instructionsAfterBooking: 'Apportez un justificatif de domicile.',
		customCancelWarning: '',
		...overrides
	});

	it('creates a motif from the form and reports window errors on the right field', async () => {
		const params = { orgId: w.ids.arras };
		const path = `${base(w.ids.arras)}/motifs/nouveau`;
		const invalid = await run(newMotifPage.actions.default, {
			path,
			params,
			agent: w.admin,
			form: form({ minBookingDelayMinutes: '43200', maxBookingDelayMinutes: '1440' })
		});
		expect(invalid).toMatchObject({
			failure: {
				status: 400,
				data: { errors: { maxBookingDelayMinutes: 'Le délai maximum doit être supérieur au délai minimum.' } }
			}
		});
		const secretariat = await run(newMotifPage.actions.default, {
			path,
			params,
			agent: w.admin,
			form: form({ serviceId: w.ids.secretariat })
		});
		expect(secretariat).toMatchObject({
			failure: { data: { errors: { serviceId: 'Le secrétariat ne peut pas être le service d’un motif.' } } }
		});

		const body = form({ rdvsCancellableByUser: 'false' });
		const created = await run(newMotifPage.actions.default, { path, params, agent: w.admin, form: body });
		expect(created).toEqual({ redirect: `${base(w.ids.arras)}/motifs?succes=motif-cree` });
		const stored = await Motif.findOne({ name: 'Permanence logement' }).lean();
		expect(stored).toMatchObject({
			durationMinutes: 45,
			bookableBy: 'everyone',
			maxBookingDelayMinutes: 43200,
			rdvsEditableByUser: false,
			instructionsAfterBooking: 'Apportez un justificatif de domicile.'
		});
		expect(stored?.instructionsBeforeBooking).toBeUndefined();

		const services = await run(newMotifPage.load, { path, params, agent: w.admin });
		expect((services as { data: { services: { name: string }[] } }).data.services.map((s) => s.name)).toEqual([
			'PMI',
			'Service social'
		]);
	});

	it('marks the edit form locked once RDVs exist and refuses a changed location type', async () => {
		const motif = await createMotif(w.admin, w.ids.arras, {
			name: 'Motif verrouillé',
			serviceId: w.ids.social,
			locationType: 'phone'
		});
		const params = { orgId: w.ids.arras, motifId: motif.id };
		const path = `${base(w.ids.arras)}/motifs/${motif.id}`;
		expect(await run(editMotifPage.load, { path, params, agent: w.admin })).toMatchObject({ data: { locked: false } });
		await rdvOn(w, motif);
		expect(await run(editMotifPage.load, { path, params, agent: w.admin })).toMatchObject({ data: { locked: true } });

		const changed = await run(editMotifPage.actions.default, {
			path,
			params,
			agent: w.admin,
			form: form({ name: 'Motif verrouillé', locationType: 'visio' })
		});
		expect(changed).toMatchObject({ failure: { status: 400, data: { errors: { locationType: expect.any(String) } } } });
		// The locked form sends the current type (hidden input) and no collective box (disabled).
		const { collective: _c, ...unlockedFields } = form({ name: 'Motif verrouillé (modifié)', locationType: 'phone' });
		const saved = await run(editMotifPage.actions.default, { path, params, agent: w.admin, form: unlockedFields });
		expect(saved).toEqual({ redirect: `${base(w.ids.arras)}/motifs?succes=motif-modifie` });
	});

	it('filters the list from the query string and deletes in two steps', async () => {
		const params = { orgId: w.ids.arras };
		const motif = await createMotif(w.admin, w.ids.arras, {
			name: 'Atelier budget',
			serviceId: w.ids.social,
			locationType: 'public_office',
			collective: true
		});
		const listed = await run(motifsPage.load, {
			path: `${base(w.ids.arras)}/motifs?collectif=oui&nom=budget`,
			params,
			agent: w.admin
		});
		expect((listed as { data: { motifs: { name: string }[] } }).data.motifs.map((m) => m.name)).toEqual([
			'Atelier budget'
		]);

		const path = `${base(w.ids.arras)}/motifs`;
		const ask = await run(motifsPage.actions.delete, { path, params, agent: w.admin, form: { motifId: motif.id } });
		expect(ask).toEqual({ data: { confirmDelete: { id: motif.id, name: 'Atelier budget' } } });
		const done = await run(motifsPage.actions.delete, {
			path,
			params,
			agent: w.admin,
			form: { motifId: motif.id, confirm: 'oui' }
		});
		expect(done).toEqual({ redirect: `${path}?succes=motif-supprime` });
		expect(await Motif.exists({ _id: motif.id })).toBeNull();
	});

	it('duplicates into another organisation the agent administers and lands on the copy', async () => {
		const motif = await createMotif(w.multiAdmin, w.ids.arras, {
			name: 'Vaccins',
			serviceId: w.ids.pmi,
			locationType: 'public_office'
		});
		const params = { orgId: w.ids.arras, motifId: motif.id };
		const path = `${base(w.ids.arras)}/motifs/${motif.id}/dupliquer`;
		const page = await run(duplicatePage.load, { path, params, agent: w.multiAdmin });
		expect((page as { data: { targets: { id: string }[] } }).data.targets.map((t) => t.id)).toEqual([
			w.ids.arras,
			w.ids.reunion
		]);

		const copied = await run(duplicatePage.actions.default, {
			path,
			params,
			agent: w.multiAdmin,
			form: { targetOrganisationId: w.ids.reunion }
		});
		const copy = await Motif.findOne({ organisationId: w.ids.reunion, name: 'Vaccins' }).lean();
		expect(copy).not.toBeNull();
		expect(copied).toEqual({
			redirect: `${base(w.ids.reunion)}/motifs/${String(copy!._id)}?succes=motif-duplique`
		});

		const foreign = await run(duplicatePage.actions.default, {
			path,
			params,
			agent: w.multiAdmin,
			form: { targetOrganisationId: w.ids.lens }
		});
		// Not this agent's organisation: the same answer as an unknown one.
		expect(foreign).toMatchObject({
			failure: { status: 400, data: { errors: { targetOrganisationId: 'Organisation cible introuvable.' } } }
		});
	});
});
