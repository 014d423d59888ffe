/** Usager search (name, phone, e-mail within one organisation) and minimal creation with duplicate warnings. */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Usager } from '../../src/lib/server/db/models/index.ts';
import { createUsager, searchUsagers } from '../../src/lib/server/services/usagers.ts';

const orgA = new Types.ObjectId().toHexString();
const orgB = new Types.ObjectId().toHexString();

beforeAll(async () => {
	await Usager.insertMany([
		{ firstName: 'Éloïse', lastName: 'de La Tour', phone: '06 12 34 56 78', profiles: [{ organisationId: orgA }] },
		{ firstName: 'Louis', lastName: 'Tourneur', email: 'louis@exemple.fr', profiles: [{ organisationId: orgA }] },
		{ firstName: 'Eloise', lastName: 'Martin', profiles: [{ organisationId: orgB }] },
		{ firstName: 'Paul', lastName: 'Supprimé', deletedAt: new Date(), profiles: [{ organisationId: orgA }] }
	]);
});

describe('searchUsagers', () => {
	it('matches word starts of names, accent- and case-insensitively, within the organisation', async () => {
		const names = async (q: string) => (await searchUsagers(orgA, q)).map((u) => u.lastName);
		expect(await names('eloise')).toEqual(['de La Tour']);
		expect(await names('TOUR')).toEqual(['de La Tour', 'Tourneur']);
		expect(await names('tour louis')).toEqual(['Tourneur']);
		// A word must start a word: 'our' is inside 'Tour' only.
		expect(await names('our')).toEqual([]);
		// Deleted usagers and other organisations' usagers are not found.
		expect(await names('paul')).toEqual([]);
		expect(await names('martin')).toEqual([]);
		expect((await searchUsagers(orgB, 'éloïse')).map((u) => u.lastName)).toEqual(['Martin']);
	});

	it('finds by phone whatever its format, and by exact e-mail', async () => {
		expect((await searchUsagers(orgA, '+33612345678')).map((u) => u.firstName)).toEqual(['Éloïse']);
		expect((await searchUsagers(orgA, '06.12.34.56.78')).map((u) => u.firstName)).toEqual(['Éloïse']);
		expect((await searchUsagers(orgA, 'LOUIS@exemple.fr')).map((u) => u.firstName)).toEqual(['Louis']);
		expect(await searchUsagers(orgB, 'louis@exemple.fr')).toEqual([]);
	});

	it('returns nothing for an empty query or a bad organisation id', async () => {
		expect(await searchUsagers(orgA, '   ')).toEqual([]);
		expect(await searchUsagers('nope', 'tour')).toEqual([]);
	});
});

describe('createUsager', () => {
	it('validates with French messages', async () => {
		const result = await createUsager({ organisationId: orgA, firstName: ' ', lastName: 'X', phone: '123' });
		expect(result).toEqual({
			ok: false,
			kind: 'invalid',
			errors: { firstName: 'Saisissez le prénom.', phone: 'Numéro de téléphone invalide, par exemple 06 12 34 56 78.' }
		});
	});

	it('creates an usager with a profile in the organisation and a normalised phone', async () => {
		const result = await createUsager({
			organisationId: orgA,
			firstName: 'Nadia',
			lastName: 'Benali',
			phone: '07 81 23 45 67',
			birthDate: '1990-05-04'
		});
		if (!result.ok) throw new Error(JSON.stringify(result));
		expect(result.usager).toMatchObject({ firstName: 'Nadia', phone: '+33781234567', phoneIsMobile: true });
		expect((await searchUsagers(orgA, 'benali')).map((u) => u.id)).toEqual([result.usager.id]);
	});

	it('warns about the same phone or the same names and birth date, unless allowed', async () => {
		const samePhone = await createUsager({
			organisationId: orgA,
			firstName: 'Autre',
			lastName: 'Personne',
			phone: '0612345678'
		});
		expect(samePhone).toMatchObject({ ok: false, kind: 'duplicates', duplicates: [{ reason: 'phone' }] });

		const sameName = await createUsager({
			organisationId: orgA,
			firstName: 'NADIA',
			lastName: 'Bénali',
			birthDate: '1990-05-04'
		});
		expect(sameName).toMatchObject({ ok: false, kind: 'duplicates', duplicates: [{ reason: 'name_birth_date' }] });

		const forced = await createUsager({
			organisationId: orgA,
			firstName: 'Autre',
			lastName: 'Personne',
			phone: '0612345678',
			allowDuplicates: true
		});
		expect(forced.ok).toBe(true);
	});

	it('refuses an e-mail already used', async () => {
		const result = await createUsager({
			organisationId: orgB,
			firstName: 'Louis',
			lastName: 'Bis',
			email: 'Louis@Exemple.fr'
		});
		expect(result).toEqual({
			ok: false,
			kind: 'invalid',
			errors: { email: 'Un usager utilise déjà cette adresse e-mail.' }
		});
	});
});

describe('createUsager with a responsible (« proche »)', () => {
	it('creates a relative of an usager of the same organisation', async () => {
		const parent = await createUsager({ organisationId: orgA, firstName: 'Mère', lastName: 'Proche' });
		if (!parent.ok) throw new Error(JSON.stringify(parent));
		const child = await createUsager({
			organisationId: orgA,
			firstName: 'Enfant',
			lastName: 'Proche',
			responsibleId: parent.usager.id
		});
		if (!child.ok) throw new Error(JSON.stringify(child));
		expect(child.usager.responsibleId).toBe(parent.usager.id);
		expect((await Usager.findById(child.usager.id).lean())?.responsibleId?.toHexString()).toBe(parent.usager.id);

		// One level only: a relative cannot be responsible for another.
		expect(
			await createUsager({
				organisationId: orgA,
				firstName: 'Petit',
				lastName: 'Proche',
				responsibleId: child.usager.id
			})
		).toMatchObject({ ok: false, kind: 'invalid', errors: { responsibleId: expect.stringContaining('proche') } });
	});

	it('refuses a responsible of another organisation like an unknown one', async () => {
		const foreign = await Usager.create({
			firstName: 'Loin',
			lastName: 'Ailleurs',
			profiles: [{ organisationId: orgB }]
		});
		for (const responsibleId of [foreign._id.toHexString(), new Types.ObjectId().toHexString(), 'nope']) {
			expect(
				await createUsager({ organisationId: orgA, firstName: 'Enfant', lastName: 'Ailleurs', responsibleId })
			).toEqual({ ok: false, kind: 'invalid', errors: { responsibleId: 'Usager responsable introuvable.' } });
		}
		expect(await Usager.exists({ lastName: 'Ailleurs', responsibleId: { $exists: true } })).toBeNull();
	});
});
