/**
 * The scheduling API journey: token → create a plage → read créneaux → book → read → cancel, every response
 * checked against the OpenAPI document.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Motif, RdvClaim } from '../../src/lib/server/db/models/index.ts';
import { GET as listCreneaux } from '../../src/routes/api/v1/organisations/[orgId]/creneaux/+server.ts';
import { GET as nextCreneau } from '../../src/routes/api/v1/organisations/[orgId]/creneaux/next/+server.ts';
import { POST as createPlage } from '../../src/routes/api/v1/organisations/[orgId]/plages/+server.ts';
import { POST as createRdv } from '../../src/routes/api/v1/rdvs/+server.ts';
import { GET as getRdv } from '../../src/routes/api/v1/rdvs/[rdvId]/+server.ts';
import { POST as cancelRdv } from '../../src/routes/api/v1/rdvs/[rdvId]/cancel/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { openApiShapeErrors } from '../helpers/openapi.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
const unknownId = () => new Types.ObjectId().toHexString();
const tokens = { alice: '', bob: '', carla: '' };
const { call } = documentedApi(openApiDocument());

const creneauxPath = (query: string) => `/api/v1/organisations/${f.arras}/creneaux?${query}`;
const creneaux = (query: string, token = tokens.bob) =>
	call(listCreneaux, { path: creneauxPath(query), params: { orgId: f.arras }, token });
const book = (body: unknown, token = tokens.bob) =>
	call(createRdv, { method: 'POST', path: '/api/v1/rdvs', body, token });
const cancel = (rdvId: string, token = tokens.bob) =>
	call(cancelRdv, {
		method: 'POST',
		path: `/api/v1/rdvs/${rdvId}/cancel`,
		params: { rdvId },
		body: { status: 'revoked' },
		token
	});

interface Slot {
	agentId: string;
	time: string;
	startsAt: string;
}

beforeAll(async () => {
	f = await createSchedulingFixture();
	for (const name of ['alice', 'bob', 'carla'] as const)
		tokens[name] = (await createApiToken(f[name], 'Tests planning')).token;
});

describe('scheduling API', () => {
	it('documents its endpoints in a valid OpenAPI document', () => {
		const doc = openApiDocument();
		expect(openApiShapeErrors(doc)).toEqual([]);
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining([
				'/api/v1/organisations/{orgId}/creneaux',
				'/api/v1/organisations/{orgId}/creneaux/next',
				'/api/v1/rdvs',
				'/api/v1/rdvs/{rdvId}',
				'/api/v1/rdvs/{rdvId}/cancel'
			])
		);
	});

	it('runs the journey: plage → créneaux → RDV → read → cancel', async () => {
		// Bob opens Monday afternoons from 2027-04-05.
		const plage = await call(createPlage, {
			method: 'POST',
			path: `/api/v1/organisations/${f.arras}/plages`,
			params: { orgId: f.arras },
			token: tokens.bob,
			body: {
				agentId: f.bob,
				title: 'Après-midi PMI',
				lieuId: f.lieu,
				motifIds: [f.motif],
				firstDay: '2027-04-05',
				startTime: '14:00',
				endTime: '16:00',
				recurrence: { every: 'week', interval: 1, weekdays: [1] }
			}
		});
		expect(plage.status).toBe(201);

		const search = await creneaux(`motifId=${f.motif}&from=2027-04-05&to=2027-04-06&agentIds=${f.bob}`);
		expect(search.status).toBe(200);
		const slots = (search.body as { slots: Slot[] }).slots;
		expect(slots.map((s) => s.time)).toEqual(['14:00', '14:30', '15:00', '15:30']);
		expect(new Set(slots.map((s) => s.agentId))).toEqual(new Set([f.bob]));

		const merged = await creneaux(`motifId=${f.motif}&from=2027-04-05&to=2027-04-06&view=merged`);
		const mergedBody = merged.body as { slots: Slot[]; merged: { time: string; agentIds: string[] }[] };
		expect(mergedBody.slots).toEqual([]);
		expect(mergedBody.merged.map((m) => m.time)).toEqual([
			'09:00',
			'09:30',
			'10:00',
			'10:30',
			'11:00',
			'11:30',
			'14:00',
			'14:30',
			'15:00',
			'15:30'
		]);

		const next = await call(nextCreneau, {
			path: `/api/v1/organisations/${f.arras}/creneaux/next?motifId=${f.motif}&from=2027-04-05&agentIds=${f.bob}`,
			params: { orgId: f.arras },
			token: tokens.bob
		});
		expect(next.body).toMatchObject({ next: { day: '2027-04-05', time: '14:00', agentIds: [f.bob] } });

		const body = {
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: slots[0].startsAt,
			lieuId: f.lieu,
			agentIds: [f.bob],
			usagerIds: [f.usager],
			context: 'Premier RDV'
		};
		const created = await book(body);
		expect(created.status).toBe(201);
		const rdv = created.body as { id: string; status: string; version: number };
		expect(rdv).toMatchObject({ status: 'unknown', agentIds: [f.bob], context: 'Premier RDV', durationMinutes: 30 });
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(6);

		const after = await creneaux(`motifId=${f.motif}&from=2027-04-05&to=2027-04-06&agentIds=${f.bob}`);
		expect((after.body as { slots: Slot[] }).slots.map((s) => s.time)).toEqual(['14:30', '15:00', '15:30']);

		// The same time again for another usager: a warning the agent must confirm, then may override.
		const otherUsager = { ...body, usagerIds: [await createFixtureUsager(f)] };
		const again = await book(otherUsager);
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({
			error: { code: 'needs_confirmation', details: { warnings: [{ code: 'rdv_overlap', agentId: f.bob }] } }
		});
		const forced = await book({ ...otherUsager, confirm: true });
		expect(forced.status).toBe(201);
		// For the same usager it is the same RDV: refused, confirmed or not.
		for (const duplicate of [body, { ...body, confirm: true }]) {
			const refused = await book(duplicate);
			expect(refused.status).toBe(409);
			expect(refused.body).toMatchObject({
				error: { code: 'conflict', message: 'Ce RDV existe déjà : même usager, même motif, même heure.' }
			});
		}

		const read = await call(getRdv, { path: `/api/v1/rdvs/${rdv.id}`, params: { rdvId: rdv.id }, token: tokens.bob });
		expect(read.status).toBe(200);
		expect(read.body).toMatchObject({ id: rdv.id, motifId: f.motif, participants: [{ usagerId: f.usager }] });
		// Carla (another service) cannot see it: 404 as if it did not exist.
		expect(
			(await call(getRdv, { path: `/api/v1/rdvs/${rdv.id}`, params: { rdvId: rdv.id }, token: tokens.carla })).status
		).toBe(404);

		const cancelled = await cancel(rdv.id);
		expect(cancelled.status).toBe(200);
		expect(cancelled.body).toMatchObject({ status: 'revoked', version: 1 });
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(0);
		const twice = await cancel(rdv.id);
		expect(twice.status).toBe(409);
		expect(twice.body).toEqual({ error: { code: 'already_cancelled', message: 'Ce RDV est déjà annulé.' } });
		expect((await cancel((forced.body as { id: string }).id)).status).toBe(200);

		const freed = await creneaux(`motifId=${f.motif}&from=2027-04-05&to=2027-04-06&agentIds=${f.bob}`);
		expect((freed.body as { slots: Slot[] }).slots.map((s) => s.time)).toEqual(['14:00', '14:30', '15:00', '15:30']);
	});

	it('answers bad input with JSON errors', async () => {
		const badDate = await creneaux(`motifId=${f.motif}&from=05/04/2027`);
		expect(badDate.status).toBe(422);
		expect(badDate.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'from' }] } });
		const reversed = await creneaux(`motifId=${f.motif}&from=2027-04-05&to=2027-04-01`);
		expect(reversed.status).toBe(422);
		expect(reversed.body).toMatchObject({ error: { details: [{ location: 'query', path: 'to' }] } });
		expect((await creneaux(`from=2027-04-05`)).status).toBe(422);
		expect((await creneaux(`motifId=${f.lensMotif}&from=2027-04-05`)).status).toBe(404);
		expect((await creneaux(`motifId=${f.motif}&from=2027-04-05`, '')).status).toBe(401);

		const invalid = await book({ organisationId: f.arras, motifId: f.motif, startsAt: 'demain', agentIds: [] });
		expect(invalid.status).toBe(422);
		const paths = (invalid.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
		expect(paths).toEqual(expect.arrayContaining(['startsAt', 'agentIds']));

		const noUsager = await book({
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris('2027-04-06', '09:00').toISOString(),
			lieuId: f.lieu,
			agentIds: [f.alice]
		});
		expect(noUsager.status).toBe(422);
		expect(noUsager.body).toMatchObject({ error: { code: 'validation_failed', details: [{ path: 'usagerIds' }] } });
	});

	it('refuses impossible and out-of-range days of the créneaux search with 422, before searching', async () => {
		for (const from of ['2027-02-30', '2027-13-01', '2026-12-32', '1900-01-01', '9999-01-04']) {
			const res = await creneaux(`motifId=${f.motif}&from=${from}`);
			expect(res.status, from).toBe(422);
			expect(res.body).toMatchObject({
				error: { code: 'validation_failed', details: [{ location: 'query', path: 'from' }] }
			});
			const next = await call(nextCreneau, {
				path: `/api/v1/organisations/${f.arras}/creneaux/next?motifId=${f.motif}&from=${from}`,
				params: { orgId: f.arras },
				token: tokens.bob
			});
			expect(next.status, from).toBe(422);
		}
		const impossible = await creneaux(`motifId=${f.motif}&from=2027-02-30`);
		expect((impossible.body as { error: { message: string } }).error.message).toBe(
			'Données invalides — query.from : Date impossible : le 30/02/2027 n’existe pas dans le calendrier.'
		);
		const to = await creneaux(`motifId=${f.motif}&from=2027-02-27&to=2027-02-30`);
		expect(to.status).toBe(422);
		expect(to.body).toMatchObject({ error: { details: [{ path: 'to' }] } });
	});

	it('refuses RDV times off the 5-minute grain or out of range with 422', async () => {
		const base = {
			organisationId: f.arras,
			motifId: f.motif,
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [await createFixtureUsager(f)]
		};
		const refusal = async (body: Record<string, unknown>) => {
			const res = await book({ ...base, ...body });
			expect(res.status, JSON.stringify(body)).toBe(422);
			return (res.body as { error: { details: { path: string; message: string }[] } }).error.details[0];
		};
		const grain = 'L’heure de début doit tomber sur un multiple de 5 minutes (9h00, 9h05, 9h10…), sans secondes.';
		expect(await refusal({ startsAt: '2027-04-06T08:07:00Z' })).toMatchObject({ path: 'startsAt', message: grain });
		expect(await refusal({ startsAt: '2027-04-06T08:05:30Z' })).toMatchObject({ path: 'startsAt', message: grain });
		expect(await refusal({ startsAt: '2027-04-06T08:05:00.001Z' })).toMatchObject({ path: 'startsAt', message: grain });
		expect(await refusal({ startsAt: '2027-04-06T08:00:00Z', durationMinutes: 7 })).toMatchObject({
			path: 'durationMinutes',
			message: 'La durée doit être un multiple de 5 minutes.'
		});
		for (const startsAt of ['1900-04-06T08:00:00Z', '9999-04-06T08:00:00Z', '9999-12-31T23:55:00Z'])
			expect(await refusal({ startsAt, durationMinutes: 30 })).toMatchObject({
				path: 'startsAt',
				message: 'Date hors limites : choisissez un moment entre l’an 2000 et la fin de l’an 2100.'
			});
		expect(await RdvClaim.countDocuments({ agentId: f.alice })).toBe(0);
	});

	it('lets one of 10 concurrent cancels through and answers the others 409 already_cancelled', async () => {
		const created = await book({
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris('2027-04-07', '09:00').toISOString(),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [await createFixtureUsager(f)]
		});
		expect(created.status).toBe(201);
		const id = (created.body as { id: string }).id;
		const answers = await Promise.all(Array.from({ length: 10 }, () => cancel(id)));
		expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
		for (const a of answers.filter((x) => x.status !== 200)) {
			expect(a.status).toBe(409);
			expect(a.body).toMatchObject({ error: { code: 'already_cancelled' } });
		}
		// Documented on the endpoint's own 409 response.
		const doc = openApiDocument();
		const responses = doc.paths['/api/v1/rdvs/{rdvId}/cancel'].post.responses as Record<
			string,
			{ description?: string }
		>;
		expect(responses['409'].description).toMatch(/already_cancelled/);
	});

	it('asks to confirm the usager’s other RDVs with confirm: true', async () => {
		const usager = await createFixtureUsager(f);
		const body = (time: string) => ({
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris('2027-04-07', time).toISOString(),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [usager]
		});
		expect((await book(body('09:00'))).status).toBe(201);
		const sameDay = await book(body('11:00'));
		expect(sameDay.status).toBe(409);
		expect(sameDay.body).toMatchObject({
			error: {
				code: 'needs_confirmation',
				details: { warnings: [{ code: 'usager_same_day', usagerId: usager }] }
			}
		});
		// The former name of the flag is refused, not silently ignored.
		const former = await book({ ...body('11:00'), override: true });
		expect(former.status).toBe(422);
		expect(former.body).toMatchObject({
			error: { code: 'validation_failed', details: [{ code: 'unrecognized_keys' }] }
		});
		expect((await book({ ...body('11:00'), confirm: true })).status).toBe(201);
		// The document names the flag as the plages and absences do.
		const doc = openApiDocument() as { components: { schemas: Record<string, { properties?: object }> } };
		const properties = Object.keys(doc.components.schemas.CreateRdvBody.properties ?? {});
		expect(properties).toContain('confirm');
		expect(properties).not.toContain('override');
	});

	it('applies the same permissions as the back-office', async () => {
		const body = {
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris('2027-04-06', '09:00').toISOString(),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [f.usager]
		};
		// Carla's service is not the motif's: for her that motif does not exist, as for the créneaux search.
		const motifNotFound = { error: { code: 'not_found', message: 'Motif introuvable.' } };
		const hiddenMotif = await book(body, tokens.carla);
		expect(hiddenMotif.status).toBe(404);
		expect(hiddenMotif.body).toEqual(motifNotFound);
		expect((await book({ ...body, motifId: unknownId() }, tokens.carla)).body).toEqual(motifNotFound);
		expect((await creneaux(`motifId=${f.motif}&from=2027-04-05`, tokens.carla)).status).toBe(404);
		// A motif of her service, on an agenda she sees (a colleague of the organisation) but may not edit: 403.
		const social = await Motif.create({
			organisationId: f.arras,
			serviceId: f.social,
			name: 'Accompagnement social',
			durationMinutes: 30,
			locationType: 'public_office'
		});
		const refused = await book({ ...body, motifId: String(social._id) }, tokens.carla);
		expect(refused.status).toBe(403);
		expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
		// An organisation the agent has no role in does not exist for it: the search and the booking agree.
		const lens = await call(listCreneaux, {
			path: `/api/v1/organisations/${f.lens}/creneaux?motifId=${f.lensMotif}&from=2027-04-05`,
			params: { orgId: f.lens },
			token: tokens.bob
		});
		expect(lens.status).toBe(404);
		const orgNotFound = { error: { code: 'not_found', message: 'Organisation introuvable.' } };
		const foreign = await book({ ...body, organisationId: f.lens, motifId: f.lensMotif }, tokens.bob);
		expect(foreign.status).toBe(404);
		expect(foreign.body).toEqual(orgNotFound);
		expect((await book({ ...body, organisationId: unknownId() }, tokens.bob)).body).toEqual(orgNotFound);

		const ok = await book(body, tokens.alice);
		expect(ok.status).toBe(201);
	});
});
