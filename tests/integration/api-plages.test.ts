import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { PlageOuverture } from '../../src/lib/server/db/models/index.ts';
import * as plagesRoute from '../../src/routes/api/v1/organisations/[orgId]/plages/+server.ts';
import * as plageRoute from '../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/+server.ts';
import * as occurrenceRoute from '../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/occurrences/[day]/+server.ts';
import * as absencesRoute from '../../src/routes/api/v1/absences/+server.ts';
import * as absenceRoute from '../../src/routes/api/v1/absences/[absenceId]/+server.ts';
import * as absenceConflictsRoute from '../../src/routes/api/v1/absences/[absenceId]/conflicts/+server.ts';
import * as organisationAbsencesRoute from '../../src/routes/api/v1/organisations/[orgId]/absences/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { createPlageFixture, weeklyPlage, type PlageFixture } from '../helpers/plage-fixtures.ts';

const { call, unvalidated } = documentedApi(openApiDocument());
let f: PlageFixture;
const tokens: Record<string, string> = {};

/** A Monday far enough ahead that every occurrence is in the future. */
const MONDAY = '2031-01-06';

beforeAll(async () => {
	f = await createPlageFixture();
	for (const key of ['pmi', 'social', 'outsider', 'admin'] as const)
		tokens[key] = (await createApiToken(f.agents[key].id, 'Tests')).token;
});

afterAll(async () => {
	await PlageOuverture.deleteMany({ organisationId: f.orgId });
});

const plagesPath = () => `/api/v1/organisations/${f.orgId}/plages`;
/** POST a plage to the fixture's organisation (without a token: anonymously). */
const postPlage = (token: string | undefined, body: unknown) =>
	call(plagesRoute.POST, { method: 'POST', path: plagesPath(), params: { orgId: f.orgId }, token, body });
/** GET, PATCH or DELETE one plage of the fixture's organisation. */
const onPlage = (method: 'GET' | 'PATCH' | 'DELETE', plageId: string, token: string, body?: unknown) =>
	call(plageRoute[method], {
		method,
		path: `${plagesPath()}/${plageId}`,
		params: { orgId: f.orgId, plageId },
		token,
		body
	});
const body = (fields: Record<string, unknown> = {}) => ({ ...weeklyPlage(f, MONDAY, [1]), ...fields });

describe('API plages', () => {
	let plageId = '';

	it('requires a token (401) and validates the body (422)', async () => {
		const anonymous = await postPlage(undefined, body());
		expect(anonymous.status).toBe(401);
		const invalid = await postPlage(tokens.pmi, body({ startTime: '9h', motifIds: [] }));
		expect(invalid.status).toBe(422);
		expect(JSON.stringify(invalid.body)).toContain('startTime');
		const noLieu = await postPlage(tokens.pmi, body({ lieuId: null }));
		expect(noLieu).toMatchObject({
			status: 422,
			body: { error: { code: 'validation_failed', details: [{ path: 'lieuId' }] } }
		});
	});

	it('creates, reads, lists and patches a plage', async () => {
		const created = await postPlage(tokens.pmi, body());
		expect(created.status).toBe(201);
		plageId = (created.body as { id: string }).id;
		const read = await onPlage('GET', plageId, tokens.pmi);
		expect(read).toMatchObject({ status: 200, body: { id: plageId, recurrence: { every: 'week', weekdays: [1] } } });
		const list = await call(plagesRoute.GET, {
			path: `${plagesPath()}?agentId=${f.agents.pmi.id}`,
			params: { orgId: f.orgId },
			token: tokens.pmi
		});
		expect((list.body as { data: { id: string }[] }).data.map((p) => p.id)).toEqual([plageId]);
		const patched = await onPlage('PATCH', plageId, tokens.pmi, { title: 'Matin' });
		expect(patched).toMatchObject({ status: 200, body: { title: 'Matin' } });
	});

	it('answers 409 needs_confirmation with the warnings, and saves with confirm: true', async () => {
		const overlapping = body({ startTime: '11:00', endTime: '13:00' });
		const refused = await postPlage(tokens.pmi, overlapping);
		expect(refused).toMatchObject({
			status: 409,
			body: {
				error: { code: 'needs_confirmation', details: { warnings: [{ code: 'overlap', plageId, day: MONDAY }] } }
			}
		});
		const confirmed = await postPlage(tokens.pmi, { ...overlapping, confirm: true });
		expect(confirmed).toMatchObject({ status: 201, body: { warnings: [{ code: 'overlap' }] } });
		const id = (confirmed.body as { id: string }).id;
		const deleted = await onPlage('DELETE', id, tokens.pmi);
		expect(deleted.status).toBe(204);
	});

	it('cancels and overrides occurrences, and splits with following=true', async () => {
		const occurrence = (day: string, query = '') => ({
			path: `${plagesPath()}/${plageId}/occurrences/${day}${query}`,
			params: { orgId: f.orgId, plageId, day },
			token: tokens.pmi
		});
		expect((await call(occurrenceRoute.DELETE, { method: 'DELETE', ...occurrence('2031-01-13') })).status).toBe(204);
		const notAnOccurrence = await call(occurrenceRoute.DELETE, { method: 'DELETE', ...occurrence('2031-01-14') });
		expect(notAnOccurrence).toMatchObject({ status: 422, body: { error: { details: [{ path: 'day' }] } } });
		const overridden = await call(occurrenceRoute.PATCH, {
			method: 'PATCH',
			...occurrence('2031-01-20'),
			body: { startTime: '14:00', endTime: '15:00' }
		});
		expect(overridden).toMatchObject({
			status: 200,
			body: {
				exceptions: [
					{ day: '2031-01-13', cancelled: true },
					{ day: '2031-01-20', startTime: '14:00', endTime: '15:00' }
				]
			}
		});
		const split = await call(occurrenceRoute.PATCH, {
			method: 'PATCH',
			...occurrence('2031-02-03', '?following=true'),
			body: { startTime: '08:00', endTime: '10:00' }
		});
		expect(split).toMatchObject({ status: 200, body: { firstDay: '2031-02-03', startTime: '08:00' } });
		expect((split.body as { id: string }).id).not.toBe(plageId);
		const before = await PlageOuverture.findById(plageId).lean();
		expect(before?.recurrence?.until).toBe('2031-02-02');
	});

	it('refuses other agents: 404 for an agenda out of sight, outside the organisation or for an unknown plage', async () => {
		const asSocial = await onPlage('PATCH', plageId, tokens.social, { title: 'Non' });
		expect(asSocial).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		const asOutsider = await onPlage('GET', plageId, tokens.outsider);
		expect(asOutsider.status).toBe(404);
		const unknown = '0123456789abcdef01234567';
		const missing = await onPlage('GET', unknown, tokens.admin);
		expect(missing.status).toBe(404);
		const malformed = await onPlage('GET', 'nope', tokens.admin);
		expect(malformed.status).toBe(404);
	});
});

describe('API absences', () => {
	it('creates, reads, lists, patches and deletes an absence with the same permissions as the pages', async () => {
		const created = await call(absencesRoute.POST, {
			method: 'POST',
			path: '/api/v1/absences',
			token: tokens.pmi,
			body: {
				agentId: f.agents.pmi.id,
				title: 'Formation',
				firstDay: MONDAY,
				endDay: '2031-01-08',
				startTime: '09:00',
				endTime: '17:00'
			}
		});
		expect(created).toMatchObject({ status: 201, body: { endDay: '2031-01-08', timeZone: 'Europe/Paris' } });
		const id = (created.body as { id: string }).id;
		const path = `/api/v1/absences/${id}`;
		expect((await call(absenceRoute.GET, { path, params: { absenceId: id }, token: tokens.admin })).status).toBe(200);
		const list = await call(absencesRoute.GET, { path: '/api/v1/absences', token: tokens.pmi });
		expect((list.body as { data: { id: string }[] }).data.map((a) => a.id)).toEqual([id]);
		const listed = async (period: string) => {
			const answer = await call(absencesRoute.GET, { path: `/api/v1/absences?period=${period}`, token: tokens.pmi });
			return answer.status === 200 ? (answer.body as { data: { id: string }[] }).data.map((a) => a.id) : answer.status;
		};
		expect(await listed('current')).toEqual([id]);
		expect(await listed('past')).toEqual([]);
		expect(await listed('soon')).toBe(422);
		const bad = await call(absenceRoute.PATCH, {
			method: 'PATCH',
			path,
			params: { absenceId: id },
			token: tokens.pmi,
			body: { recurrence: { every: 'week', interval: 1 } }
		});
		expect(bad).toMatchObject({ status: 422, body: { error: { details: [{ path: 'recurrence' }] } } });
		// Out of sight reads as unknown: the absence of an agenda the agent may not see, an agent it cannot know.
		const hidden = await call(absenceRoute.DELETE, {
			method: 'DELETE',
			path,
			params: { absenceId: id },
			token: tokens.social
		});
		expect(hidden.status).toBe(404);
		const ofOutsider = await call(absencesRoute.GET, {
			path: `/api/v1/absences?agentId=${f.agents.outsider.id}`,
			token: tokens.social
		});
		expect(ofOutsider.status).toBe(404);
		const conflicts = await call(absenceConflictsRoute.GET, {
			path: `${path}/conflicts`,
			params: { absenceId: id },
			token: tokens.pmi
		});
		expect(conflicts).toMatchObject({ status: 200, body: { data: [] } });
		const ofOrganisation = await call(organisationAbsencesRoute.GET, {
			path: `/api/v1/organisations/${f.orgId}/absences?period=all`,
			params: { orgId: f.orgId },
			token: tokens.admin
		});
		expect((ofOrganisation.body as { data: { id: string }[] }).data.map((a) => a.id)).toEqual([id]);
		const patched = await call(absenceRoute.PATCH, {
			method: 'PATCH',
			path,
			params: { absenceId: id },
			token: tokens.pmi,
			body: { title: 'Formation longue', endDay: '2031-01-09' }
		});
		expect(patched).toMatchObject({ status: 200, body: { title: 'Formation longue', endDay: '2031-01-09' } });
		expect(
			(await call(absenceRoute.DELETE, { method: 'DELETE', path, params: { absenceId: id }, token: tokens.pmi })).status
		).toBe(204);
		expect((await call(absenceRoute.GET, { path, params: { absenceId: id }, token: tokens.pmi })).status).toBe(404);
	});
});

describe('coverage', () => {
	it('validated a success response of every plage and absence route', () => {
		const own = apiEndpoints().filter((e) => /\/(plages|absences)(\/|$)/.test(e.path));
		const missing = unvalidated(own);
		expect(own.length).toBe(14);
		expect(missing).toEqual([]);
	});
});
