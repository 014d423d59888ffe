/**
 * The lieu and motif services on the embedded database: French validation messages, permissions, the locks
 * and refusals that protect existing plages and RDVs, and duplication across organisations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Lieu, Motif } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import {
	createLieu,
	deleteLieu,
	disableLieu,
	enableLieu,
	getLieu,
	listLieux,
	updateLieu
} from '../../src/lib/server/services/lieux.ts';
import {
	createMotif,
	duplicateMotif,
	getMotif,
	listMotifs,
	softDeleteMotif,
	updateMotif
} from '../../src/lib/server/services/motifs.ts';
import { ServiceError } from '../../src/lib/server/services/service-error.ts';
import { buildConfigWorld, plageOn, rdvOn, type ConfigWorld } from '../helpers/config-fixtures.ts';

let w: ConfigWorld;

beforeAll(async () => {
	w = await buildConfigWorld();
});

/** The ServiceError a call rejects with. */
async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
	const err = await promise.then(
		() => null,
		(e: unknown) => e
	);
	if (!(err instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(err)}`);
	return err;
}

const motifInput = (overrides: Record<string, unknown> = {}) => ({
	name: 'Accompagnement social',
	serviceId: w.ids.social,
	locationType: 'public_office',
	...overrides
});

describe('lieux', () => {
	it('creates, lists, edits, disables and enables a lieu', async () => {
		const published: string[] = [];
		const off = events.on('organisation.updated', (p) => void published.push(p.organisationId));
		const lieu = await createLieu(w.admin, w.ids.arras, {
			name: '  MDS Arras — centre ',
			address: '8 place du Théâtre, 62000 Arras',
			phone: '03 21 00 00 00',
			coordinates: { latitude: 50.29, longitude: 2.78 }
		});
		off();
		expect(lieu).toMatchObject({
			name: 'MDS Arras — centre',
			phone: '+33321000000',
			coordinates: { latitude: 50.29, longitude: 2.78 },
			availability: 'enabled'
		});
		expect(published).toEqual([w.ids.arras]);

		const updated = await updateLieu(w.admin, w.ids.arras, lieu.id, { phone: '', coordinates: null });
		expect(updated.phone).toBeUndefined();
		expect(updated.coordinates).toBeUndefined();

		await disableLieu(w.admin, w.ids.arras, lieu.id);
		expect((await listLieux(w.ids.arras)).map((l) => l.id)).not.toContain(lieu.id);
		expect((await listLieux(w.ids.arras, { includeDisabled: true })).map((l) => l.id)).toContain(lieu.id);
		expect((await enableLieu(w.admin, w.ids.arras, lieu.id)).availability).toBe('enabled');
		expect(await getLieu(w.ids.lens, lieu.id)).toBeNull();
	});

	it('rejects invalid input with French messages per field', async () => {
		const err = await refusal(
			createLieu(w.admin, w.ids.arras, {
				name: ' ',
				address: '',
				phone: '12',
				coordinates: { latitude: 120, longitude: 0 }
			})
		);
		expect(err.code).toBe('invalid');
		expect(err.fieldErrors).toEqual({
			name: 'Le nom est obligatoire.',
			address: 'L’adresse est obligatoire.',
			phone: 'Numéro de téléphone invalide.',
			coordinates: 'La latitude est comprise entre -90 et 90.'
		});
	});

	it('refuses to delete a lieu used by a plage or an RDV, deletes an unused one', async () => {
		const motif = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Pour lieux' }));
		const byPlage = await createLieu(w.admin, w.ids.arras, { name: 'Avec plage', address: '1 rue A, Arras' });
		const byRdv = await createLieu(w.admin, w.ids.arras, { name: 'Avec RDV', address: '2 rue B, Arras' });
		const unused = await createLieu(w.admin, w.ids.arras, { name: 'Libre', address: '3 rue C, Arras' });
		await plageOn(w, motif.id, byPlage.id);
		await rdvOn(w, motif, byRdv.id);

		for (const lieu of [byPlage, byRdv]) {
			const err = await refusal(deleteLieu(w.admin, w.ids.arras, lieu.id));
			expect(err.code).toBe('conflict');
			expect(err.message).toContain('seulement désactivé');
			expect(await Lieu.exists({ _id: lieu.id })).not.toBeNull();
			expect((await disableLieu(w.admin, w.ids.arras, lieu.id)).availability).toBe('disabled');
		}
		await deleteLieu(w.admin, w.ids.arras, unused.id);
		expect(await Lieu.exists({ _id: unused.id })).toBeNull();
	});

	it('lets only the organisation’s admins manage its lieux', async () => {
		const lieu = await createLieu(w.admin, w.ids.arras, { name: 'Protégé', address: '4 rue D, Arras' });
		expect((await refusal(createLieu(w.basic, w.ids.arras, { name: 'X', address: 'Y' }))).code).toBe('forbidden');
		expect((await refusal(updateLieu(w.lensAdmin, w.ids.arras, lieu.id, { name: 'Pris' }))).code).toBe('forbidden');
		expect((await refusal(deleteLieu(w.lensAdmin, w.ids.arras, lieu.id))).code).toBe('forbidden');
		// A lieu id of Arras through Lens (where the agent is admin) does not exist.
		expect((await refusal(updateLieu(w.admin, w.ids.lens, lieu.id, { name: 'Ailleurs' }))).code).toBe('not_found');
	});
});

describe('motifs', () => {
	it('creates a motif with the model defaults and rejects bad input in French', async () => {
		const motif = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Premier accueil' }));
		expect(motif).toMatchObject({
			durationMinutes: 30,
			bookableBy: 'agents',
			minBookingDelayMinutes: 30,
			maxBookingDelayMinutes: 90 * 24 * 60,
			collective: false,
			deleted: false
		});

		const err = await refusal(
			createMotif(w.admin, w.ids.arras, {
				name: '',
				serviceId: 'nope',
				locationType: 'moon',
				durationMinutes: 7,
				minBookingDelayMinutes: 45,
				maxBookingDelayMinutes: 30
			})
		);
		expect(err.fieldErrors).toMatchObject({
			name: 'Le nom est obligatoire.',
			serviceId: 'Choisissez un service.',
			locationType: 'Choisissez le type de lieu.',
			durationMinutes: 'La durée se choisit par pas de 5 minutes.',
			minBookingDelayMinutes: 'Choisissez le délai minimum parmi les valeurs proposées (30 minutes à 1 an).'
		});

		const window = await refusal(
			createMotif(
				w.admin,
				w.ids.arras,
				motifInput({ name: 'Fenêtre', minBookingDelayMinutes: 7 * 24 * 60, maxBookingDelayMinutes: 24 * 60 })
			)
		);
		expect(window.fieldErrors).toEqual({
			maxBookingDelayMinutes: 'Le délai maximum doit être supérieur au délai minimum.'
		});
		const home = await refusal(
			createMotif(w.admin, w.ids.arras, motifInput({ name: 'Atelier', locationType: 'home', collective: true }))
		);
		expect(home.fieldErrors).toEqual({ collective: 'Un motif collectif ne peut pas avoir lieu à domicile.' });
	});

	it('never accepts the Secrétariat, nor a service inactive in the territory', async () => {
		const secretariat = await refusal(
			createMotif(w.admin, w.ids.arras, motifInput({ name: 'Accueil', serviceId: w.ids.secretariat }))
		);
		expect(secretariat.fieldErrors).toEqual({
			serviceId: 'Le secrétariat ne peut pas être le service d’un motif.'
		});
		const inactive = await refusal(createMotif(w.multiAdmin, w.ids.reunion, motifInput()));
		expect(inactive.fieldErrors.serviceId).toMatch(/n’est pas activé/);
	});

	it('refuses a second active motif with the same name, service and location type', async () => {
		await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Doublon' }));
		const err = await refusal(createMotif(w.admin, w.ids.arras, motifInput({ name: 'DOUBLON ' })));
		expect(err.code).toBe('conflict');
		expect(err.fieldErrors.name).toMatch(/existe déjà/);
		// Another location type is another motif.
		await expect(
			createMotif(w.admin, w.ids.arras, motifInput({ name: 'Doublon', locationType: 'phone' }))
		).resolves.toMatchObject({ locationType: 'phone' });
	});

	it('locks the location type and the collective flag once RDVs exist', async () => {
		const motif = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Verrouillé' }));
		// Free to change before any RDV.
		const phone = await updateMotif(w.admin, w.ids.arras, motif.id, { locationType: 'phone' });
		expect(phone.locationType).toBe('phone');
		await rdvOn(w, phone);

		const err = await refusal(updateMotif(w.admin, w.ids.arras, motif.id, { locationType: 'visio', collective: true }));
		expect(err.code).toBe('invalid');
		expect(err.fieldErrors).toEqual({
			locationType: 'Le type de lieu ne peut plus être modifié : des RDV ont déjà été pris sur ce motif.',
			collective: 'Le caractère collectif ne peut plus être modifié : des RDV ont déjà été pris sur ce motif.'
		});
		// Other fields, and resending the same values, still work.
		const renamed = await updateMotif(w.admin, w.ids.arras, motif.id, {
			name: 'Verrouillé (tél.)',
			locationType: 'phone',
			instructionsAfterBooking: 'Munissez-vous de vos justificatifs.'
		});
		expect(renamed).toMatchObject({ name: 'Verrouillé (tél.)', locationType: 'phone' });
		expect(renamed.instructionsAfterBooking).toBe('Munissez-vous de vos justificatifs.');
		// The merged motif is checked: max must stay above min.
		const window = await refusal(
			updateMotif(w.admin, w.ids.arras, motif.id, { minBookingDelayMinutes: 365 * 24 * 60 })
		);
		expect(window.fieldErrors).toHaveProperty('maxBookingDelayMinutes');
	});

	it('duplicates into the same organisation with " (copie)" and into another administered organisation', async () => {
		const motif = await createMotif(
			w.multiAdmin,
			w.ids.arras,
			motifInput({ name: 'Vaccination', serviceId: w.ids.pmi, durationMinutes: 45, color: '#112233' })
		);
		const copy = await duplicateMotif(w.multiAdmin, w.ids.arras, motif.id);
		expect(copy).toMatchObject({ name: 'Vaccination (copie)', organisationId: w.ids.arras, durationMinutes: 45 });
		const second = await duplicateMotif(w.multiAdmin, w.ids.arras, motif.id);
		expect(second.name).toBe('Vaccination (copie 2)');

		const elsewhere = await duplicateMotif(w.multiAdmin, w.ids.arras, motif.id, {
			targetOrganisationId: w.ids.reunion
		});
		expect(elsewhere).toMatchObject({ name: 'Vaccination', organisationId: w.ids.reunion, color: '#112233' });
		expect(elsewhere.id).not.toBe(motif.id);

		// Service social is not active in 974; Lens is not administered by this agent.
		const social = await createMotif(w.multiAdmin, w.ids.arras, motifInput({ name: 'Social à copier' }));
		const inactive = await refusal(
			duplicateMotif(w.multiAdmin, w.ids.arras, social.id, { targetOrganisationId: w.ids.reunion })
		);
		expect(inactive.fieldErrors.targetOrganisationId).toMatch(/n’est pas activé/);
		// Lens is not this agent's: it reads as unknown (a 403 would tell it exists).
		const foreign = await refusal(
			duplicateMotif(w.multiAdmin, w.ids.arras, social.id, { targetOrganisationId: w.ids.lens })
		);
		expect(foreign).toMatchObject({
			code: 'invalid',
			fieldErrors: { targetOrganisationId: 'Organisation cible introuvable.' }
		});
		const unknown = await refusal(
			duplicateMotif(w.multiAdmin, w.ids.arras, social.id, { targetOrganisationId: '0123456789abcdef01234567' })
		);
		expect(unknown).toMatchObject({ code: foreign.code, message: foreign.message });
	});

	it('soft deletes a motif with RDVs (freeing its name) and hard deletes an unused one', async () => {
		const used = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'À supprimer' }));
		await rdvOn(w, used);
		expect(await softDeleteMotif(w.admin, w.ids.arras, used.id)).toEqual({ mode: 'soft' });
		const stored = await Motif.findById(used.id).lean();
		expect(stored?.deletedAt).toBeInstanceOf(Date);
		expect(stored?.nameKey).toBeUndefined();
		expect((await listMotifs(w.ids.arras)).map((m) => m.id)).not.toContain(used.id);
		expect((await listMotifs(w.ids.arras, { includeDeleted: true })).find((m) => m.id === used.id)?.deleted).toBe(true);
		await expect(createMotif(w.admin, w.ids.arras, motifInput({ name: 'À supprimer' }))).resolves.toBeDefined();

		const withPlage = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Sur une plage' }));
		await plageOn(w, withPlage.id);
		expect(await softDeleteMotif(w.admin, w.ids.arras, withPlage.id)).toEqual({ mode: 'soft' });

		const unused = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Jamais servi' }));
		expect(await softDeleteMotif(w.admin, w.ids.arras, unused.id)).toEqual({ mode: 'hard' });
		expect(await Motif.exists({ _id: unused.id })).toBeNull();
	});

	it('filters the list and shows basic agents only the motifs of their services', async () => {
		await createMotif(
			w.admin,
			w.ids.arras,
			motifInput({ name: 'Consultation PMI en ligne', serviceId: w.ids.pmi, bookableBy: 'everyone' })
		);
		await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Réunion collective', collective: true }));

		const online = await listMotifs(w.ids.arras, { bookableOnline: true });
		expect(online.map((m) => m.name)).toEqual(['Consultation PMI en ligne']);
		expect((await listMotifs(w.ids.arras, { collective: true })).map((m) => m.name)).toEqual(['Réunion collective']);
		expect((await listMotifs(w.ids.arras, { name: 'reunion' })).map((m) => m.name)).toEqual(['Réunion collective']);
		expect(
			(await listMotifs(w.ids.arras, { serviceId: w.ids.pmi, locationType: 'public_office' })).every(
				(m) => m.serviceId === w.ids.pmi && m.locationType === 'public_office'
			)
		).toBe(true);

		const seenByBasic = await listMotifs(w.ids.arras, {}, w.basic);
		expect(seenByBasic.length).toBeGreaterThan(0);
		expect(seenByBasic.every((m) => m.serviceId === w.ids.pmi)).toBe(true);
		const socialMotif = (await listMotifs(w.ids.arras, { serviceId: w.ids.social }))[0]!;
		expect(await getMotif(w.ids.arras, socialMotif.id, w.basic)).toBeNull();
		expect(await getMotif(w.ids.arras, socialMotif.id, w.admin)).toMatchObject({ id: socialMotif.id });
	});

	it('lets only the organisation’s admins create, edit, duplicate or delete motifs', async () => {
		const motif = await createMotif(w.admin, w.ids.arras, motifInput({ name: 'Réservé aux admins' }));
		expect((await refusal(createMotif(w.basic, w.ids.arras, motifInput({ name: 'Non' })))).code).toBe('forbidden');
		expect((await refusal(createMotif(w.lensAdmin, w.ids.arras, motifInput({ name: 'Non' })))).code).toBe('forbidden');
		expect((await refusal(updateMotif(w.lensAdmin, w.ids.arras, motif.id, { name: 'Non' }))).code).toBe('forbidden');
		expect((await refusal(duplicateMotif(w.basic, w.ids.arras, motif.id))).code).toBe('forbidden');
		expect((await refusal(softDeleteMotif(w.lensAdmin, w.ids.arras, motif.id))).code).toBe('forbidden');
		// Through an organisation it administers, another organisation's motif does not exist.
		expect((await refusal(updateMotif(w.lensAdmin, w.ids.lens, motif.id, { name: 'Non' }))).code).toBe('not_found');
	});
});
