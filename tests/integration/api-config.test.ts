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
import * as motifDuplicate from '../../src/routes/api/v1/organisations/[orgId]/motifs/[motifId]/duplicate/+server.ts';
import * as motifList from '../../src/routes/api/v1/organisations/[orgId]/motifs/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { openApiShapeErrors } from '../helpers/openapi.ts';
import { buildConfigWorld, rdvOn, type ConfigWorld } from '../helpers/config-fixtures.ts';

let w: ConfigWorld;
const tokens = { admin: '', basic: '', lensAdmin: '' };
const doc = openApiDocument();
const { call, unvalidated } = documentedApi(doc);

const lieuxPath = (org: string) => `/api/v1/organisations/${org}/lieux`;
const motifsPath = (org: string) => `/api/v1/organisations/${org}/motifs`;

/** POST to an organisation's lieux or motifs. */
const createLieu = (org: string, token: string, body: unknown) =>
	call(lieuList.POST, { method: 'POST', path: lieuxPath(org), params: { orgId: org }, token, body });
const createMotif = (org: string, token: string, body: unknown) =>
	call(motifList.POST, { method: 'POST', path: motifsPath(org), params: { orgId: org }, token, body });

type ItemMethod = 'GET' | 'PATCH' | 'DELETE';
/** GET, PATCH or DELETE one lieu or motif. */
const onLieu = (method: ItemMethod, org: string, lieuId: string, token: string, body?: unknown) =>
	call(lieuItem[method], { method, path: `${lieuxPath(org)}/${lieuId}`, params: { orgId: org, lieuId }, token, body });
const onMotif = (method: ItemMethod, org: string, motifId: string, token: string, body?: unknown) =>
	call(motifItem[method], {
		method,
		path: `${motifsPath(org)}/${motifId}`,
		params: { orgId: org, motifId },
		token,
		body
	});

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
		const created = await createLieu(org, tokens.admin, {
			name: 'Antenne Sud',
			address: '12 rue Gambetta, 62000 Arras',
			phone: '0321000001'
		});
		expect(created.status).toBe(201);
		const lieu = created.body as { id: string; phone: string; availability: string };
		expect(lieu).toMatchObject({ phone: '+33321000001', availability: 'enabled', organisationId: org });

		const read = await onLieu('GET', org, lieu.id, tokens.basic);
		expect(read.status).toBe(200);

		const listed = await call(lieuList.GET, {
			path: `${lieuxPath(org)}?includeDisabled=true`,
			params: { orgId: org },
			token: tokens.basic
		});
		expect((listed.body as { data: { id: string }[] }).data.map((l) => l.id)).toContain(lieu.id);

		const patched = await onLieu('PATCH', org, lieu.id, tokens.admin, { name: 'Antenne Sud (rénovée)' });
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ name: 'Antenne Sud (rénovée)', address: '12 rue Gambetta, 62000 Arras' });

		const deleted = await onLieu('DELETE', org, lieu.id, tokens.admin);
		expect(deleted.status).toBe(204);
		const gone = await onLieu('GET', org, lieu.id, tokens.admin);
		expect(gone.status).toBe(404);
	});

	it('answers 401 without a token, 403 to a basic agent, 404 for another organisation, 422 on bad input', async () => {
		const org = w.ids.arras;
		const body = { name: 'Refusé', address: '1 rue X' };
		const anonymous = await call(lieuList.GET, { path: lieuxPath(org), params: { orgId: org } });
		expect(anonymous.status).toBe(401);

		const basic = await createLieu(org, tokens.basic, body);
		expect(basic.status).toBe(403);
		expect(basic.body).toMatchObject({ error: { code: 'forbidden' } });

		const foreign = await createLieu(org, tokens.lensAdmin, body);
		expect(foreign.status).toBe(404);

		const invalid = await createLieu(org, tokens.admin, { name: '', address: 'Quelque part', phone: 'abc' });
		expect(invalid.status).toBe(422);
		const details = (invalid.body as { error: { details: { path: string; message: string }[] } }).error.details;
		expect(details).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ path: 'name', message: 'Le nom est obligatoire.' }),
				expect.objectContaining({ path: 'phone', message: 'Numéro de téléphone invalide.' })
			])
		);
	});

	it('answers 409 when deleting a lieu that RDVs use, and disables it instead through PATCH', async () => {
		const org = w.ids.arras;
		const lieu = (await createLieu(org, tokens.admin, { name: 'Occupé', address: '5 rue Y, Arras' })).body as {
			id: string;
		};
		const motif = (
			await createMotif(org, tokens.admin, {
				name: 'Pour le lieu occupé',
				serviceId: w.ids.social,
				locationType: 'public_office'
			})
		).body as { id: string; serviceId: string; locationType: string };
		await rdvOn(w, motif, lieu.id);
		const res = await onLieu('DELETE', org, lieu.id, tokens.admin);
		expect(res.status).toBe(409);
		expect(res.body).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('désactivé') } });

		// What the 409 says to do, the API offers: disable it (and enable it again), as the configuration page does.
		const listed = async () => {
			const answer = await call(lieuList.GET, { path: lieuxPath(org), params: { orgId: org }, token: tokens.basic });
			return (answer.body as { data: { id: string }[] }).data.map((l) => l.id);
		};
		const disabled = await onLieu('PATCH', org, lieu.id, tokens.admin, { availability: 'disabled' });
		expect(disabled).toMatchObject({ status: 200, body: { id: lieu.id, availability: 'disabled', name: 'Occupé' } });
		expect(await listed()).not.toContain(lieu.id);
		const enabled = await onLieu('PATCH', org, lieu.id, tokens.admin, { availability: 'enabled', name: 'Rouvert' });
		expect(enabled).toMatchObject({ status: 200, body: { availability: 'enabled', name: 'Rouvert' } });
		expect(await listed()).toContain(lieu.id);
		// A single-use address is no choice here; a basic agent may not change it at all.
		const singleUse = await onLieu('PATCH', org, lieu.id, tokens.admin, { availability: 'single_use' });
		expect(singleUse).toMatchObject({
			status: 422,
			body: { error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'availability' })] } }
		});
		expect((await onLieu('PATCH', org, lieu.id, tokens.basic, { availability: 'disabled' })).status).toBe(403);
	});
});

describe('motifs', () => {
	it('creates, reads, lists with filters, patches and deletes a motif', async () => {
		const org = w.ids.arras;
		const created = await createMotif(org, tokens.admin, {
			name: 'Bilan de santé',
			serviceId: w.ids.pmi,
			locationType: 'public_office',
			bookableBy: 'everyone',
			maxBookingDelayMinutes: 30 * 24 * 60
		});
		expect(created.status).toBe(201);
		const motif = created.body as { id: string };

		const listed = await call(motifList.GET, {
			path: `${motifsPath(org)}?bookableOnline=true&name=bilan`,
			params: { orgId: org },
			token: tokens.basic
		});
		expect((listed.body as { data: { name: string }[] }).data.map((m) => m.name)).toEqual(['Bilan de santé']);

		const read = await onMotif('GET', org, motif.id, tokens.basic);
		expect(read.status).toBe(200);

		const patched = await onMotif('PATCH', org, motif.id, tokens.admin, {
			durationMinutes: 45,
			customCancelWarning: 'Prévenez 48 h avant.'
		});
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ durationMinutes: 45, customCancelWarning: 'Prévenez 48 h avant.' });

		const deleted = await onMotif('DELETE', org, motif.id, tokens.admin);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({ mode: 'hard' });
	});

	it('hides motifs of other services from basic agents and refuses them writes', async () => {
		const org = w.ids.arras;
		const social = (
			await createMotif(org, tokens.admin, { name: 'Aide sociale', serviceId: w.ids.social, locationType: 'phone' })
		).body as { id: string };
		const hidden = await onMotif('GET', org, social.id, tokens.basic);
		expect(hidden.status).toBe(404);
		const patch = await onMotif('PATCH', org, social.id, tokens.basic, { name: 'Non' });
		expect(patch.status).toBe(403);
		const foreign = await onMotif('DELETE', org, social.id, tokens.lensAdmin);
		expect(foreign.status).toBe(404);
	});

	it('answers 422 for a locked field, a bad window or a bad query, and 409 for a duplicate name', async () => {
		const org = w.ids.arras;
		const body = { name: 'Entretien', serviceId: w.ids.social, locationType: 'public_office' };
		const motif = (await createMotif(org, tokens.admin, body)).body as {
			id: string;
			serviceId: string;
			locationType: string;
		};
		const duplicate = await createMotif(org, tokens.admin, body);
		expect(duplicate.status).toBe(409);

		await rdvOn(w, motif);
		const locked = await onMotif('PATCH', org, motif.id, tokens.admin, { locationType: 'visio' });
		expect(locked.status).toBe(422);
		expect(locked.body).toMatchObject({
			error: { code: 'validation_failed', details: [expect.objectContaining({ path: 'locationType' })] }
		});

		const window = await createMotif(org, tokens.admin, {
			...body,
			name: 'Fenêtre',
			minBookingDelayMinutes: 60,
			maxBookingDelayMinutes: 60
		});
		expect(window.status).toBe(422);

		const badQuery = await call(motifList.GET, {
			path: `${motifsPath(org)}?collective=peut-être`,
			params: { orgId: org },
			token: tokens.admin
		});
		expect(badQuery.status).toBe(422);

		const soft = await onMotif('DELETE', org, motif.id, tokens.admin);
		expect(soft.body).toEqual({ mode: 'soft' });
	});
});

describe('motif duplication', () => {
	const duplicate = (org: string, motifId: string, token: string, body: unknown) =>
		call(motifDuplicate.POST, {
			method: 'POST',
			path: `${motifsPath(org)}/${motifId}/duplicate`,
			params: { orgId: org, motifId },
			token,
			body
		});

	it('copies a motif in its organisation or into another one the agent administers, as the page does', async () => {
		const source = (
			await createMotif(w.ids.arras, tokens.admin, {
				name: 'Suivi budgétaire',
				serviceId: w.ids.social,
				locationType: 'phone',
				durationMinutes: 45
			})
		).body as { id: string };
		const copy = await duplicate(w.ids.arras, source.id, tokens.admin, {});
		expect(copy).toMatchObject({
			status: 201,
			body: { name: 'Suivi budgétaire (copie)', organisationId: w.ids.arras, durationMinutes: 45 }
		});
		const elsewhere = await duplicate(w.ids.arras, source.id, tokens.admin, { targetOrganisationId: w.ids.lens });
		expect(elsewhere).toMatchObject({ status: 201, body: { name: 'Suivi budgétaire', organisationId: w.ids.lens } });

		// A basic agent may not; an organisation the agent is not in reads as unknown (422 on the field).
		expect((await duplicate(w.ids.arras, source.id, tokens.basic, {})).status).toBe(403);
		const lensToken = (await createApiToken(w.multiAdmin.id, 'Tests')).token;
		const foreign = await duplicate(w.ids.arras, source.id, lensToken, { targetOrganisationId: w.ids.lens });
		expect(foreign).toMatchObject({
			status: 422,
			body: {
				error: {
					code: 'validation_failed',
					details: [{ path: 'targetOrganisationId', message: 'Organisation cible introuvable.' }]
				}
			}
		});
	});
});

describe('coverage', () => {
	it('validated a success response of every configuration route', () => {
		const missing = unvalidated(
			apiEndpoints().filter((e) => /\/(lieux|motifs)(\/|$)/.test(e.path) && !e.path.startsWith('/api/v1/public/'))
		);
		expect(missing).toEqual([]);
	});
});
