/**
 * Impossible calendar days (2027-02-30, 2027-13-01, 2026-12-32) and days out of range (1900, 9999) are refused
 * everywhere a day comes in — API bodies, query strings and paths, agent forms, and the services themselves —
 * before any computation: nothing is cut, moved or searched on a day that does not exist.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Absence, PlageOuverture } from '../../src/lib/server/db/models/index.ts';
import { createAbsence, updateAbsence } from '../../src/lib/server/services/absences.ts';
import {
	cancelFollowing,
	cancelOccurrence,
	createPlage,
	editFollowing,
	overrideOccurrence,
	plageCalendar,
	restoreOccurrence
} from '../../src/lib/server/services/plages.ts';
import * as plagesRoute from '../../src/routes/api/v1/organisations/[orgId]/plages/+server.ts';
import * as plageRoute from '../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/+server.ts';
import * as occurrenceRoute from '../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/occurrences/[day]/+server.ts';
import * as absencesRoute from '../../src/routes/api/v1/absences/+server.ts';
import { actions as newPlageActions } from '../../src/routes/agents/org/[orgId]/plages/nouvelle/+page.server.ts';
import {
	actions as plagePageActions,
	load as plagePageLoad
} from '../../src/routes/agents/org/[orgId]/plages/[plageId]/+page.server.ts';
import { actions as newAbsenceActions } from '../../src/routes/agents/org/[orgId]/indisponibilites/nouvelle/+page.server.ts';
import { load as searchLoad } from '../../src/routes/agents/org/[orgId]/trouver-un-rdv/+page.server.ts';
import { actions as newRdvActions } from '../../src/routes/agents/org/[orgId]/rdvs/nouveau/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { createPlageFixture, weeklyPlage, type PlageFixture } from '../helpers/plage-fixtures.ts';
import { runRoute } from '../helpers/route-outcome.ts';

const { call } = documentedApi(openApiDocument());
let f: PlageFixture;
let token = '';
/**
 * A plage every day from 2031-02-04: day arithmetic would roll 2031-02-30 over to 2 March, an occurrence, and
 * cut the series or cancel that day instead of refusing.
 */
let plageId = '';

const IMPOSSIBLE = ['2031-02-30', '2031-13-01', '2030-12-32'];
const OUT_OF_RANGE = ['1900-01-02', '9999-01-07'];
const impossible = (day: string) =>
	`Date impossible : le ${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)} n’existe pas dans le calendrier.`;
const OUT_OF_RANGE_MESSAGE = 'Date hors limites : choisissez un jour entre le 01/01/2000 et le 31/12/2100.';

beforeAll(async () => {
	f = await createPlageFixture();
	token = (await createApiToken(f.agents.pmi.id, 'Tests')).token;
	const created = await createPlage(f.agents.pmi, f.orgId, weeklyPlage(f, '2031-02-04', [1, 2, 3, 4, 5, 6, 7]));
	if (!created.ok) throw new Error(created.message);
	plageId = created.value.id;
});

const series = async () => {
	const p = await PlageOuverture.findById(plageId).lean();
	return { recurrence: p?.recurrence, exceptions: p?.exceptions ?? [], lastOccurrenceDay: p?.lastOccurrenceDay };
};

describe('API: occurrences of a plage', () => {
	const occurrence = (day: string, query = '') => ({
		path: `/api/v1/organisations/${f.orgId}/plages/${plageId}/occurrences/${day}${query}`,
		params: { orgId: f.orgId, plageId, day },
		token
	});

	it('refuses impossible and out-of-range days with 422 on the path, and cuts nothing', async () => {
		const before = await series();
		for (const day of [...IMPOSSIBLE, ...OUT_OF_RANGE]) {
			for (const query of ['?following=true', '']) {
				const res = await call(occurrenceRoute.DELETE, { method: 'DELETE', ...occurrence(day, query) });
				expect(res.status, `DELETE ${day}${query}`).toBe(422);
				expect(res.body).toMatchObject({
					error: { code: 'validation_failed', details: [{ location: 'params', path: 'day' }] }
				});
				const patch = await call(occurrenceRoute.PATCH, {
					method: 'PATCH',
					...occurrence(day, query),
					body: { startTime: '10:00', endTime: '11:00' }
				});
				expect(patch.status, `PATCH ${day}${query}`).toBe(422);
			}
		}
		const refused = await call(occurrenceRoute.DELETE, {
			method: 'DELETE',
			...occurrence('2031-02-30', '?following=true')
		});
		expect((refused.body as { error: { details: { message: string }[] } }).error.details[0].message).toBe(
			impossible('2031-02-30')
		);
		expect(await series()).toEqual(before);
		// A day that is not a day at all names nothing (404), as before; a real occurrence is still cancelled.
		expect((await call(occurrenceRoute.DELETE, { method: 'DELETE', ...occurrence('30-02-2031') })).status).toBe(404);
		expect((await call(occurrenceRoute.DELETE, { method: 'DELETE', ...occurrence('2031-03-04') })).status).toBe(204);
	});
});

describe('API: plage and absence bodies', () => {
	const postPlage = (body: unknown) =>
		call(plagesRoute.POST, {
			method: 'POST',
			path: `/api/v1/organisations/${f.orgId}/plages`,
			params: { orgId: f.orgId },
			token,
			body
		});

	it('refuses an impossible or out-of-range first day or end of recurrence', async () => {
		for (const day of [...IMPOSSIBLE, ...OUT_OF_RANGE]) {
			const first = await postPlage(weeklyPlage(f, day, [2]));
			expect(first.status, day).toBe(422);
			expect(first.body).toMatchObject({ error: { details: [{ location: 'body', path: 'firstDay' }] } });
			const until = await postPlage(
				weeklyPlage(f, '2031-06-03', [2], { recurrence: { every: 'week', interval: 1, weekdays: [2], until: day } })
			);
			expect(until.status, day).toBe(422);
			expect(until.body).toMatchObject({ error: { details: [{ path: 'recurrence.until' }] } });
		}
		const patch = await call(plageRoute.PATCH, {
			method: 'PATCH',
			path: `/api/v1/organisations/${f.orgId}/plages/${plageId}`,
			params: { orgId: f.orgId, plageId },
			token,
			body: { firstDay: '2031-02-29' }
		});
		expect(patch).toMatchObject({ status: 422, body: { error: { details: [{ path: 'firstDay' }] } } });
		expect(await PlageOuverture.countDocuments({ organisationId: f.orgId })).toBe(1);
	});

	it('refuses impossible or out-of-range absence days', async () => {
		const absence = (fields: Record<string, unknown>) =>
			call(absencesRoute.POST, {
				method: 'POST',
				path: '/api/v1/absences',
				token,
				body: {
					agentId: f.agents.pmi.id,
					title: 'Formation',
					firstDay: '2031-02-27',
					startTime: '09:00',
					endTime: '17:00',
					...fields
				}
			});
		for (const day of [...IMPOSSIBLE, ...OUT_OF_RANGE]) {
			expect(await absence({ firstDay: day })).toMatchObject({
				status: 422,
				body: { error: { details: [{ path: 'firstDay' }] } }
			});
			expect(await absence({ endDay: day })).toMatchObject({
				status: 422,
				body: { error: { details: [{ path: 'endDay' }] } }
			});
		}
		expect(await Absence.countDocuments({ agentId: f.agents.pmi.id })).toBe(0);
	});
});

describe('services (defence in depth)', () => {
	it('refuse an impossible day in every occurrence edit, before touching the series', async () => {
		const before = await series();
		const agent = f.agents.pmi;
		const options = { organisationId: f.orgId };
		const expectRefused = (result: { ok: boolean }) =>
			expect(result).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { day: impossible('2031-02-30') } });
		expectRefused(await cancelFollowing(agent, plageId, '2031-02-30', options));
		expectRefused(await cancelOccurrence(agent, plageId, '2031-02-30', options));
		expectRefused(await restoreOccurrence(agent, plageId, '2031-02-30', options));
		expectRefused(await overrideOccurrence(agent, plageId, '2031-02-30', { startTime: '10:00' }, options));
		expectRefused(await editFollowing(agent, plageId, '2031-02-30', { startTime: '10:00' }, options));
		expect(await editFollowing(agent, plageId, '2031-02-11', { firstDay: '1900-01-02' }, options)).toMatchObject({
			ok: false,
			fieldErrors: { firstDay: OUT_OF_RANGE_MESSAGE }
		});
		expect(await series()).toEqual(before);
		expect(await plageCalendar(agent, plageId, { from: '2031-02-30', to: '2031-03-31' }, options)).toMatchObject({
			ok: false,
			fieldErrors: { from: impossible('2031-02-30') }
		});
	});

	it('refuse impossible absence days with field errors, not an exception', async () => {
		const input = {
			agentId: f.agents.pmi.id,
			title: 'Congés',
			firstDay: '2031-02-30',
			startTime: '09:00',
			endTime: '17:00'
		};
		expect(await createAbsence(f.agents.pmi, input, { organisationId: f.orgId })).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { firstDay: impossible('2031-02-30') }
		});
		const created = await createAbsence(
			f.agents.pmi,
			{ ...input, firstDay: '2031-03-10' },
			{ organisationId: f.orgId }
		);
		if (!created.ok) throw new Error(created.message);
		expect(await updateAbsence(f.agents.pmi, created.value.id, { endDay: '2031-03-32' })).toMatchObject({
			ok: false,
			fieldErrors: { endDay: impossible('2031-03-32') }
		});
	});
});

describe('agent forms', () => {
	const plageForm = (fields: Record<string, string>) => ({
		agentId: f.agents.pmi.id,
		title: 'Permanence',
		lieuId: f.lieuId,
		motifIds: f.motifs.onSite,
		firstDay: '2031-06-03',
		startTime: '09:00',
		endTime: '12:00',
		...fields
	});

	it('the plage form refuses an impossible first day and end of recurrence, keeping what was typed', async () => {
		const outcome = await runRoute(newPlageActions.default, {
			path: `/agents/org/${f.orgId}/plages/nouvelle`,
			params: { orgId: f.orgId },
			agent: f.agents.pmi,
			form: plageForm({ firstDay: '2031-02-30', repeat: 'on', every: 'week', interval: '1', until: '2031-13-01' })
		});
		expect(outcome).toMatchObject({
			failure: {
				status: 400,
				data: {
					values: { firstDay: '2031-02-30', recurrence: { until: '2031-13-01' } },
					errors: { firstDay: impossible('2031-02-30'), 'recurrence.until': impossible('2031-13-01') }
				}
			}
		});
	});

	it('the occurrence forms of a plage refuse an impossible day', async () => {
		const path = `/agents/org/${f.orgId}/plages/${plageId}`;
		const params = { orgId: f.orgId, plageId };
		const before = await series();
		for (const scope of ['one', 'following'])
			expect(
				await runRoute(plagePageActions.cancelOccurrence, {
					path,
					params,
					agent: f.agents.pmi,
					form: { day: '2031-02-30', scope }
				})
			).toMatchObject({ failure: { status: 400, data: { occurrenceMessage: impossible('2031-02-30') } } });
		expect(
			await runRoute(plagePageActions.restoreOccurrence, {
				path,
				params,
				agent: f.agents.pmi,
				form: { day: '2031-02-30' }
			})
		).toMatchObject({ failure: { status: 400 } });
		expect(
			await runRoute(plagePageActions.editOccurrence, {
				path,
				params,
				agent: f.agents.pmi,
				form: { day: '2031-13-01', scope: 'one', startTime: '10:00', endTime: '11:00', lieuId: '' }
			})
		).toMatchObject({ failure: { status: 400, data: { occurrenceErrors: { day: impossible('2031-13-01') } } } });
		expect(await series()).toEqual(before);
		// A link to an impossible occurrence opens no edit form.
		const page = await runRoute(plagePageLoad, { path: `${path}?occurrence=2031-02-30`, params, agent: f.agents.pmi });
		expect(page).toMatchObject({ data: { editing: null } });
	});

	it('the indisponibilité form refuses an impossible last day', async () => {
		const outcome = await runRoute(newAbsenceActions.default, {
			path: `/agents/org/${f.orgId}/indisponibilites/nouvelle`,
			params: { orgId: f.orgId },
			agent: f.agents.pmi,
			form: {
				agentId: f.agents.pmi.id,
				title: 'Congés',
				kind: 'several',
				firstDay: '2031-02-27',
				endDay: '2031-02-30',
				startTime: '09:00',
				endTime: '17:00'
			}
		});
		expect(outcome).toMatchObject({ failure: { status: 400, data: { errors: { endDay: impossible('2031-02-30') } } } });
	});

	it('Trouver un RDV says the asked day does not exist instead of searching from another one', async () => {
		const query = `motif=${f.motifs.onSite}&date=2031-02-30`;
		const outcome = await runRoute(searchLoad, {
			path: `/agents/org/${f.orgId}/trouver-un-rdv?${query}`,
			params: { orgId: f.orgId },
			agent: f.agents.pmi
		});
		expect(outcome).toMatchObject({ data: { results: null, queryError: impossible('2031-02-30') } });
		const old = await runRoute(searchLoad, {
			path: `/agents/org/${f.orgId}/trouver-un-rdv?motif=${f.motifs.onSite}&date=1900-01-01`,
			params: { orgId: f.orgId },
			agent: f.agents.pmi
		});
		expect(old).toMatchObject({ data: { results: null, queryError: OUT_OF_RANGE_MESSAGE } });
	});

	it('the new session form refuses an impossible day', async () => {
		const outcome = await runRoute(newRdvActions.default, {
			path: `/agents/org/${f.orgId}/rdvs/nouveau`,
			params: { orgId: f.orgId },
			agent: f.agents.pmi,
			form: {
				motif: f.motifs.collective,
				jour: '2031-02-30',
				heure: '14:00',
				duree: '60',
				lieu: f.lieuId,
				agent: f.agents.pmi.id,
				usager: 'aucun'
			}
		});
		expect(outcome).toMatchObject({ failure: { status: 400, data: { errors: { jour: impossible('2031-02-30') } } } });
	});
});
