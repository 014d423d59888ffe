/**
 * /api/v1/organisations/{orgId}/usagers: list and search, create with duplicate warnings, read, update,
 * relatives; foreign usagers answer 404 like unknown ones. Every response is checked against the OpenAPI document.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Usager } from '../../src/lib/server/db/models/usager.ts';
import * as list from '../../src/routes/api/v1/organisations/[orgId]/usagers/+server.ts';
import * as one from '../../src/routes/api/v1/organisations/[orgId]/usagers/[usagerId]/+server.ts';
import * as relatives from '../../src/routes/api/v1/organisations/[orgId]/usagers/[usagerId]/relatives/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { createSchedulingFixture, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let bob = '';
let dora = '';
const { call, unvalidated } = documentedApi(openApiDocument());

const base = (org = f.arras) => `/api/v1/organisations/${org}/usagers`;
const get = (query = '', token = bob, org = f.arras) =>
	call(list.GET, { path: `${base(org)}${query}`, params: { orgId: org }, token });
const create = (body: unknown, token = bob, org = f.arras) =>
	call(list.POST, { method: 'POST', path: base(org), params: { orgId: org }, body, token });
const read = (usagerId: string, token = bob, org = f.arras) =>
	call(one.GET, { path: `${base(org)}/${usagerId}`, params: { orgId: org, usagerId }, token });
const patch = (usagerId: string, body: unknown, token = bob, org = f.arras) =>
	call(one.PATCH, { method: 'PATCH', path: `${base(org)}/${usagerId}`, params: { orgId: org, usagerId }, body, token });
const relativesOf = (usagerId: string, token = bob, org = f.arras) =>
	call(relatives.GET, { path: `${base(org)}/${usagerId}/relatives`, params: { orgId: org, usagerId }, token });
const addRelative = (usagerId: string, body: unknown, token = bob, org = f.arras) =>
	call(relatives.POST, {
		method: 'POST',
		path: `${base(org)}/${usagerId}/relatives`,
		params: { orgId: org, usagerId },
		body,
		token
	});

type Body = {
	data?: { id: string; lastName: string }[];
	nextCursor?: string;
	error?: { code: string; details?: unknown };
};

beforeAll(async () => {
	f = await createSchedulingFixture();
	bob = (await createApiToken(f.bob, 'Tests usagers')).token;
	dora = (await createApiToken(f.dora, 'Tests usagers')).token;
});

describe('usagers API', () => {
	let sami = '';

	it('creates, then warns about a duplicate until confirmed; an e-mail taken is a 422', async () => {
		const created = await create({
			firstName: 'Sami',
			lastName: 'Haddad',
			birthDate: '1985-02-11',
			phone: '06 98 76 54 32',
			email: 'sami@exemple.fr',
			postcode: '62000',
			notifyBySms: false
		});
		expect(created.status).toBe(201);
		sami = (created.body as { id: string }).id;
		expect(created.body).toMatchObject({ firstName: 'Sami', phone: '+33698765432' });

		const twin = { firstName: 'SAMI', lastName: 'Haddad', birthDate: '1985-02-11' };
		const warned = await create(twin);
		expect(warned.status).toBe(409);
		expect(warned.body).toMatchObject({
			error: {
				code: 'needs_confirmation',
				details: { warnings: [{ reason: 'name_birth_date', usager: { id: sami } }] }
			}
		});
		expect((await create({ ...twin, confirm: true })).status).toBe(201);

		const taken = await create({ firstName: 'Autre', lastName: 'Personne', email: 'SAMI@exemple.fr' });
		expect(taken.status).toBe(422);
		expect(taken.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'email' }] } });

		const invalid = await create({ firstName: '', lastName: 'X', postcode: 'abc' });
		expect(invalid.status).toBe(422);
		expect((invalid.body as Body).error?.details).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ path: 'firstName' }),
				expect.objectContaining({ path: 'postcode' })
			])
		);
	});

	it('searches and pages through the list', async () => {
		const found = await get('?q=haddad%2011/02/1985');
		expect(found.status).toBe(200);
		expect((found.body as Body).data?.map((u) => u.lastName)).toEqual(['Haddad', 'Haddad']);
		expect((await get('?q=0698765432')).body).toMatchObject({ data: [{ id: sami }] });

		const seen: string[] = [];
		let cursor: string | undefined;
		do {
			const page = await get(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
			expect(page.status).toBe(200);
			seen.push(...((page.body as Body).data ?? []).map((u) => u.id));
			cursor = (page.body as Body).nextCursor;
		} while (cursor);
		const all = await Usager.find({
			organisationIds: new Types.ObjectId(f.arras),
			deletedAt: { $exists: false }
		}).lean();
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.sort()).toEqual(all.map((u) => String(u._id)).sort());

		expect((await get('?cursor=forged')).status).toBe(422);
		expect((await get('?limit=1000')).status).toBe(422);
	});

	it('reads and patches only what is sent; null clears', async () => {
		const record = await read(sami);
		expect(record.status).toBe(200);
		expect(record.body).toMatchObject({ id: sami, address: { postcode: '62000' }, notifyBySms: false, relatives: [] });

		const patched = await patch(sami, { city: 'Arras', postcode: null, notes: 'Vient avec un interprète.' });
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({
			firstName: 'Sami',
			birthDate: '1985-02-11',
			phone: '+33698765432',
			email: 'sami@exemple.fr',
			address: { city: 'Arras' },
			notes: 'Vient avec un interprète.',
			notifyBySms: false
		});
		expect((patched.body as { address: object }).address).not.toHaveProperty('postcode');
		expect((await patch(sami, { phone: '12' })).status).toBe(422);
		expect((await patch(sami, { lastName: 'Haddad', unknown: 1 })).status).toBe(422);
	});

	it('adds and lists relatives, one level only', async () => {
		const child = await addRelative(sami, { firstName: 'Lina', lastName: 'Haddad' });
		expect(child.status).toBe(201);
		const childId = (child.body as { id: string; responsibleId: string }).id;
		expect(child.body).toMatchObject({ responsibleId: sami });
		expect((await relativesOf(sami)).body).toEqual({ data: [expect.objectContaining({ id: childId })] });
		expect((await read(sami)).body).toMatchObject({ relatives: [{ id: childId }] });

		const grandChild = await addRelative(childId, { firstName: 'Petit', lastName: 'Haddad' });
		expect(grandChild.status).toBe(409);
		expect(grandChild.body).toMatchObject({ error: { code: 'conflict' } });
	});

	it('answers 404 alike for unknown usagers, usagers of another organisation and foreign organisations', async () => {
		const lensOnly = String(
			(await Usager.create({ firstName: 'Loin', lastName: 'Lens', profiles: [{ organisationId: f.lens }] }))._id
		);
		for (const id of [lensOnly, new Types.ObjectId().toHexString()]) {
			for (const res of [
				await read(id),
				await patch(id, { firstName: 'X' }),
				await relativesOf(id),
				await addRelative(id, { firstName: 'A', lastName: 'B' })
			]) {
				expect(res.status).toBe(404);
				expect(res.body).toEqual({ error: { code: 'not_found', message: 'Usager introuvable.' } });
			}
		}
		// Dora works in Lens only: Arras does not exist for her.
		expect((await get('', dora)).status).toBe(404);
		expect((await read(sami, dora)).status).toBe(404);
		expect((await create({ firstName: 'A', lastName: 'B' }, dora)).status).toBe(404);
		// Lens answers its own usager, never Arras's.
		expect((await read(lensOnly, dora, f.lens)).status).toBe(200);
		expect((await read(sami, dora, f.lens)).status).toBe(404);
		expect((await get('?q=haddad', dora, f.lens)).body).toEqual({ data: [] });
	});

	it('validated every success response of its endpoints', () => {
		const ours = apiEndpoints().filter((e) => e.path.includes('/usagers'));
		expect(ours.map((e) => `${e.method} ${e.path}`).sort()).toEqual([
			'GET /api/v1/organisations/{orgId}/usagers',
			'GET /api/v1/organisations/{orgId}/usagers/{usagerId}',
			'GET /api/v1/organisations/{orgId}/usagers/{usagerId}/relatives',
			'PATCH /api/v1/organisations/{orgId}/usagers/{usagerId}',
			'POST /api/v1/organisations/{orgId}/usagers',
			'POST /api/v1/organisations/{orgId}/usagers/{usagerId}/relatives'
		]);
		expect(unvalidated(ours)).toEqual([]);
	});
});
