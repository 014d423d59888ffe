/**
 * No existence oracle: wherever an id is taken — a path parameter, a query parameter, an id inside a JSON body
 * or a posted form — an id of another organisation (or of something the agent may not see in its own) gets the
 * very same answer as an id that names nothing. Table-driven over every /api/v1 endpoint and every agent page
 * load, action and feed that takes ids: each row is run with a foreign id and with an unknown one, and the two
 * answers (status and body, the id itself masked) must be identical. A malformed id says nothing about existence:
 * in a path it answers like an unknown id (404); in a query or a body it may answer 422 validation_failed.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { bookRdv } from '../../src/lib/server/services/booking/index.ts';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Absence, Agent, Motif, PlageOuverture, Rdv, Usager } from '../../src/lib/server/db/models/index.ts';
import * as absenceConflictsApi from '../../src/routes/api/v1/absences/[absenceId]/conflicts/+server.ts';
import * as absenceApi from '../../src/routes/api/v1/absences/[absenceId]/+server.ts';
import * as absencesApi from '../../src/routes/api/v1/absences/+server.ts';
import * as organisationApi from '../../src/routes/api/v1/organisations/[orgId]/+server.ts';
import * as orgAbsencesApi from '../../src/routes/api/v1/organisations/[orgId]/absences/+server.ts';
import * as creneauxApi from '../../src/routes/api/v1/organisations/[orgId]/creneaux/+server.ts';
import * as nextCreneauApi from '../../src/routes/api/v1/organisations/[orgId]/creneaux/next/+server.ts';
import * as lieuApi from '../../src/routes/api/v1/organisations/[orgId]/lieux/[lieuId]/+server.ts';
import * as lieuxApi from '../../src/routes/api/v1/organisations/[orgId]/lieux/+server.ts';
import * as motifDuplicateApi from '../../src/routes/api/v1/organisations/[orgId]/motifs/[motifId]/duplicate/+server.ts';
import * as motifApi from '../../src/routes/api/v1/organisations/[orgId]/motifs/[motifId]/+server.ts';
import * as motifsApi from '../../src/routes/api/v1/organisations/[orgId]/motifs/+server.ts';
import * as occurrenceApi from '../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/occurrences/[day]/+server.ts';
import * as plageApi from '../../src/routes/api/v1/organisations/[orgId]/plages/[plageId]/+server.ts';
import * as plagesApi from '../../src/routes/api/v1/organisations/[orgId]/plages/+server.ts';
import * as cancelApi from '../../src/routes/api/v1/rdvs/[rdvId]/cancel/+server.ts';
import * as rdvApi from '../../src/routes/api/v1/rdvs/[rdvId]/+server.ts';
import * as rdvStatusApi from '../../src/routes/api/v1/rdvs/[rdvId]/status/+server.ts';
import * as participantsApi from '../../src/routes/api/v1/rdvs/[rdvId]/participants/+server.ts';
import * as participantApi from '../../src/routes/api/v1/rdvs/[rdvId]/participants/[usagerId]/+server.ts';
import * as rdvsApi from '../../src/routes/api/v1/rdvs/+server.ts';
import * as usagersApi from '../../src/routes/api/v1/organisations/[orgId]/usagers/+server.ts';
import * as usagerApi from '../../src/routes/api/v1/organisations/[orgId]/usagers/[usagerId]/+server.ts';
import * as relativesApi from '../../src/routes/api/v1/organisations/[orgId]/usagers/[usagerId]/relatives/+server.ts';
import * as sessionsApi from '../../src/routes/api/v1/organisations/[orgId]/seances/+server.ts';
import * as sessionDuplicateApi from '../../src/routes/api/v1/organisations/[orgId]/seances/[rdvId]/duplicate/+server.ts';
import * as boardApi from '../../src/routes/api/v1/organisations/[orgId]/board/+server.ts';
import * as orgLayout from '../../src/routes/agents/org/[orgId]/+layout.server.ts';
import * as agendaPage from '../../src/routes/agents/org/[orgId]/agenda/+page.server.ts';
import * as agendaEvents from '../../src/routes/agents/org/[orgId]/agenda/events/+server.ts';
import * as rdvPage from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/+page.server.ts';
import * as rdvEditPage from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/modifier/+page.server.ts';
import * as lieuPage from '../../src/routes/agents/org/[orgId]/configuration/lieux/[lieuId]/+page.server.ts';
import * as lieuxPage from '../../src/routes/agents/org/[orgId]/configuration/lieux/+page.server.ts';
import * as motifDuplicatePage from '../../src/routes/agents/org/[orgId]/configuration/motifs/[motifId]/dupliquer/+page.server.ts';
import * as motifPage from '../../src/routes/agents/org/[orgId]/configuration/motifs/[motifId]/+page.server.ts';
import * as motifsPage from '../../src/routes/agents/org/[orgId]/configuration/motifs/+page.server.ts';
import * as absencePage from '../../src/routes/agents/org/[orgId]/indisponibilites/[absenceId]/+page.server.ts';
import * as absencesPage from '../../src/routes/agents/org/[orgId]/indisponibilites/+page.server.ts';
import * as newAbsencePage from '../../src/routes/agents/org/[orgId]/indisponibilites/nouvelle/+page.server.ts';
import * as plageOccurrencesFeed from '../../src/routes/agents/org/[orgId]/plages/[plageId]/occurrences/+server.ts';
import * as plagePage from '../../src/routes/agents/org/[orgId]/plages/[plageId]/+page.server.ts';
import * as plagesPage from '../../src/routes/agents/org/[orgId]/plages/+page.server.ts';
import * as newPlagePage from '../../src/routes/agents/org/[orgId]/plages/nouvelle/+page.server.ts';
import * as rdvListPage from '../../src/routes/agents/org/[orgId]/rdvs/+page.server.ts';
import * as newRdvPage from '../../src/routes/agents/org/[orgId]/rdvs/nouveau/+page.server.ts';
import * as trouverPage from '../../src/routes/agents/org/[orgId]/trouver-un-rdv/+page.server.ts';
import * as usagersPage from '../../src/routes/agents/org/[orgId]/usagers/+page.server.ts';
import * as usagerPage from '../../src/routes/agents/org/[orgId]/usagers/[usagerId]/+page.server.ts';
import * as usagerEditPage from '../../src/routes/agents/org/[orgId]/usagers/[usagerId]/modifier/+page.server.ts';
import * as newUsagerPage from '../../src/routes/agents/org/[orgId]/usagers/nouveau/+page.server.ts';
import * as sessionsPage from '../../src/routes/agents/org/[orgId]/seances/+page.server.ts';
import * as sessionDuplicatePage from '../../src/routes/agents/org/[orgId]/seances/[rdvId]/dupliquer/+page.server.ts';
import * as boardPage from '../../src/routes/agents/org/[orgId]/aujourdhui/+page.server.ts';
import * as boardSlotsFeed from '../../src/routes/agents/org/[orgId]/aujourdhui/creneaux/+server.ts';
import * as territoryBoardPage from '../../src/routes/agents/territoires/[territoryId]/aujourdhui/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { callEndpoint, requestEvent } from '../helpers/request-event.ts';
import { createSchedulingFixture, paris, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

const { call } = documentedApi(openApiDocument());

let f: SchedulingFixture;
/** Admin of MDS Arras only (PMI): the actor of the cross-organisation rows. */
let ana: SessionAgent;
/** Basic agent of MDS Arras (Service social): the actor of the rows about what is out of sight in its own. */
let carla: SessionAgent;
const tokens = { ana: '', carla: '' };
/** Things of MDS Lens, where neither actor has a role; and things of Alice's agenda, out of Carla's sight. */
const foreign = { usager: '', rdv: '', plage: '', absence: '', session: '' };
const hidden = { rdv: '', absence: '' };
let collectiveMotif = '';

const DAY = '2027-03-22';

beforeAll(async () => {
	f = await createSchedulingFixture();
	const doc = await Agent.create({
		email: `ana-${f.alice.slice(-6)}@example.org`,
		firstName: 'Ana',
		lastName: 'Admin',
		serviceIds: [f.pmi],
		roles: [{ organisationId: f.arras, level: 'admin' }]
	});
	const principal = await loadSessionAgent(String(doc._id));
	if (!principal) throw new Error('ana not loaded');
	ana = principal;
	carla = f.agents.carla;
	tokens.ana = (await createApiToken(ana.id, 'Tests')).token;
	tokens.carla = (await createApiToken(carla.id, 'Tests')).token;

	const lensUsager = await Usager.create({
		firstName: 'Lou',
		lastName: 'Lens',
		profiles: [{ organisationId: f.lens }]
	});
	foreign.usager = String(lensUsager._id);
	const rdv = (organisationId: string, motifId: string, agentId: string, usagerId: string, lieuId: string) =>
		new Rdv({
			startsAt: paris('2027-03-23', '14:00'),
			endsAt: paris('2027-03-23', '14:30'),
			timeZone: 'Europe/Paris',
			organisationId,
			motifId,
			serviceId: f.pmi,
			locationType: 'public_office',
			lieuId,
			agentIds: [agentId],
			participants: [{ usagerId }],
			createdBy: { kind: 'agent', agentId }
		}).save();
	foreign.rdv = String((await rdv(f.lens, f.lensMotif, f.dora, foreign.usager, f.lensLieu))._id);
	hidden.rdv = String((await rdv(f.arras, f.motif, f.alice, f.usager, f.lieu))._id);
	const doraPlage = await PlageOuverture.findOne({ agentId: f.dora }).lean();
	foreign.plage = String(doraPlage?._id);
	const absence = (agentId: string) =>
		Absence.create({
			agentId,
			title: 'Congés',
			firstDay: '2027-04-01',
			endDay: '2027-04-01',
			startTime: '09:00',
			endTime: '17:00',
			timeZone: 'Europe/Paris'
		});
	foreign.absence = String((await absence(f.dora))._id);
	hidden.absence = String((await absence(f.alice))._id);
	const atelier = await Motif.create({
		organisationId: f.arras,
		serviceId: f.pmi,
		name: 'Atelier',
		locationType: 'public_office',
		collective: true
	});
	collectiveMotif = String(atelier._id);
	// A collective session of MDS Lens: what the sessions' duplicate page and endpoint take in their path.
	const lensAtelier = await Motif.create({
		organisationId: f.lens,
		serviceId: f.pmi,
		name: 'Atelier',
		locationType: 'public_office',
		collective: true
	});
	const session = await new Rdv({
		startsAt: paris('2027-03-24', '14:00'),
		endsAt: paris('2027-03-24', '15:00'),
		timeZone: 'Europe/Paris',
		organisationId: f.lens,
		motifId: lensAtelier._id,
		serviceId: f.pmi,
		locationType: 'public_office',
		lieuId: f.lensLieu,
		agentIds: [f.dora],
		collective: true,
		maxParticipants: 5,
		participants: [],
		createdBy: { kind: 'agent', agentId: f.dora }
	}).save();
	foreign.session = String(session._id);
}, 120_000);

// ---------------------------------------------------------------------------------------------------------------
// What came out, comparable

type Answer = { status: number; body: unknown } | { data: unknown } | { redirect: string };

/** The answer with `id` masked: an answer that repeats the id it was given tells nothing more. */
const masked = (answer: Answer, id: string) => JSON.parse(JSON.stringify(answer).replaceAll(id, '<id>')) as Answer;

/** A page load or form action: its data, its fail(), its redirect, or the HTTP error it threw (with message). */
async function runPage(
	fn: unknown,
	init: { path: string; params: Record<string, string>; agent: SessionAgent; form?: Record<string, string | string[]> }
): Promise<Answer> {
	let body: FormData | undefined;
	if (init.form) {
		body = new FormData();
		for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) body.append(k, one);
	}
	const event = requestEvent({ ...init, method: body ? 'POST' : 'GET', body });
	try {
		const result = await (fn as (e: unknown) => Promise<unknown>)(event);
		if (isActionFailure(result)) return { status: result.status, body: result.data };
		return { data: result ?? null };
	} catch (thrown) {
		if (isRedirect(thrown)) return { redirect: thrown.location };
		if (isHttpError(thrown)) return { status: thrown.status, body: thrown.body };
		throw thrown;
	}
}

/** A same-origin JSON feed of the agent pages (cookie session). */
async function runFeed(handler: unknown, init: { path: string; params: Record<string, string>; agent: SessionAgent }) {
	const res = await callEndpoint(handler as never, init);
	return { status: res.status, body: res.body };
}

type Where = 'path' | 'query' | 'body';

interface Row {
	name: string;
	where: Where;
	/** The id only narrows a listing: both answer the same (empty) success. */
	filter?: true;
	/** The id of another organisation (or out of the actor's sight) this row puts where the id goes. */
	other: () => string;
	run: (id: string) => Promise<Answer>;
	/** What both answer, when the row pins it (else the describe block's rule for its `where`). */
	answer?: Answer;
}

const unknownId = () => new Types.ObjectId().toHexString();
const notFoundAnswer = (message: string): Answer => ({ status: 404, body: { error: { code: 'not_found', message } } });

/** Runs the row with the other id, an unknown one and a malformed one, and compares. */
async function check(row: Row) {
	const otherId = row.other();
	const unknown = unknownId();
	const withOther = masked(await row.run(otherId), otherId);
	const withUnknown = masked(await row.run(unknown), unknown);
	expect(withOther, `${row.name}: another organisation’s id vs an unknown id`).toEqual(withUnknown);
	if (row.answer) expect(withUnknown, row.name).toMatchObject(row.answer);
	return { withUnknown, malformed: await row.run('nope') };
}

// ---------------------------------------------------------------------------------------------------------------
// The API: every endpoint taking ids

const api = (token: () => string) => ({
	get: (handler: unknown, path: string, params: Record<string, string> = {}) =>
		call(handler as never, { path, params, token: token() }),
	send: (method: string, handler: unknown, path: string, params: Record<string, string>, body: unknown) =>
		call(handler as never, { method, path, params, token: token(), body })
});
const asAna = api(() => tokens.ana);
const asCarla = api(() => tokens.carla);
const org = (orgId: string) => `/api/v1/organisations/${orgId}`;

const plageBody = (fields: Record<string, unknown> = {}) => ({
	agentId: f.alice,
	title: 'Permanence',
	lieuId: f.lieu,
	motifIds: [f.motif],
	firstDay: '2027-06-07',
	startTime: '14:00',
	endTime: '16:00',
	...fields
});
const rdvBody = (fields: Record<string, unknown> = {}) => ({
	organisationId: f.arras,
	motifId: f.motif,
	startsAt: paris('2027-04-06', '09:00').toISOString(),
	lieuId: f.lieu,
	agentIds: [f.alice],
	usagerIds: [f.usager],
	...fields
});

const apiRows: Row[] = [
	// Organisation in the path: another organisation vs an unknown one.
	...(
		[
			['GET /organisations/{orgId}', (id: string) => asAna.get(organisationApi.GET, org(id), { orgId: id })],
			['GET …/lieux', (id: string) => asAna.get(lieuxApi.GET, `${org(id)}/lieux`, { orgId: id })],
			[
				'POST …/lieux',
				(id: string) =>
					asAna.send('POST', lieuxApi.POST, `${org(id)}/lieux`, { orgId: id }, { name: 'L', address: 'A' })
			],
			['GET …/motifs', (id: string) => asAna.get(motifsApi.GET, `${org(id)}/motifs`, { orgId: id })],
			[
				'POST …/motifs',
				(id: string) =>
					asAna.send(
						'POST',
						motifsApi.POST,
						`${org(id)}/motifs`,
						{ orgId: id },
						{
							name: 'M',
							serviceId: f.pmi,
							locationType: 'phone'
						}
					)
			],
			['GET …/plages', (id: string) => asAna.get(plagesApi.GET, `${org(id)}/plages`, { orgId: id })],
			['GET …/absences', (id: string) => asAna.get(orgAbsencesApi.GET, `${org(id)}/absences`, { orgId: id })],
			[
				'POST …/plages',
				(id: string) => asAna.send('POST', plagesApi.POST, `${org(id)}/plages`, { orgId: id }, plageBody())
			],
			[
				'GET …/creneaux',
				(id: string) => asAna.get(creneauxApi.GET, `${org(id)}/creneaux?motifId=${f.motif}&from=${DAY}`, { orgId: id })
			],
			[
				'GET …/creneaux/next',
				(id: string) =>
					asAna.get(nextCreneauApi.GET, `${org(id)}/creneaux/next?motifId=${f.motif}&from=${DAY}`, { orgId: id })
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: orgId`, where: 'path', other: () => f.lens, run })),

	// One resource in the path, under the agent's own organisation.
	...(
		[
			['GET …/lieux/{lieuId}', 'GET', undefined],
			['PATCH …/lieux/{lieuId}', 'PATCH', { name: 'X' }],
			['DELETE …/lieux/{lieuId}', 'DELETE', undefined]
		] as const
	).map(([name, method, body]): Row => ({
		name,
		where: 'path',
		other: () => f.lensLieu,
		run: (id) =>
			asAna.send(method, lieuApi[method], `${org(f.arras)}/lieux/${id}`, { orgId: f.arras, lieuId: id }, body)
	})),
	...(
		[
			['GET …/motifs/{motifId}', 'GET', undefined],
			['PATCH …/motifs/{motifId}', 'PATCH', { name: 'X' }],
			['DELETE …/motifs/{motifId}', 'DELETE', undefined]
		] as const
	).map(([name, method, body]): Row => ({
		name,
		where: 'path',
		other: () => f.lensMotif,
		run: (id) =>
			asAna.send(method, motifApi[method], `${org(f.arras)}/motifs/${id}`, { orgId: f.arras, motifId: id }, body)
	})),
	{
		name: 'POST …/motifs/{motifId}/duplicate',
		where: 'path',
		other: () => f.lensMotif,
		run: (id) =>
			asAna.send(
				'POST',
				motifDuplicateApi.POST,
				`${org(f.arras)}/motifs/${id}/duplicate`,
				{
					orgId: f.arras,
					motifId: id
				},
				{}
			)
	},
	...(
		[
			['GET …/plages/{plageId}', 'GET', undefined],
			['PATCH …/plages/{plageId}', 'PATCH', { title: 'X' }],
			['DELETE …/plages/{plageId}', 'DELETE', undefined]
		] as const
	).map(([name, method, body]): Row => ({
		name,
		where: 'path',
		other: () => foreign.plage,
		run: (id) =>
			asAna.send(method, plageApi[method], `${org(f.arras)}/plages/${id}`, { orgId: f.arras, plageId: id }, body)
	})),
	...(
		[
			['DELETE …/occurrences/{day}', 'DELETE', undefined],
			['PATCH …/occurrences/{day}', 'PATCH', { startTime: '10:00' }]
		] as const
	).map(([name, method, body]): Row => ({
		name,
		where: 'path',
		other: () => foreign.plage,
		run: (id) =>
			asAna.send(
				method,
				occurrenceApi[method],
				`${org(f.arras)}/plages/${id}/occurrences/${DAY}`,
				{ orgId: f.arras, plageId: id, day: DAY },
				body
			)
	})),
	...(
		[
			['GET /absences/{absenceId}', 'GET', undefined],
			['PATCH /absences/{absenceId}', 'PATCH', { title: 'X' }],
			['DELETE /absences/{absenceId}', 'DELETE', undefined]
		] as const
	).map(([name, method, body]): Row => ({
		name,
		where: 'path',
		other: () => foreign.absence,
		run: (id) => asAna.send(method, absenceApi[method], `/api/v1/absences/${id}`, { absenceId: id }, body)
	})),
	{
		name: 'GET /absences/{absenceId}/conflicts',
		where: 'path',
		other: () => foreign.absence,
		run: (id) => asAna.get(absenceConflictsApi.GET, `/api/v1/absences/${id}/conflicts`, { absenceId: id })
	},
	{
		name: 'GET /rdvs/{rdvId}',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) => asAna.get(rdvApi.GET, `/api/v1/rdvs/${id}`, { rdvId: id })
	},
	{
		name: 'POST /rdvs/{rdvId}/cancel',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) => asAna.send('POST', cancelApi.POST, `/api/v1/rdvs/${id}/cancel`, { rdvId: id }, { status: 'revoked' })
	},
	{
		name: 'POST /rdvs/{rdvId}/status',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) =>
			asAna.send('POST', rdvStatusApi.POST, `/api/v1/rdvs/${id}/status`, { rdvId: id }, { status: 'revoked' })
	},
	{
		name: 'PATCH /rdvs/{rdvId}',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) => asAna.send('PATCH', rdvApi.PATCH, `/api/v1/rdvs/${id}`, { rdvId: id }, { context: 'X', version: 0 })
	},
	{
		name: 'DELETE /rdvs/{rdvId}',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) => asAna.send('DELETE', rdvApi.DELETE, `/api/v1/rdvs/${id}`, { rdvId: id }, undefined)
	},
	{
		name: 'POST /rdvs/{rdvId}/participants',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) =>
			asAna.send(
				'POST',
				participantsApi.POST,
				`/api/v1/rdvs/${id}/participants`,
				{ rdvId: id },
				{ usagerIds: [f.usager], version: 0 }
			)
	},
	{
		name: 'PATCH /rdvs/{rdvId}/participants/{usagerId}',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) =>
			asAna.send(
				'PATCH',
				participantApi.PATCH,
				`/api/v1/rdvs/${id}/participants/${f.usager}`,
				{ rdvId: id, usagerId: f.usager },
				{ sendReminderNotification: false, version: 0 }
			)
	},
	{
		name: 'DELETE /rdvs/{rdvId}/participants/{usagerId}',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) =>
			call(participantApi.DELETE as never, {
				method: 'DELETE',
				path: `/api/v1/rdvs/${id}/participants/${f.usager}`,
				params: { rdvId: id, usagerId: f.usager },
				headers: { 'if-match': '"0"' },
				token: tokens.ana
			})
	},

	// Ids in the query string.
	{
		name: 'GET /absences?agentId',
		where: 'query',
		other: () => f.dora,
		run: (id) => asAna.get(absencesApi.GET, `/api/v1/absences?agentId=${id}`)
	},
	{
		name: 'GET …/absences?agentId',
		where: 'query',
		filter: true,
		other: () => f.dora,
		run: (id) => asAna.get(orgAbsencesApi.GET, `${org(f.arras)}/absences?agentId=${id}`, { orgId: f.arras })
	},
	{
		name: 'GET …/plages?agentId',
		where: 'query',
		filter: true,
		other: () => f.dora,
		run: (id) => asAna.get(plagesApi.GET, `${org(f.arras)}/plages?agentId=${id}`, { orgId: f.arras })
	},
	{
		name: 'GET …/creneaux?motifId',
		where: 'query',
		other: () => f.lensMotif,
		run: (id) => asAna.get(creneauxApi.GET, `${org(f.arras)}/creneaux?motifId=${id}&from=${DAY}`, { orgId: f.arras })
	},
	{
		name: 'GET …/creneaux?agentIds',
		where: 'query',
		filter: true,
		other: () => f.dora,
		run: (id) =>
			asAna.get(creneauxApi.GET, `${org(f.arras)}/creneaux?motifId=${f.motif}&from=${DAY}&agentIds=${id}`, {
				orgId: f.arras
			})
	},
	{
		name: 'GET …/creneaux?lieuIds',
		where: 'query',
		filter: true,
		other: () => f.lensLieu,
		run: (id) =>
			asAna.get(creneauxApi.GET, `${org(f.arras)}/creneaux?motifId=${f.motif}&from=${DAY}&lieuIds=${id}`, {
				orgId: f.arras
			})
	},
	{
		name: 'GET …/creneaux/next?motifId',
		where: 'query',
		other: () => f.lensMotif,
		run: (id) =>
			asAna.get(nextCreneauApi.GET, `${org(f.arras)}/creneaux/next?motifId=${id}&from=${DAY}`, { orgId: f.arras })
	},

	// Ids inside a JSON body.
	{
		name: 'POST /absences: agentId',
		where: 'body',
		other: () => f.dora,
		run: (id) =>
			asAna.send(
				'POST',
				absencesApi.POST,
				'/api/v1/absences',
				{},
				{
					agentId: id,
					title: 'Congés',
					firstDay: '2027-05-03',
					startTime: '09:00',
					endTime: '17:00'
				}
			)
	},
	...(
		[
			['agentId', () => f.dora, (id: string) => ({ agentId: id })],
			['motifIds', () => f.lensMotif, (id: string) => ({ motifIds: [id] })],
			['lieuId', () => f.lensLieu, (id: string) => ({ lieuId: id })]
		] as const
	).flatMap(([field, other, fields]): Row[] => [
		{
			name: `POST …/plages: ${field}`,
			where: 'body',
			other,
			run: (id) =>
				asAna.send('POST', plagesApi.POST, `${org(f.arras)}/plages`, { orgId: f.arras }, plageBody(fields(id)))
		},
		{
			name: `PATCH …/plages/{plageId}: ${field}`,
			where: 'body',
			other,
			run: (id) =>
				asAna.send(
					'PATCH',
					plageApi.PATCH,
					`${org(f.arras)}/plages/${f.plage}`,
					{ orgId: f.arras, plageId: f.plage },
					fields(id)
				)
		}
	]),
	{
		name: 'PATCH …/occurrences/{day}: lieuId',
		where: 'body',
		other: () => f.lensLieu,
		run: (id) =>
			asAna.send(
				'PATCH',
				occurrenceApi.PATCH,
				`${org(f.arras)}/plages/${f.plage}/occurrences/${DAY}`,
				{ orgId: f.arras, plageId: f.plage, day: DAY },
				{ lieuId: id }
			)
	},
	{
		name: 'POST …/motifs/{motifId}/duplicate: targetOrganisationId',
		where: 'body',
		other: () => f.lens,
		run: (id) =>
			asAna.send(
				'POST',
				motifDuplicateApi.POST,
				`${org(f.arras)}/motifs/${f.motif}/duplicate`,
				{
					orgId: f.arras,
					motifId: f.motif
				},
				{ targetOrganisationId: id }
			)
	},
	...(
		[
			['organisationId', () => f.lens, (id: string) => ({ organisationId: id })],
			['motifId', () => f.lensMotif, (id: string) => ({ motifId: id })],
			['lieuId', () => f.lensLieu, (id: string) => ({ lieuId: id })],
			['agentIds', () => f.dora, (id: string) => ({ agentIds: [id] })],
			['usagerIds', () => foreign.usager, (id: string) => ({ usagerIds: [id] })],
			['sessionId', () => foreign.rdv, (id: string) => ({ motifId: collectiveMotif, sessionId: id })]
		] as const
	).map(([field, other, fields]): Row => ({
		name: `POST /rdvs: ${field}`,
		where: 'body',
		other,
		run: (id) => asAna.send('POST', rdvsApi.POST, '/api/v1/rdvs', {}, rdvBody(fields(id))),
		// The organisation and the motif scope the booking as the créneaux search's path and query do: 404 there
		// as here (was 403 for another organisation).
		...(field === 'organisationId' && { answer: notFoundAnswer('Organisation introuvable.') }),
		...(field === 'motifId' && { answer: notFoundAnswer('Motif introuvable.') })
	}))
];

// GET /rdvs (issue 16, the RDV list): the organisation scopes the list (404 alike); the other ids only narrow it.
const rdvListPath = (query: string) => `/api/v1/rdvs?from=2027-03-22&to=2027-03-28&${query}`;
apiRows.push(
	{
		name: 'GET /rdvs?organisationId',
		where: 'query',
		other: () => f.lens,
		run: (id) => asAna.get(rdvsApi.GET, rdvListPath(`organisationId=${id}`)),
		answer: notFoundAnswer('Organisation introuvable.')
	},
	...(
		[
			['agentId', () => f.dora],
			['usagerId', () => foreign.usager],
			['motifId', () => f.lensMotif],
			['lieuId', () => f.lensLieu]
		] as const
	).map(([field, other]): Row => ({
		name: `GET /rdvs?${field}`,
		where: 'query',
		filter: true,
		other,
		run: (id) => asAna.get(rdvsApi.GET, rdvListPath(`organisationId=${f.arras}&${field}=${id}`))
	}))
);

// Usager records, collective sessions and the RDV's participants and edit (issue 16).
/** The version of the RDV the body rows change (they all fail, so it stays put; read anyway, not assumed). */
const hiddenRdvVersion = async () => (await Rdv.findById(hidden.rdv).lean())?.version ?? 0;
const usagerBody = { firstName: 'Léa', lastName: 'Oracle' };
apiRows.push(
	...(
		[
			['GET …/usagers', (id: string) => asAna.get(usagersApi.GET, `${org(id)}/usagers`, { orgId: id })],
			['GET …/usagers?q', (id: string) => asAna.get(usagersApi.GET, `${org(id)}/usagers?q=Lou`, { orgId: id })],
			[
				'POST …/usagers',
				(id: string) => asAna.send('POST', usagersApi.POST, `${org(id)}/usagers`, { orgId: id }, usagerBody)
			],
			[
				'GET …/usagers/{usagerId}',
				(id: string) => asAna.get(usagerApi.GET, `${org(id)}/usagers/${f.usager}`, { orgId: id, usagerId: f.usager })
			],
			['GET …/seances', (id: string) => asAna.get(sessionsApi.GET, `${org(id)}/seances`, { orgId: id })],
			[
				'POST …/seances/{rdvId}/duplicate',
				(id: string) =>
					asAna.send(
						'POST',
						sessionDuplicateApi.POST,
						`${org(id)}/seances/${foreign.session}/duplicate`,
						{ orgId: id, rdvId: foreign.session },
						{ startsAt: paris('2027-04-07', '14:00').toISOString() }
					)
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: orgId`, where: 'path', other: () => f.lens, run })),
	// Another organisation's usager under the agent's own organisation.
	...(
		[
			['GET …/usagers/{usagerId}', 'GET', usagerApi.GET, '', undefined],
			['PATCH …/usagers/{usagerId}', 'PATCH', usagerApi.PATCH, '', { firstName: 'X' }],
			['GET …/usagers/{usagerId}/relatives', 'GET', relativesApi.GET, '/relatives', undefined],
			['POST …/usagers/{usagerId}/relatives', 'POST', relativesApi.POST, '/relatives', usagerBody]
		] as const
	).map(([name, method, handler, rest, body]): Row => ({
		name: `${name}: usagerId`,
		where: 'path',
		other: () => foreign.usager,
		run: (id) =>
			asAna.send(method, handler, `${org(f.arras)}/usagers/${id}${rest}`, { orgId: f.arras, usagerId: id }, body)
	})),
	{
		name: 'POST …/seances/{rdvId}/duplicate: rdvId',
		where: 'path',
		other: () => foreign.session,
		run: (id) =>
			asAna.send(
				'POST',
				sessionDuplicateApi.POST,
				`${org(f.arras)}/seances/${id}/duplicate`,
				{ orgId: f.arras, rdvId: id },
				{ startsAt: paris('2027-04-07', '14:00').toISOString() }
			)
	},
	{
		name: 'GET …/seances?motifId',
		where: 'query',
		filter: true,
		other: () => f.lensMotif,
		run: (id) => asAna.get(sessionsApi.GET, `${org(f.arras)}/seances?from=${DAY}&motifId=${id}`, { orgId: f.arras })
	},
	// Another organisation's usager as the participant in the path, on an RDV of the agent's own organisation.
	{
		name: 'PATCH /rdvs/{rdvId}/participants/{usagerId}: usagerId',
		where: 'path',
		other: () => foreign.usager,
		run: async (id) =>
			asAna.send(
				'PATCH',
				participantApi.PATCH,
				`/api/v1/rdvs/${hidden.rdv}/participants/${id}`,
				{ rdvId: hidden.rdv, usagerId: id },
				{ sendReminderNotification: false, version: await hiddenRdvVersion() }
			)
	},
	{
		name: 'DELETE /rdvs/{rdvId}/participants/{usagerId}: usagerId',
		where: 'path',
		other: () => foreign.usager,
		run: async (id) =>
			call(participantApi.DELETE as never, {
				method: 'DELETE',
				path: `/api/v1/rdvs/${hidden.rdv}/participants/${id}`,
				params: { rdvId: hidden.rdv, usagerId: id },
				headers: { 'if-match': `"${await hiddenRdvVersion()}"` },
				token: tokens.ana
			})
	},
	// Ids in the body of a change to an RDV of the agent's own organisation.
	{
		name: 'POST /rdvs/{rdvId}/participants: usagerIds',
		where: 'body',
		other: () => foreign.usager,
		run: async (id) =>
			asAna.send(
				'POST',
				participantsApi.POST,
				`/api/v1/rdvs/${hidden.rdv}/participants`,
				{ rdvId: hidden.rdv },
				{ usagerIds: [id], version: await hiddenRdvVersion() }
			),
		answer: {
			status: 422,
			body: {
				error: {
					code: 'validation_failed',
					details: [{ location: 'body', path: 'usagerIds', message: 'Usager introuvable.' }]
				}
			}
		}
	},
	...(
		[
			['lieuId', () => f.lensLieu, (id: string) => ({ lieuId: id })],
			['agentIds', () => f.dora, (id: string) => ({ agentIds: [id] })]
		] as const
	).map(([field, other, fields]): Row => ({
		name: `PATCH /rdvs/{rdvId}: ${field}`,
		where: 'body',
		other,
		run: async (id) =>
			asAna.send(
				'PATCH',
				rdvApi.PATCH,
				`/api/v1/rdvs/${hidden.rdv}`,
				{ rdvId: hidden.rdv },
				{ ...fields(id), version: await hiddenRdvVersion() }
			)
	}))
);

// The supervisors' board (issue 17): an organisation out of sight answers like an unknown one.
apiRows.push({
	name: 'GET …/board: orgId',
	where: 'path',
	other: () => f.lens,
	run: (id) => asAna.get(boardApi.GET, `${org(id)}/board`, { orgId: id }),
	answer: notFoundAnswer('Organisation introuvable.')
});

/** In the agent's own organisation, what it may not see answers like what does not exist. */
const hiddenRows: Row[] = [
	{
		name: 'POST /rdvs: motifId of another service',
		where: 'body',
		other: () => f.motif,
		// Was 403 « Ce motif n’est pas d’un de vos services » for a motif that exists, 404 for an unknown one.
		run: (id) => asCarla.send('POST', rdvsApi.POST, '/api/v1/rdvs', {}, rdvBody({ motifId: id })),
		answer: notFoundAnswer('Motif introuvable.')
	},
	{
		name: 'GET …/plages/{plageId} of an agenda out of sight',
		where: 'path',
		other: () => f.plage,
		run: (id) => asCarla.get(plageApi.GET, `${org(f.arras)}/plages/${id}`, { orgId: f.arras, plageId: id })
	},
	{
		name: 'PATCH …/plages/{plageId} of an agenda out of sight',
		where: 'path',
		other: () => f.plage,
		run: (id) =>
			asCarla.send(
				'PATCH',
				plageApi.PATCH,
				`${org(f.arras)}/plages/${id}`,
				{ orgId: f.arras, plageId: id },
				{ title: 'X' }
			)
	},
	{
		name: 'DELETE …/occurrences/{day} of an agenda out of sight',
		where: 'path',
		other: () => f.plage,
		run: (id) =>
			asCarla.send(
				'DELETE',
				occurrenceApi.DELETE,
				`${org(f.arras)}/plages/${id}/occurrences/${DAY}`,
				{ orgId: f.arras, plageId: id, day: DAY },
				undefined
			)
	},
	{
		name: 'GET /absences/{absenceId} of an agenda out of sight',
		where: 'path',
		other: () => hidden.absence,
		run: (id) => asCarla.get(absenceApi.GET, `/api/v1/absences/${id}`, { absenceId: id })
	},
	{
		name: 'DELETE /absences/{absenceId} of an agenda out of sight',
		where: 'path',
		other: () => hidden.absence,
		run: (id) => asCarla.send('DELETE', absenceApi.DELETE, `/api/v1/absences/${id}`, { absenceId: id }, undefined)
	},
	{
		name: 'GET …/motifs/{motifId} of another service',
		where: 'path',
		other: () => f.motif,
		run: (id) => asCarla.get(motifApi.GET, `${org(f.arras)}/motifs/${id}`, { orgId: f.arras, motifId: id })
	},
	{
		name: 'GET /rdvs/{rdvId} of another service',
		where: 'path',
		other: () => hidden.rdv,
		run: (id) => asCarla.get(rdvApi.GET, `/api/v1/rdvs/${id}`, { rdvId: id })
	},
	{
		name: 'POST /rdvs/{rdvId}/status of another service',
		where: 'path',
		other: () => hidden.rdv,
		run: (id) =>
			asCarla.send('POST', rdvStatusApi.POST, `/api/v1/rdvs/${id}/status`, { rdvId: id }, { status: 'revoked' })
	},
	{
		name: 'POST …/plages: motifIds of another service, neither the agent’s',
		where: 'body',
		other: () => f.motif,
		run: (id) =>
			asCarla.send(
				'POST',
				plagesApi.POST,
				`${org(f.arras)}/plages`,
				{ orgId: f.arras },
				plageBody({ agentId: carla.id, motifIds: [id] })
			)
	},
	{
		name: 'GET …/creneaux?motifId of another service',
		where: 'query',
		other: () => f.motif,
		run: (id) => asCarla.get(creneauxApi.GET, `${org(f.arras)}/creneaux?motifId=${id}&from=${DAY}`, { orgId: f.arras })
	}
];

// The RDV list: Carla filtering on Alice's agenda (out of her sight) gets the empty list an unknown agent gets.
hiddenRows.push({
	name: 'GET /rdvs?agentId of an agenda out of sight',
	where: 'query',
	other: () => f.alice,
	run: (id) => asCarla.get(rdvsApi.GET, rdvListPath(`organisationId=${f.arras}&agentId=${id}`)),
	answer: { status: 200, body: { data: [], nextCursor: null } }
});

describe('/api/v1: another organisation’s ids answer like unknown ones', () => {
	it.each(apiRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
		const { withUnknown, malformed } = await check(row);
		const status = (withUnknown as { status: number }).status;
		if (row.filter) expect(status, row.name).toBe(200);
		else if (row.where === 'path')
			expect(withUnknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		else expect(status, row.name).toBeGreaterThanOrEqual(400);
		// A malformed id names nothing either: in a path, 404 like an unknown one (the generic message of an
		// unparsable path); elsewhere, 422 on that parameter.
		if (row.where === 'path')
			expect(malformed, `${row.name}: malformed`).toMatchObject({
				status: 404,
				body: { error: { code: 'not_found' } }
			});
		else
			expect(malformed, `${row.name}: malformed`).toMatchObject({
				status: 422,
				body: { error: { code: 'validation_failed' } }
			});
	});
});

describe('/api/v1: what the agent may not see in its own organisation answers like what does not exist', () => {
	it.each(hiddenRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
		const { withUnknown } = await check(row);
		if (row.answer) return;
		if (row.where === 'body') expect((withUnknown as { status: number }).status).toBe(422);
		else expect(withUnknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
	});
});

// ---------------------------------------------------------------------------------------------------------------
// The agent pages: loads, form actions and their JSON feeds

const page = (rest: string) => `/agents/org/${f.arras}${rest}`;
const asAnaPage = (
	fn: unknown,
	path: string,
	params: Record<string, string>,
	form?: Record<string, string | string[]>
) => runPage(fn, { path, params, agent: ana, form });

const plageForm = (fields: Record<string, string | string[]> = {}) => ({
	agentId: f.alice,
	title: 'Permanence',
	lieuId: f.lieu,
	motifIds: [f.motif],
	firstDay: '2027-06-07',
	startTime: '14:00',
	endTime: '16:00',
	...fields
});
const absenceForm = (fields: Record<string, string> = {}) => ({
	agentId: ana.id,
	title: 'Congés',
	kind: 'one',
	firstDay: '2027-05-03',
	startTime: '09:00',
	endTime: '17:00',
	...fields
});
const slotQuery = () =>
	`motif=${f.motif}&debut=${encodeURIComponent(paris('2027-04-06', '09:00').toISOString())}&agent=${f.alice}&lieu=${f.lieu}`;

const pageRows: Row[] = [
	// The organisation in the path.
	...(
		[
			['org layout', (id: string) => asAnaPage(orgLayout.load, `/agents/org/${id}/agenda`, { orgId: id })],
			['agenda page', (id: string) => asAnaPage(agendaPage.load, `/agents/org/${id}/agenda`, { orgId: id })],
			['plages page', (id: string) => asAnaPage(plagesPage.load, `/agents/org/${id}/plages`, { orgId: id })],
			[
				'indisponibilités page',
				(id: string) => asAnaPage(absencesPage.load, `/agents/org/${id}/indisponibilites`, { orgId: id })
			],
			[
				'Trouver un RDV',
				(id: string) => asAnaPage(trouverPage.load, `/agents/org/${id}/trouver-un-rdv`, { orgId: id })
			],
			[
				'lieux configuration',
				(id: string) => asAnaPage(lieuxPage.load, `/agents/org/${id}/configuration/lieux`, { orgId: id })
			],
			[
				'agenda events feed',
				(id: string) =>
					runFeed(agendaEvents.GET, {
						path: `/agents/org/${id}/agenda/events?start=2027-03-22T00:00:00Z&end=2027-03-29T00:00:00Z&agentIds=${f.alice}`,
						params: { orgId: id },
						agent: ana
					})
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: orgId`, where: 'path', other: () => f.lens, run })),

	// A plage in the path (of another organisation, under the agent's own).
	...(
		[
			['plage page', (id: string) => asAnaPage(plagePage.load, page(`/plages/${id}`), { orgId: f.arras, plageId: id })],
			[
				'plage page ?/update',
				(id: string) =>
					asAnaPage(plagePage.actions.update, page(`/plages/${id}`), { orgId: f.arras, plageId: id }, plageForm())
			],
			[
				'plage page ?/delete',
				(id: string) => asAnaPage(plagePage.actions.delete, page(`/plages/${id}`), { orgId: f.arras, plageId: id }, {})
			],
			...(['cancelOccurrence', 'restoreOccurrence'] as const).map(
				(action) =>
					[
						`plage page ?/${action}`,
						(id: string) =>
							asAnaPage(plagePage.actions[action], page(`/plages/${id}`), { orgId: f.arras, plageId: id }, { day: DAY })
					] as const
			),
			[
				'plage page ?/editOccurrence',
				(id: string) =>
					asAnaPage(
						plagePage.actions.editOccurrence,
						page(`/plages/${id}`),
						{ orgId: f.arras, plageId: id },
						{
							day: DAY,
							scope: 'one',
							startTime: '10:00',
							endTime: '12:00',
							lieuId: ''
						}
					)
			],
			[
				'plage occurrences feed',
				(id: string) =>
					runFeed(plageOccurrencesFeed.GET, {
						path: page(`/plages/${id}/occurrences?from=${DAY}&to=2027-03-29`),
						params: { orgId: f.arras, plageId: id },
						agent: ana
					})
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: plageId`, where: 'path', other: () => foreign.plage, run })),
	{
		name: 'plages page ?/delete: plageId',
		where: 'body',
		other: () => foreign.plage,
		run: (id) => asAnaPage(plagesPage.actions.delete, page('/plages'), { orgId: f.arras }, { plageId: id })
	},
	{
		name: 'new plage page ?dupliquer',
		where: 'query',
		other: () => foreign.plage,
		run: (id) => asAnaPage(newPlagePage.load, page(`/plages/nouvelle?dupliquer=${id}`), { orgId: f.arras })
	},
	...(
		[
			['agentId', () => f.dora, (id: string) => ({ agentId: id })],
			['motifIds', () => f.lensMotif, (id: string) => ({ motifIds: [id] })],
			['lieuId', () => f.lensLieu, (id: string) => ({ lieuId: id })]
		] as const
	).map(([field, other, fields]): Row => ({
		name: `new plage page: ${field}`,
		where: 'body',
		other,
		run: (id) =>
			asAnaPage(newPlagePage.actions.default, page('/plages/nouvelle'), { orgId: f.arras }, plageForm(fields(id)))
	})),

	// Indisponibilités.
	...(
		[
			[
				'indisponibilité page',
				(id: string) => asAnaPage(absencePage.load, page(`/indisponibilites/${id}`), { orgId: f.arras, absenceId: id })
			],
			[
				'indisponibilité page ?/update',
				(id: string) =>
					asAnaPage(
						absencePage.actions.update,
						page(`/indisponibilites/${id}`),
						{ orgId: f.arras, absenceId: id },
						absenceForm()
					)
			],
			[
				'indisponibilité page ?/delete',
				(id: string) =>
					asAnaPage(absencePage.actions.delete, page(`/indisponibilites/${id}`), { orgId: f.arras, absenceId: id }, {})
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: absenceId`, where: 'path', other: () => foreign.absence, run })),
	{
		name: 'indisponibilités page ?/delete: absenceId',
		where: 'body',
		other: () => foreign.absence,
		run: (id) =>
			asAnaPage(absencesPage.actions.delete, page('/indisponibilites'), { orgId: f.arras }, { absenceId: id })
	},
	{
		name: 'new indisponibilité page: agentId',
		where: 'body',
		other: () => f.dora,
		run: (id) =>
			asAnaPage(
				newAbsencePage.actions.default,
				page('/indisponibilites/nouvelle'),
				{ orgId: f.arras },
				absenceForm({ agentId: id })
			)
	},

	// Configuration: lieux and motifs.
	...(['disable', 'enable', 'delete'] as const).map((action): Row => ({
		name: `lieux page ?/${action}: lieuId`,
		where: 'body',
		other: () => f.lensLieu,
		run: (id) =>
			asAnaPage(
				lieuxPage.actions[action],
				page('/configuration/lieux'),
				{ orgId: f.arras },
				{ lieuId: id, confirm: 'oui' }
			)
	})),
	{
		name: 'lieu page: lieuId',
		where: 'path',
		other: () => f.lensLieu,
		run: (id) => asAnaPage(lieuPage.load, page(`/configuration/lieux/${id}`), { orgId: f.arras, lieuId: id })
	},
	{
		name: 'lieu page ?/default: lieuId',
		where: 'path',
		other: () => f.lensLieu,
		run: (id) =>
			asAnaPage(
				lieuPage.actions.default,
				page(`/configuration/lieux/${id}`),
				{ orgId: f.arras, lieuId: id },
				{
					name: 'X',
					address: 'Y'
				}
			)
	},
	{
		name: 'motifs page ?/delete: motifId',
		where: 'body',
		other: () => f.lensMotif,
		run: (id) =>
			asAnaPage(
				motifsPage.actions.delete,
				page('/configuration/motifs'),
				{ orgId: f.arras },
				{ motifId: id, confirm: 'oui' }
			)
	},
	...(
		[
			['motif page', motifPage.load, undefined],
			['motif page ?/default', motifPage.actions.default, { name: 'X' }],
			['motif duplicate page', motifDuplicatePage.load, undefined],
			['motif duplicate page ?/default', motifDuplicatePage.actions.default, { targetOrganisationId: '' }]
		] as const
	).map(([name, fn, form]): Row => ({
		name: `${name}: motifId`,
		where: 'path',
		other: () => f.lensMotif,
		run: (id) =>
			asAnaPage(
				fn,
				page(`/configuration/motifs/${id}`),
				{ orgId: f.arras, motifId: id },
				form && { ...form, targetOrganisationId: f.arras }
			)
	})),
	{
		name: 'motif duplicate page ?/default: targetOrganisationId',
		where: 'body',
		other: () => f.lens,
		run: (id) =>
			asAnaPage(
				motifDuplicatePage.actions.default,
				page(`/configuration/motifs/${f.motif}/dupliquer`),
				{ orgId: f.arras, motifId: f.motif },
				{ targetOrganisationId: id }
			)
	},

	// RDV creation and Trouver un RDV.
	...(
		[
			['motif', () => f.lensMotif, (id: string) => `motif=${id}&debut=2027-04-06T07:00:00Z`],
			['usager', () => foreign.usager, (id: string) => `${slotQuery()}&usager=${id}`],
			['lieu', () => f.lensLieu, (id: string) => `${slotQuery().replace(`lieu=${f.lieu}`, `lieu=${id}`)}`],
			['agent', () => f.dora, (id: string) => `${slotQuery().replace(`agent=${f.alice}`, `agent=${id}`)}`],
			['seance', () => foreign.rdv, (id: string) => `motif=${collectiveMotif}&seance=${id}`]
		] as const
	).map(([param, other, query]): Row => ({
		name: `new RDV page ?${param}`,
		where: 'query',
		other,
		run: (id) => asAnaPage(newRdvPage.load, page(`/rdvs/nouveau?${query(id)}`), { orgId: f.arras })
	})),
	{
		// The wizard's inline creation of a relative (issue 16): the responsible is an usager of this organisation.
		name: 'new RDV page ?/default (ajouter-usager): responsable',
		where: 'body',
		other: () => foreign.usager,
		run: (id) =>
			asAnaPage(
				newRdvPage.actions.default,
				page(`/rdvs/nouveau`),
				{ orgId: f.arras },
				{ motif: f.motif, intent: 'ajouter-usager', firstName: 'Léa', lastName: 'Oracle', responsable: id }
			),
		answer: { status: 400, body: { errors: { responsable: 'Usager responsable introuvable.' } } }
	},
	{
		name: 'new RDV page ?/default: usager',
		where: 'body',
		other: () => foreign.usager,
		run: (id) =>
			asAnaPage(
				newRdvPage.actions.default,
				page(`/rdvs/nouveau`),
				{ orgId: f.arras },
				{
					motif: f.motif,
					debut: paris('2027-04-06', '09:00').toISOString(),
					agent: f.alice,
					lieu: f.lieu,
					duree: '30',
					usager: id
				}
			)
	},
	...(
		[
			['motif', () => f.lensMotif, (id: string) => `motif=${id}`],
			['agent', () => f.dora, (id: string) => `motif=${f.motif}&agent=${id}`],
			['lieu', () => f.lensLieu, (id: string) => `motif=${f.motif}&lieu=${id}`],
			['grille', () => f.lensLieu, (id: string) => `motif=${f.motif}&grille=${id}`]
		] as const
	).map(([param, other, query]): Row => ({
		name: `Trouver un RDV ?${param}`,
		where: 'query',
		other,
		run: (id) => asAnaPage(trouverPage.load, page(`/trouver-un-rdv?${query(id)}&date=${DAY}`), { orgId: f.arras })
	})),
	{
		name: 'agenda events feed ?agentIds',
		where: 'query',
		other: () => f.dora,
		run: (id) =>
			runFeed(agendaEvents.GET, {
				path: page(`/agenda/events?start=2027-03-22T00:00:00Z&end=2027-03-29T00:00:00Z&agentIds=${id}`),
				params: { orgId: f.arras },
				agent: ana
			})
	}
];

/** Pages of Carla's own organisation showing what she may not see. */
// The RDV page, its actions: another organisation's RDV under this organisation's path is unknown here.
pageRows.push(
	{
		name: 'RDV page',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) => asAnaPage(rdvPage.load, page(`/rdvs/${id}`), { orgId: f.arras, rdvId: id })
	},
	{
		name: 'RDV edit page',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) => asAnaPage(rdvEditPage.load, page(`/rdvs/${id}/modifier`), { orgId: f.arras, rdvId: id })
	},
	{
		name: 'RDV edit page: save',
		where: 'path',
		other: () => foreign.rdv,
		run: (id) =>
			asAnaPage(
				rdvEditPage.actions.default,
				page(`/rdvs/${id}/modifier`),
				{ orgId: f.arras, rdvId: id },
				{ version: '0', context: 'X' }
			)
	},
	...(['status', 'cancel', 'addParticipant', 'removeParticipant', 'notifications', 'delete'] as const).map(
		(action): Row => ({
			name: `RDV page: ${action} action`,
			where: 'path',
			other: () => foreign.rdv,
			run: (id) =>
				asAnaPage(
					rdvPage.actions[action],
					page(`/rdvs/${id}?/${action}`),
					{ orgId: f.arras, rdvId: id },
					{
						status: 'revoked',
						version: '0',
						usager: f.usager,
						confirmed: '1'
					}
				)
		})
	)
);

// The RDV list page (issue 16): its filters only narrow the list.
pageRows.push(
	...(
		[
			['agent', () => f.dora],
			['usager', () => foreign.usager],
			['motif', () => f.lensMotif],
			['lieu', () => f.lensLieu]
		] as const
	).map(([param, other]): Row => ({
		name: `RDV list page: ${param}`,
		where: 'query',
		other,
		run: (id) =>
			asAnaPage(rdvListPage.load, page(`/rdvs?du=2027-03-22&au=2027-03-28&${param}=${id}`), { orgId: f.arras })
	}))
);

// Usager records and collective sessions (issue 16).
const usagerForm = { firstName: 'Léa', lastName: 'Oracle' };
pageRows.push(
	...(
		[
			['usagers page', (id: string) => asAnaPage(usagersPage.load, `/agents/org/${id}/usagers`, { orgId: id })],
			[
				'usagers page ?q',
				(id: string) => asAnaPage(usagersPage.load, `/agents/org/${id}/usagers?q=Lou`, { orgId: id })
			],
			[
				'new usager page',
				(id: string) => asAnaPage(newUsagerPage.load, `/agents/org/${id}/usagers/nouveau`, { orgId: id })
			],
			[
				'new usager page ?/default',
				(id: string) =>
					asAnaPage(newUsagerPage.actions.default, `/agents/org/${id}/usagers/nouveau`, { orgId: id }, usagerForm)
			],
			['séances page', (id: string) => asAnaPage(sessionsPage.load, `/agents/org/${id}/seances`, { orgId: id })],
			[
				'séance duplicate page',
				(id: string) =>
					asAnaPage(sessionDuplicatePage.load, `/agents/org/${id}/seances/${foreign.session}/dupliquer`, {
						orgId: id,
						rdvId: foreign.session
					})
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: orgId`, where: 'path', other: () => f.lens, run })),
	...(
		[
			['usager page', usagerPage.load, '', () => undefined],
			['usager page ?/addReferent', usagerPage.actions.addReferent, '?/addReferent', () => ({ agentId: f.alice })],
			[
				'usager page ?/removeReferent',
				usagerPage.actions.removeReferent,
				'?/removeReferent',
				() => ({ agentId: f.alice })
			],
			['usager edit page', usagerEditPage.load, '/modifier', () => undefined],
			['usager edit page ?/default', usagerEditPage.actions.default, '/modifier', () => usagerForm]
		] as const
	).map(([name, fn, rest, form]): Row => ({
		name: `${name}: usagerId`,
		where: 'path',
		other: () => foreign.usager,
		run: (id) => asAnaPage(fn, page(`/usagers/${id}${rest}`), { orgId: f.arras, usagerId: id }, form())
	})),
	{
		name: 'usager page ?/addReferent: agentId',
		where: 'body',
		other: () => f.dora,
		run: (id) =>
			asAnaPage(
				usagerPage.actions.addReferent,
				page(`/usagers/${f.usager}?/addReferent`),
				{ orgId: f.arras, usagerId: f.usager },
				{ agentId: id }
			),
		answer: { status: 422, body: { referentError: 'Choisissez un agent de l’organisation.' } }
	},
	...(['load', 'action'] as const).map((kind): Row => ({
		name: `new usager page ?responsable (${kind})`,
		where: 'query',
		other: () => foreign.usager,
		run: (id) =>
			kind === 'load'
				? asAnaPage(newUsagerPage.load, page(`/usagers/nouveau?responsable=${id}`), { orgId: f.arras })
				: asAnaPage(
						newUsagerPage.actions.default,
						page(`/usagers/nouveau?responsable=${id}`),
						{ orgId: f.arras },
						usagerForm
					),
		answer: { status: 404, body: { message: 'Usager introuvable.' } }
	})),
	{
		name: 'séances page ?motif',
		where: 'query',
		other: () => f.lensMotif,
		run: (id) => asAnaPage(sessionsPage.load, page(`/seances?du=${DAY}&motif=${id}`), { orgId: f.arras })
	},
	...(
		[
			['séance duplicate page', sessionDuplicatePage.load, undefined],
			['séance duplicate page ?/default', sessionDuplicatePage.actions.default, { jour: '2027-04-07', heure: '14:00' }]
		] as const
	).map(([name, fn, form]): Row => ({
		name: `${name}: rdvId`,
		where: 'path',
		other: () => foreign.session,
		run: (id) => asAnaPage(fn, page(`/seances/${id}/dupliquer`), { orgId: f.arras, rdvId: id }, form && { ...form })
	}))
);

// The supervisors' board (issue 17): the organisation's page and feed, and the territory's page.
pageRows.push(
	...(
		[
			['aujourd’hui page', (id: string) => asAnaPage(boardPage.load, `/agents/org/${id}/aujourdhui`, { orgId: id })],
			[
				'aujourd’hui slots feed',
				(id: string) =>
					runFeed(boardSlotsFeed.GET, {
						path: `/agents/org/${id}/aujourdhui/creneaux`,
						params: { orgId: id },
						agent: ana
					})
			]
		] as const
	).map(([name, run]): Row => ({ name: `${name}: orgId`, where: 'path', other: () => f.lens, run })),
	{
		name: 'territory aujourd’hui page: territoryId',
		where: 'path',
		other: () => f.territoryId,
		run: (id) => asAnaPage(territoryBoardPage.load, `/agents/territoires/${id}/aujourdhui`, { territoryId: id }),
		answer: { status: 404, body: { message: 'Territoire introuvable.' } }
	}
);

const hiddenPageRows: Row[] = [
	{
		name: 'plage page of an agenda out of sight',
		where: 'path',
		other: () => f.plage,
		run: (id) =>
			runPage(plagePage.load, { path: page(`/plages/${id}`), params: { orgId: f.arras, plageId: id }, agent: carla })
	},
	{
		name: 'plage occurrences feed of an agenda out of sight',
		where: 'path',
		other: () => f.plage,
		run: (id) =>
			runFeed(plageOccurrencesFeed.GET, {
				path: page(`/plages/${id}/occurrences?from=${DAY}&to=2027-03-29`),
				params: { orgId: f.arras, plageId: id },
				agent: carla
			})
	},
	{
		name: 'indisponibilité page of an agenda out of sight',
		where: 'path',
		other: () => hidden.absence,
		run: (id) =>
			runPage(absencePage.load, {
				path: page(`/indisponibilites/${id}`),
				params: { orgId: f.arras, absenceId: id },
				agent: carla
			})
	}
];

describe('agent pages: another organisation’s ids answer like unknown ones', () => {
	it.each(pageRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
		const { withUnknown, malformed } = await check(row);
		if (row.where === 'path') expect(masked(malformed, 'nope'), `${row.name}: malformed`).toEqual(withUnknown);
	});

	it.each(hiddenPageRows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
		const { withUnknown } = await check(row);
		expect(withUnknown).toMatchObject({ status: 404 });
	});

	it('tells another service’s agent 403 on the RDV page (issue 16), and 404 for an unknown or foreign RDV', async () => {
		const open = (agent: SessionAgent, id: string) =>
			runPage(rdvPage.load, { path: page(`/rdvs/${id}`), params: { orgId: f.arras, rdvId: id }, agent });
		expect(await open(carla, hidden.rdv)).toMatchObject({ status: 403 });
		expect(await open(carla, unknownId())).toMatchObject({ status: 404 });
		expect(await open(carla, foreign.rdv)).toMatchObject({ status: 404 });
		expect(await open(ana, hidden.rdv)).toMatchObject({ data: { rdv: { id: hidden.rdv } } });
	});
});

// ---------------------------------------------------------------------------------------------------------------
// Online booking (the booking service, as the usager's funnel calls it)

describe('online booking: another person’s usager answers like an unknown one', () => {
	it('gives the same 422 field error for an usager id of someone else and for an unknown one', async () => {
		const stranger = await Usager.create({
			firstName: 'Sam',
			lastName: 'Seul',
			profiles: [{ organisationId: f.arras }]
		});
		const run = async (id: string): Promise<Answer> => ({
			data: await bookRdv(
				rdvBody({ usagerIds: [id], startsAt: paris('2027-03-23', '09:00') }),
				{ kind: 'usager', usagerId: String(stranger._id) },
				new Date('2027-03-01T08:00:00Z')
			)
		});
		// Was 403 « Vous ne pouvez prendre RDV que pour vous-même ou vos proches » for Paul, 422 for an unknown id.
		const { withUnknown } = await check({
			name: 'online booking: usagerIds',
			where: 'body',
			other: () => f.usager,
			run
		});
		const message = 'Usager introuvable : vous ne pouvez prendre RDV que pour vous-même ou vos proches.';
		expect(withUnknown).toEqual({ data: { ok: false, code: 'invalid', message, fieldErrors: { usagerIds: message } } });
		// Their own booking goes through the same call.
		expect(await run(String(stranger._id))).toMatchObject({ data: { ok: true } });
	});
});
