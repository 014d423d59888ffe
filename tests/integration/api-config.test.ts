/**
 * /api/v1 lieux and motifs with real tokens: CRUD, permissions (401/403/404), validation (422), conflicts (409),
 * every response checked against the OpenAPI document.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import * as lieuItem from '../../src/routes/api/v1/organisations/[orgId]/lieux/[lieuId]/+server.ts';
import * as lieuList from '../../src/routes/api/v1/organisations/[orgId]/lieux/+server.ts';
import * as motifItem from '../../src/routes/api/v1/organisations/[orgId]/motifs/[motifId]/+server.ts';
import * as motifList from '../../src/routes/api/v1/organisations/[orgId]/motifs/+server.ts';
import { openApiShapeErrors, responseChecker } from '../helpers/openapi.ts';
import { callEndpoint, type EventInit } from '../helpers/request-event.ts';
import { buildConfigWorld, rdvOn, type ConfigWorld } from '../helpers/config-fixtures.ts';

type Handler = Parameters<typeof callEndpoint>[0];

let w: ConfigWorld;
const tokens = { admin: '', basic: '', lensAdmin: '' };
const doc = openApiDocument();
const checker = responseChecker(doc);
const exercised = new Set<string>();

async function call(handler: Handler, init: EventInit & { token?: string }) {
	const headers = { ...init.headers, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) };
	const res = await callEndpoint(handler, { ...init, headers });
	const method = init.method ?? 'GET';
	const path = new URL(init.path, 'http://x').pathname;
	expect(checker.errors(method, path, res.status, res.body), `${method} ${path} → ${res.status}`).toEqual([]);
	exercised.add(`${method} ${checker.templateOf(path)} ${res.status}`);
	return res;
}

const lieuxPath = (org: string) => `/api/v1/organisations/${org}/lieux`;
const motifsPath = (org: string) => `/api/v1/organisations/${org}/motifs`;

beforeAll(async () => {
	w = await buildConfigWorld();
	for (const key of ['admin', 'basic', 'lensAdmin'] as const) {
		tokens[key] = (await createApiToken(w[key].id, 'Tests')).token;
	}
});

describe('the OpenAPI document', () => {
	it('stays a valid OpenAPI 3.1 document with the configuration endpoints', () => {
		expect(openApiShapeErrors(doc)).toEqual([]);
		for (const path of [
			'/api/v1/organisations/{orgId}/lieux',
			'/api/v1/organisations/{orgId}/lieux/{lieuId}',
			'/api/v1/organisations/{orgId}/motifs',
			'/api/v1/organisations/{orgId}/motifs/{motifId}'
		]) {
			expect(doc.paths[path], path).toBeDefined();
		}
	});
});

describe('lieux', () => {
	it('creates, reads, lists, patches and deletes a lieu', async () => {
		const org = w.ids.arras;
		const created = await call(lieuList.POST, {
			method: 'POST',
			path: lieuxPath(org),
			params: { orgId: org },
			token: tokens.admin,
			body: { name: 'Antenne Sud', address: '12 rue Gambetta, 62000 Arras', phone: '0321000001' }
		});
		expect(created.status).toBe(201);
		const lieu = created.body as { id: string; phone: string; availability: string };
		expect(lieu).toMatchObject({ phone: '+33321000001', availability: 'enabled', organisationId: org });

		const params = { orgId: org, lieuId: lieu.id };
		const read = await call(lieuItem.GET, { path: `${lieuxPath(org)}/${lieu.id}`, params, token: tokens.basic });
		expect(read.status).toBe(200);

		const listed = await call(lieuList.GET, {
			path: `${lieuxPath(org)}?includeDisabled=true`,
			params: { orgId: org },
			token: tokens.basic
		});
		expect((listed.body as { data: { id: string }[] }).data.map((l) => l.id)).toContain(lieu.id);

		const patched = await call(lieuItem.PATCH, {
			method: 'PATCH',
			path: `${lieuxPath(org)}/${lieu.id}`,
			params,
			token: tokens.admin,
			body: { name: 'Antenne Sud (rénovée)' }
		});
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ name: 'Antenne Sud (rénovée)', address: '12 rue Gambetta, 62000 Arras' });

		const deleted = await call(lieuItem.DELETE, {
			method: 'DELETE',
			path: `${lieuxPath(org)}/${lieu.id}`,
			params,
			token: tokens.admin
		});
		expect(deleted.status).toBe(204);
		const gone = await call(lieuItem.GET, { path: `${lieuxPath(org)}/${lieu.id}`, params, token: tokens.admin });
		expect(gone.status).toBe(404);
	});

	it('answers 401 without a token, 403 to a basic agent, 404 for another organisation, 422 on bad input', async () => {
		const org = w.ids.arras;
		const body = { name: 'Refusé', address: '1 rue X' };
		const anonymous = await call(lieuList.GET, { path: lieuxPath(org), params: { orgId: org } });
		expect(anonymous.status).toBe(401);

		const basic = await call(lieuList.POST, {
			method: 'POST',
			path: lieuxPath(org),
			params: { orgId: org },
			token: tokens.basic,
			body
		});
		expect(basic.status).toBe(403);
		expect(basic.body).toMatchObject({ error: { code: 'forbidden' } });

		const foreign = await call(lieuList.POST, {
			method: 'POST',
			path: lieuxPath(org),
			params: { orgId: org },
			token: tokens.lensAdmin,
			body
		});
		expect(foreign.status).toBe(404);

		const invalid = await call(lieuList.POST, {
			method: 'POST',
			path: lieuxPath(org),
			params: { orgId: org },
			token: tokens.admin,
			body: { name: '', address: 'Quelque part', phone: 'abc' }
		});
		expect(invalid.status).toBe(422);
		const details = (invalid.body as { error: { details: { path: string; message: string }[] } }).error.details;
		expect(details).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ path: 'name', message: 'Le nom est obligatoire.' }),
				expect.objectContaining({ path: 'phone', message: 'Numéro de téléphone invalide.' })
			])
		);
	});

	it('answers 409 when deleting a lieu that RDVs use', async () => {
		const org = w.ids.arras;
		const lieu = (
			await call(lieuList.POST, {
				method: 'POST',
				path: lieuxPath(org),
				params: { orgId: org },
				token: tokens.admin,
				body: { name: 'Occupé', address: '5 rue Y, Arras' }
			})
		).body as { id: string };
		const motif = (
			await call(motifList.POST, {
				method: 'POST',
				path: motifsPath(org),
				params: { orgId: org },
				token: tokens.admin,
				body: { name: 'Pour le lieu occupé', serviceId: w.ids.social, locationType: 'public_office' }
			})
		).body as { id: string; serviceId: string; locationType: string };
		await rdvOn(w, motif, lieu.id);
		const res = await call(lieuItem.DELETE, {
			method: 'DELETE',
			path: `${lieuxPath(org)}/${lieu.id}`,
			params: { orgId: org, lieuId: lieu.id },
			token: tokens.admin
		});
		expect(res.status).toBe(409);
		expect(res.body).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('désactivé') } });
	});
});

describe('motifs', () => {
	it('creates, reads, lists with filters, patches and deletes a motif', async () => {
		const org = w.ids.arras;
		const created = await call(motifList.POST, {
			method: 'POST',
			path: motifsPath(org),
			params: { orgId: org },
			token: tokens.admin,
			body: {
				name: 'Bilan de santé',
				serviceId: w.ids.pmi,
				locationType: 'public_office',
				bookableBy: 'everyone',
				maxBookingDelayMinutes: 30 * 24 * 60
			}
		});
		expect(created.status).toBe(201);
		const motif = created.body as { id: string };
		const params = { orgId: org, motifId: motif.id };

		const listed = await call(motifList.GET, {
			path: `${motifsPath(org)}?bookableOnline=true&name=bilan`,
			params: { orgId: org },
			token: tokens.basic
		});
		expect((listed.body as { data: { name: string }[] }).data.map((m) => m.name)).toEqual(['Bilan de santé']);

		const read = await call(motifItem.GET, { path: `${motifsPath(org)}/${motif.id}`, params, token: tokens.basic });
		expect(read.status).toBe(200);

		const patched = await call(motifItem.PATCH, {
			method: 'PATCH',
			path: `${motifsPath(org)}/${motif.id}`,
			params,
			token: tokens.admin,
			body: { durationMinutes: 45, customCancelWarning: 'Prévenez 48 h avant.' }
		});
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ durationMinutes: 45, customCancelWarning: 'Prévenez 48 h avant.' });

		const deleted = await call(motifItem.DELETE, {
			method: 'DELETE',
			path: `${motifsPath(org)}/${motif.id}`,
			params,
			token: tokens.admin
		});
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({ mode: 'hard' });
	});

	it('hides motifs of other services from basic agents and refuses them writes', async () => {
		const org = w.ids.arras;
		const social = (
			await call(motifList.POST, {
				method: 'POST',
				path: motifsPath(org),
				params: { orgId: org },
				token: tokens.admin,
				body: { name: 'Aide sociale', serviceId: w.ids.social, locationType: 'phone' }
			})
		).body as { id: string };
		const params = { orgId: org, motifId: social.id };
		const hidden = await call(motifItem.GET, { path: `${motifsPath(org)}/${social.id}`, params, token: tokens.basic });
		expect(hidden.status).toBe(404);
		const patch = await call(motifItem.PATCH, {
			method: 'PATCH',
			path: `${motifsPath(org)}/${social.id}`,
			params,
			token: tokens.basic,
			body: { name: 'Non' }
		});
		expect(patch.status).toBe(403);
		const foreign = await call(motifItem.DELETE, {
			method: 'DELETE',
			path: `${motifsPath(org)}/${social.id}`,
			params,
			token: tokens.lensAdmin
		});
		expect(foreign.status).toBe(404);
	});

	it('answers 422 for a locked field, a bad window or a bad query, and 409 for a duplicate name', async () => {
		const org = w.ids.arras;
		const body = { name: 'Entretien', serviceId: w.ids.social, locationType: 'public_office' };
		const motif = (
			await call(motifList.POST, {
				method: 'POST',
				path: motifsPath(org),
				params: { orgId: org },
				token: tokens.admin,
				body
			})
		).body as { id: string; serviceId: string; locationType: string };
		const duplicate = await call(motifList.POST, {
			method: 'POST',
			path: motifsPath(org),
			params: { orgId: org },
			token: tokens.admin,
			body
		});
		expect(duplicate.status).toBe(409);

		await rdvOn(w, motif);
		const params = { orgId: org, motifId: motif.id };
		const locked = await call(motifItem.PATCH, {
			method: 'PATCH',
			path: `${motifsPath(org)}/${motif.id}`,
			params,
			token: tokens.admin,
			body: { locationType: 'visio' }
		});
		expect(locked.status).toBe(422);
		expect(locked.body).toMatchObject({
			error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'locationType' })] }
		});

		const window = await call(motifList.POST, {
			method: 'POST',
			path: motifsPath(org),
			params: { orgId: org },
			token: tokens.admin,
			body: { ...body, name: 'Fenêtre', minBookingDelayMinutes: 60, maxBookingDelayMinutes: 60 }
		});
		expect(window.status).toBe(422);

		const badQuery = await call(motifList.GET, {
			path: `${motifsPath(org)}?collective=peut-être`,
			params: { orgId: org },
			token: tokens.admin
		});
		expect(badQuery.status).toBe(422);

		const soft = await call(motifItem.DELETE, {
			method: 'DELETE',
			path: `${motifsPath(org)}/${motif.id}`,
			params,
			token: tokens.admin
		});
		expect(soft.body).toEqual({ mode: 'soft' });
	});
});

describe('coverage', () => {
	it('validated a success response of every configuration route', () => {
		const missing = apiEndpoints()
			.filter((e) => /\/(lieux|motifs)(\/|$)/.test(e.path))
			.map((e) => `${e.method} ${e.path} ${e.spec.status ?? 200}`)
			.filter((key) => !exercised.has(key));
		expect(missing).toEqual([]);
	});
});
