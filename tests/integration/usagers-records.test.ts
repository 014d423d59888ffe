/**
 * Usager records against the real embedded database: search by every key kind, the alphabetical list's
 * cursor pagination (every usager exactly once, in order), relatives, referents, edition and the start-up
 * backfill of usagers stored before the search keys.
 */
import fc from 'fast-check';
import mongoose, { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { sortName } from '../../src/lib/domain/usager-search-keys.ts';
import { Usager, UsagerNameBucket } from '../../src/lib/server/db/models/usager.ts';
import {
	createUsager,
	ensureUsagerSearchKeys,
	getUsagerRecord,
	listRelatives,
	listUsagers,
	searchUsagers,
	setReferent,
	updateUsager,
	UsagerCursorError
} from '../../src/lib/server/services/usagers.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let nadia: string;

beforeAll(async () => {
	f = await createSchedulingFixture();
	const created = await createUsager({
		organisationId: f.arras,
		firstName: 'Nadia',
		lastName: 'Benali',
		birthName: 'Chérif',
		phone: '07 81 23 45 67',
		email: 'nadia.benali@exemple.fr',
		birthDate: '1990-05-04',
		street: '3 rue des Lilas',
		postcode: '62000',
		city: 'Arras',
		notes: 'Préfère le matin.',
		caseNumber: 'D-42',
		familySituation: 'single_parent',
		numberOfChildren: 2,
		notifyBySms: false
	});
	if (!created.ok) throw new Error(JSON.stringify(created));
	nadia = created.usager.id;
	// Same names in another organisation: never found from Arras.
	await Usager.create({ firstName: 'Nadia', lastName: 'Benali', profiles: [{ organisationId: f.lens }] });
});

describe('search by each kind of key', () => {
	const ids = async (q: string, org = () => f.arras) => (await searchUsagers(org(), q)).map((u) => u.id);

	it('finds by last, first and birth name starts, phone forms, e-mail and birth date forms', async () => {
		for (const q of [
			'ben',
			'BENALI nad',
			'chérif',
			'0781234567',
			'07 81 23 45 67',
			'+33781234567',
			'Nadia.Benali@exemple.fr',
			'04/05/1990',
			'1990-05-04',
			'benali 04/05/1990'
		])
			expect(await ids(q), q).toEqual([nadia]);
	});

	it('finds nothing for a wrong part, a foreign organisation or an inner substring', async () => {
		for (const q of ['benali 05/04/1990', 'benali zz', 'nadia martin', 'enali', '0781234568', 'n'])
			expect(await ids(q), q).toEqual([]);
		expect((await searchUsagers(f.lens, 'benali')).map((u) => u.id)).not.toContain(nadia);
	});
});

describe('the alphabetical list', () => {
	it('pages through every usager exactly once, in name order, whatever the page size', async () => {
		const org = new Types.ObjectId();
		const names = fc.sample(
			fc.record({
				lastName: fc.constantFrom('Martin', 'Martinez', 'Ma', 'Bernard', 'Ébrard', 'de La Tour', 'Zola', 'Ö', 'Y'),
				firstName: fc.constantFrom('Anne', 'Élise', 'Jean', 'Zoé')
			}),
			{ numRuns: 60, seed: 16 }
		);
		await Usager.insertMany(names.map((n) => ({ ...n, profiles: [{ organisationId: org }] })));
		// Deleted ones are not listed.
		await Usager.create({
			firstName: 'X',
			lastName: 'Martin',
			deletedAt: new Date(),
			profiles: [{ organisationId: org }]
		});
		const expected = (await Usager.find({ organisationIds: org, deletedAt: { $exists: false } }).lean())
			.map((u) => ({ id: String(u._id), key: sortName(u.lastName, u.firstName) }))
			.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
			.map((u) => u.id);
		expect(expected).toHaveLength(60);

		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 1, max: 25 }), async (limit) => {
				const seen: string[] = [];
				let cursor: string | undefined;
				do {
					const page = await listUsagers(String(org), { cursor, limit });
					expect(page.items.length).toBeLessThanOrEqual(limit);
					seen.push(...page.items.map((u) => u.id));
					cursor = page.nextCursor;
				} while (cursor);
				expect(seen).toEqual(expected);
			}),
			{ numRuns: 6 }
		);
	});

	it('refuses a forged cursor and lists nothing for a bad organisation id', async () => {
		await expect(listUsagers(f.arras, { cursor: 'nope' })).rejects.toBeInstanceOf(UsagerCursorError);
		expect(await listUsagers('nope')).toEqual({ items: [] });
	});
});

describe('the record', () => {
	it('holds every field of the organisation’s profile', async () => {
		const record = await getUsagerRecord(f.arras, nadia);
		expect(record).toMatchObject({
			firstName: 'Nadia',
			birthName: 'Chérif',
			phone: '+33781234567',
			address: { street: '3 rue des Lilas', postcode: '62000', city: 'Arras' },
			notes: 'Préfère le matin.',
			caseNumber: 'D-42',
			familySituation: 'single_parent',
			numberOfChildren: 2,
			notifyBySms: false,
			notifyByEmail: true,
			referents: [],
			relatives: []
		});
		// Another organisation's agent sees it as unknown.
		expect(await getUsagerRecord(f.lens, nadia)).toBeNull();
		expect(await getUsagerRecord(f.arras, new Types.ObjectId().toHexString())).toBeNull();
	});

	it('lists relatives and names the responsible', async () => {
		const child = await createUsager({
			organisationId: f.arras,
			firstName: 'Inès',
			lastName: 'Benali',
			responsibleId: nadia
		});
		if (!child.ok) throw new Error(JSON.stringify(child));
		expect((await listRelatives(f.arras, nadia))?.map((u) => u.firstName)).toEqual(['Inès']);
		expect(await listRelatives(f.lens, nadia)).toBeNull();
		expect((await getUsagerRecord(f.arras, child.usager.id))?.responsible?.id).toBe(nadia);
		expect((await getUsagerRecord(f.arras, nadia))?.relatives.map((u) => u.id)).toEqual([child.usager.id]);
	});

	it('adds and removes referents, members of the organisation only', async () => {
		const added = await setReferent(f.arras, nadia, f.bob, true);
		expect(added).toMatchObject({ ok: true, usager: { referents: [{ id: f.bob, firstName: 'Bob' }] } });
		expect((await Usager.findById(nadia).lean())?.referentAgentIds.map(String)).toEqual([f.bob]);
		// Dora works in Lens only.
		expect(await setReferent(f.arras, nadia, f.dora, true)).toEqual({
			ok: false,
			kind: 'invalid',
			errors: { agentId: 'Choisissez un agent de l’organisation.' }
		});
		expect(await setReferent(f.lens, nadia, f.dora, true)).toEqual({ ok: false, kind: 'not_found' });
		expect(await setReferent(f.arras, nadia, f.bob, false)).toMatchObject({ ok: true, usager: { referents: [] } });
	});

	it('edits the fields and keeps the search keys right', async () => {
		const edited = await updateUsager(f.arras, nadia, {
			firstName: 'Nadia',
			lastName: 'Benali-Roux',
			phone: '06 11 22 33 44',
			email: 'nadia.benali@exemple.fr',
			birthDate: '1990-05-04',
			notes: 'Préfère l’après-midi.'
		});
		expect(edited).toMatchObject({
			ok: true,
			usager: { lastName: 'Benali-Roux', phone: '+33611223344', notifyBySms: true }
		});
		expect((await searchUsagers(f.arras, 'roux')).map((u) => u.id)).toEqual([nadia]);
		expect(await searchUsagers(f.arras, '0781234567')).toEqual([]);
		expect((await getUsagerRecord(f.arras, nadia))?.birthName).toBeUndefined();

		expect(await updateUsager(f.arras, nadia, { firstName: '', lastName: 'X', postcode: '620' })).toEqual({
			ok: false,
			kind: 'invalid',
			errors: { firstName: 'Saisissez le prénom.', postcode: 'Code postal invalide : 5 chiffres, par exemple 62000.' }
		});
		await Usager.create({ firstName: 'Pris', lastName: 'Ailleurs', email: 'pris@exemple.fr', profiles: [] });
		expect(await updateUsager(f.arras, nadia, { firstName: 'Nadia', lastName: 'B', email: 'PRIS@exemple.fr' })).toEqual(
			{
				ok: false,
				kind: 'invalid',
				errors: { email: 'Un usager utilise déjà cette adresse e-mail.' }
			}
		);
		expect(await updateUsager(f.lens, nadia, { firstName: 'A', lastName: 'B' })).toEqual({
			ok: false,
			kind: 'not_found'
		});
	});

	it('warns about the same e-mail in the organisation with the existing record', async () => {
		const again = await createUsager({
			organisationId: f.arras,
			firstName: 'N',
			lastName: 'B',
			email: 'nadia.benali@exemple.fr'
		});
		expect(again).toMatchObject({ ok: false, kind: 'invalid', existing: { id: nadia } });
	});
});

describe('start-up backfill', () => {
	it('gives usagers stored without keys their keys and buckets, once', async () => {
		const org = new Types.ObjectId();
		const raw = await Usager.collection.insertOne({
			firstName: 'Ancien',
			lastName: 'Dossier',
			phone: '+33612121212',
			profiles: [{ organisationId: org }],
			organisationIds: [org]
		});
		await mongoose.connection.collection('readmodelmarkers').deleteOne({ _id: 'usager-search-keys' as never });
		expect(await searchUsagers(String(org), 'dossier')).toEqual([]);

		expect(await ensureUsagerSearchKeys()).toBeGreaterThan(0);
		expect((await searchUsagers(String(org), 'dossier')).map((u) => u.id)).toEqual([String(raw.insertedId)]);
		expect((await searchUsagers(String(org), '06 12 12 12 12')).map((u) => u.id)).toEqual([String(raw.insertedId)]);
		expect(await UsagerNameBucket.exists({ organisationId: org, bucket: 'do' })).not.toBeNull();
		expect((await listUsagers(String(org))).items.map((u) => u.id)).toEqual([String(raw.insertedId)]);
		// The marker makes later starts free.
		expect(await ensureUsagerSearchKeys()).toBe(0);
	});
});
