/**
 * Who may do what on issue 16's new surfaces (PRODUCT.md §1), table-driven: every page load, form action and
 * /api/v1 endpoint of the RDV edit and participants, usager records and collective sessions, run by each kind of
 * agent against a fresh target, with the answer each must get:
 * - Ana, admin of MDS Arras (PMI): everything, deleting an RDV included;
 * - Alice (PMI, the RDV's agent) and Bob (PMI, a colleague sharing the service): RDVs of their service, but not
 *   deleting one (403);
 * - Carla (Service social): RDVs of another service are out of sight (404; the RDV pages say 403 « autre
 *   service », as the RDV page does); usagers are the whole organisation's, so hers too;
 * - Dora, agent of MDS Lens only, and Ines, intervenant in Arras (an intervenant has no rights: only her basic
 *   role in Lens lets her sign in): Arras is not theirs — 404 on the API (non-member tokens), 403 on the pages.
 * An allowed case must really succeed (2xx, page data or redirect), so a rule that refuses everyone fails too.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Agent, Motif, Rdv, Usager } from '../../src/lib/server/db/models/index.ts';
import * as sessionDuplicateApi from '../../src/routes/api/v1/organisations/[orgId]/seances/[rdvId]/duplicate/+server.ts';
import * as sessionsApi from '../../src/routes/api/v1/organisations/[orgId]/seances/+server.ts';
import * as relativesApi from '../../src/routes/api/v1/organisations/[orgId]/usagers/[usagerId]/relatives/+server.ts';
import * as usagerApi from '../../src/routes/api/v1/organisations/[orgId]/usagers/[usagerId]/+server.ts';
import * as usagersApi from '../../src/routes/api/v1/organisations/[orgId]/usagers/+server.ts';
import * as participantApi from '../../src/routes/api/v1/rdvs/[rdvId]/participants/[usagerId]/+server.ts';
import * as participantsApi from '../../src/routes/api/v1/rdvs/[rdvId]/participants/+server.ts';
import * as rdvApi from '../../src/routes/api/v1/rdvs/[rdvId]/+server.ts';
import * as rdvEditPage from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/modifier/+page.server.ts';
import * as rdvPage from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/+page.server.ts';
import * as sessionDuplicatePage from '../../src/routes/agents/org/[orgId]/seances/[rdvId]/dupliquer/+page.server.ts';
import * as sessionsPage from '../../src/routes/agents/org/[orgId]/seances/+page.server.ts';
import * as usagerEditPage from '../../src/routes/agents/org/[orgId]/usagers/[usagerId]/modifier/+page.server.ts';
import * as usagerPage from '../../src/routes/agents/org/[orgId]/usagers/[usagerId]/+page.server.ts';
import * as newUsagerPage from '../../src/routes/agents/org/[orgId]/usagers/nouveau/+page.server.ts';
import * as usagersPage from '../../src/routes/agents/org/[orgId]/usagers/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { requestEvent } from '../helpers/request-event.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

const { call } = documentedApi(openApiDocument());

const ACTORS = ['ana', 'alice', 'bob', 'carla', 'dora', 'ines'] as const;
type ActorName = (typeof ACTORS)[number];
/** 'ok': a 2xx, page data or a redirect; else the HTTP status of the refusal. */
type Outcome = 'ok' | 403 | 404;

let f: SchedulingFixture;
const agents = {} as Record<ActorName, SessionAgent>;
const tokens = {} as Record<ActorName, string>;
let atelier = '';

beforeAll(async () => {
	f = await createSchedulingFixture();
	const suffix = f.alice.slice(-6);
	const ana = await Agent.create({
		email: `ana-${suffix}@example.org`,
		firstName: 'Ana',
		lastName: 'Admin',
		serviceIds: [f.pmi],
		roles: [{ organisationId: f.arras, level: 'admin' }]
	});
	const ines = await Agent.create({
		email: `ines-${suffix}@example.org`,
		firstName: 'Ines',
		lastName: 'Intervenante',
		serviceIds: [f.pmi],
		roles: [
			{ organisationId: f.arras, level: 'intervenant' },
			{ organisationId: f.lens, level: 'basic' }
		]
	});
	const ids: Record<ActorName, string> = {
		ana: String(ana._id),
		alice: f.alice,
		bob: f.bob,
		carla: f.carla,
		dora: f.dora,
		ines: String(ines._id)
	};
	for (const name of ACTORS) {
		const principal = await loadSessionAgent(ids[name]);
		if (!principal) throw new Error(`${name} not loaded`);
		agents[name] = principal;
		tokens[name] = (await createApiToken(ids[name], 'Tests')).token;
	}
	atelier = String(
		(
			await Motif.create({
				organisationId: f.arras,
				serviceId: f.pmi,
				name: 'Atelier',
				locationType: 'public_office',
				collective: true
			})
		)._id
	);
}, 120_000);

// ---------------------------------------------------------------------------------------------------------------
// Fresh targets: every case changes its own, so an allowed change never meets another case's

let slot = 0;
/** A day of its own for each target (weekdays of May–July 2027), at 10:00 in Paris. */
function nextStart() {
	const day = new Date(Date.UTC(2027, 4, 3) + slot++ * 86_400_000).toISOString().slice(0, 10);
	return { day, startsAt: paris(day, '10:00') };
}

interface Target {
	rdv: string;
	/** A participant of the RDV (it has two, so that one can leave). */
	participant: string;
	usager: string;
	session: string;
	day: string;
}

async function createTarget(): Promise<Target> {
	const [first, second, usager] = await Promise.all([
		createFixtureUsager(f),
		createFixtureUsager(f),
		createFixtureUsager(f)
	]);
	const { day, startsAt } = nextStart();
	const base = {
		startsAt,
		timeZone: 'Europe/Paris',
		organisationId: f.arras,
		serviceId: f.pmi,
		locationType: 'public_office',
		lieuId: f.lieu,
		agentIds: [f.alice],
		createdBy: { kind: 'agent', agentId: f.alice }
	};
	const rdv = await new Rdv({
		...base,
		endsAt: new Date(startsAt.getTime() + 30 * 60_000),
		motifId: f.motif,
		participants: [{ usagerId: first }, { usagerId: second }]
	}).save();
	const later = new Date(startsAt.getTime() + 3 * 3_600_000);
	const session = await new Rdv({
		...base,
		startsAt: later,
		endsAt: new Date(later.getTime() + 60 * 60_000),
		motifId: atelier,
		collective: true,
		maxParticipants: 5,
		participants: []
	}).save();
	return { rdv: String(rdv._id), participant: first, usager, session: String(session._id), day };
}

// ---------------------------------------------------------------------------------------------------------------
// Running a case

async function api(
	actor: ActorName,
	handler: unknown,
	init: { method?: string; path: string; params: Record<string, string>; body?: unknown }
): Promise<Outcome | number> {
	const res = await call(handler as never, { ...init, token: tokens[actor] });
	return res.status < 300 ? 'ok' : res.status;
}

async function page(
	actor: ActorName,
	fn: unknown,
	init: { path: string; params: Record<string, string>; form?: Record<string, string | string[]> }
): Promise<Outcome | number> {
	let body: FormData | undefined;
	if (init.form) {
		body = new FormData();
		for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) body.append(k, one);
	}
	const event = requestEvent({ ...init, agent: agents[actor], method: body ? 'POST' : 'GET', body });
	try {
		const result = await (fn as (e: unknown) => Promise<unknown>)(event);
		return isActionFailure(result) ? result.status : 'ok';
	} catch (thrown) {
		if (isRedirect(thrown)) return 'ok';
		if (isHttpError(thrown)) return thrown.status;
		throw thrown;
	}
}

const org = () => `/api/v1/organisations/${f.arras}`;
const agentPage = (rest: string) => `/agents/org/${f.arras}${rest}`;
const newUsager = () => ({ firstName: 'Léa', lastName: `Authz${++slot}` });

interface Operation {
	name: string;
	run: (actor: ActorName, t: Target) => Promise<Outcome | number>;
	expected: Record<ActorName, Outcome>;
}

/** RDVs: their service's agents, and admins; another service's agent cannot see them; non-members neither. */
const RDV_EDIT: Record<ActorName, Outcome> = { ana: 'ok', alice: 'ok', bob: 'ok', carla: 404, dora: 404, ines: 404 };
/** The RDV pages tell another service's agent 403 (as the RDV page does); non-members get the pages' 403. */
const RDV_EDIT_PAGE: Record<ActorName, Outcome> = { ...RDV_EDIT, carla: 403, dora: 403, ines: 403 };
const RDV_ACTION: Record<ActorName, Outcome> = { ...RDV_EDIT, dora: 403, ines: 403 };
/** Deleting: admins only. */
const RDV_DELETE: Record<ActorName, Outcome> = { ...RDV_EDIT, alice: 403, bob: 403 };
/** Usagers are the whole organisation's. */
const MEMBERS_API: Record<ActorName, Outcome> = {
	ana: 'ok',
	alice: 'ok',
	bob: 'ok',
	carla: 'ok',
	dora: 404,
	ines: 404
};
const MEMBERS_PAGE: Record<ActorName, Outcome> = { ...MEMBERS_API, dora: 403, ines: 403 };

const operations: Operation[] = [
	// The RDV: edit, participants, delete (API).
	{
		name: 'PATCH /rdvs/{rdvId}',
		expected: RDV_EDIT,
		run: (a, t) =>
			api(a, rdvApi.PATCH, {
				method: 'PATCH',
				path: `/api/v1/rdvs/${t.rdv}`,
				params: { rdvId: t.rdv },
				body: { context: 'Note', version: 0 }
			})
	},
	{
		name: 'POST /rdvs/{rdvId}/participants',
		expected: RDV_EDIT,
		run: (a, t) =>
			api(a, participantsApi.POST, {
				method: 'POST',
				path: `/api/v1/rdvs/${t.rdv}/participants`,
				params: { rdvId: t.rdv },
				body: { usagerIds: [t.usager], version: 0 }
			})
	},
	{
		name: 'PATCH /rdvs/{rdvId}/participants/{usagerId}',
		expected: RDV_EDIT,
		run: (a, t) =>
			api(a, participantApi.PATCH, {
				method: 'PATCH',
				path: `/api/v1/rdvs/${t.rdv}/participants/${t.participant}`,
				params: { rdvId: t.rdv, usagerId: t.participant },
				body: { sendReminderNotification: false, version: 0 }
			})
	},
	{
		name: 'DELETE /rdvs/{rdvId}/participants/{usagerId}',
		expected: RDV_EDIT,
		run: async (a, t) => {
			const res = await call(participantApi.DELETE as never, {
				method: 'DELETE',
				path: `/api/v1/rdvs/${t.rdv}/participants/${t.participant}`,
				params: { rdvId: t.rdv, usagerId: t.participant },
				headers: { 'if-match': '"0"' },
				token: tokens[a]
			});
			return res.status < 300 ? 'ok' : res.status;
		}
	},
	{
		name: 'DELETE /rdvs/{rdvId}',
		expected: RDV_DELETE,
		run: (a, t) => api(a, rdvApi.DELETE, { method: 'DELETE', path: `/api/v1/rdvs/${t.rdv}`, params: { rdvId: t.rdv } })
	},

	// The RDV: edit page, participants and delete actions of the RDV page.
	{
		name: 'RDV edit page',
		expected: RDV_EDIT_PAGE,
		run: (a, t) =>
			page(a, rdvEditPage.load, {
				path: agentPage(`/rdvs/${t.rdv}/modifier`),
				params: { orgId: f.arras, rdvId: t.rdv }
			})
	},
	{
		name: 'RDV edit page: save',
		expected: RDV_EDIT_PAGE,
		run: (a, t) =>
			page(a, rdvEditPage.actions.default, {
				path: agentPage(`/rdvs/${t.rdv}/modifier`),
				params: { orgId: f.arras, rdvId: t.rdv },
				form: {
					version: '0',
					jour: t.day,
					heure: '10:00',
					duree: '30',
					lieu: f.lieu,
					agent: f.alice,
					context: 'Note'
				}
			})
	},
	...(
		[
			['addParticipant', (t: Target) => ({ usager: t.usager, lifecycle: 'on', reminder: 'on' }), RDV_ACTION],
			['removeParticipant', (t: Target) => ({ usager: t.participant }), RDV_ACTION],
			['notifications', (t: Target) => ({ usager: t.participant, reminder: 'on' }), RDV_ACTION],
			['delete', () => ({ confirmed: '1' }), { ...RDV_ACTION, alice: 403, bob: 403 }]
		] as const
	).map(([action, form, expected]): Operation => ({
		name: `RDV page ?/${action}`,
		expected,
		run: (a, t) =>
			page(a, rdvPage.actions[action], {
				path: agentPage(`/rdvs/${t.rdv}?/${action}`),
				params: { orgId: f.arras, rdvId: t.rdv },
				form: { version: '0', ...form(t) }
			})
	})),

	// Usager records (API).
	{
		name: 'GET …/usagers',
		expected: MEMBERS_API,
		run: (a) => api(a, usagersApi.GET, { path: `${org()}/usagers?q=Usager`, params: { orgId: f.arras } })
	},
	{
		name: 'POST …/usagers',
		expected: MEMBERS_API,
		run: (a) =>
			api(a, usagersApi.POST, {
				method: 'POST',
				path: `${org()}/usagers`,
				params: { orgId: f.arras },
				body: newUsager()
			})
	},
	{
		name: 'GET …/usagers/{usagerId}',
		expected: MEMBERS_API,
		run: (a, t) =>
			api(a, usagerApi.GET, { path: `${org()}/usagers/${t.usager}`, params: { orgId: f.arras, usagerId: t.usager } })
	},
	{
		name: 'PATCH …/usagers/{usagerId}',
		expected: MEMBERS_API,
		run: (a, t) =>
			api(a, usagerApi.PATCH, {
				method: 'PATCH',
				path: `${org()}/usagers/${t.usager}`,
				params: { orgId: f.arras, usagerId: t.usager },
				body: { notes: 'Préfère le matin' }
			})
	},
	{
		name: 'GET …/usagers/{usagerId}/relatives',
		expected: MEMBERS_API,
		run: (a, t) =>
			api(a, relativesApi.GET, {
				path: `${org()}/usagers/${t.usager}/relatives`,
				params: { orgId: f.arras, usagerId: t.usager }
			})
	},
	{
		name: 'POST …/usagers/{usagerId}/relatives',
		expected: MEMBERS_API,
		run: (a, t) =>
			api(a, relativesApi.POST, {
				method: 'POST',
				path: `${org()}/usagers/${t.usager}/relatives`,
				params: { orgId: f.arras, usagerId: t.usager },
				body: newUsager()
			})
	},

	// Usager records (pages).
	{
		name: 'usagers page (search)',
		expected: MEMBERS_PAGE,
		run: (a) => page(a, usagersPage.load, { path: agentPage('/usagers?q=Usager'), params: { orgId: f.arras } })
	},
	{
		name: 'usager page',
		expected: MEMBERS_PAGE,
		run: (a, t) =>
			page(a, usagerPage.load, {
				path: agentPage(`/usagers/${t.usager}`),
				params: { orgId: f.arras, usagerId: t.usager }
			})
	},
	{
		name: 'usager page ?/addReferent',
		expected: MEMBERS_PAGE,
		run: (a, t) =>
			page(a, usagerPage.actions.addReferent, {
				path: agentPage(`/usagers/${t.usager}?/addReferent`),
				params: { orgId: f.arras, usagerId: t.usager },
				form: { agentId: f.bob }
			})
	},
	{
		name: 'usager edit page',
		expected: MEMBERS_PAGE,
		run: (a, t) =>
			page(a, usagerEditPage.load, {
				path: agentPage(`/usagers/${t.usager}/modifier`),
				params: { orgId: f.arras, usagerId: t.usager }
			})
	},
	{
		name: 'usager edit page: save',
		expected: MEMBERS_PAGE,
		run: (a, t) =>
			page(a, usagerEditPage.actions.default, {
				path: agentPage(`/usagers/${t.usager}/modifier`),
				params: { orgId: f.arras, usagerId: t.usager },
				form: { firstName: 'Autre', lastName: 'Usager', notes: 'Préfère le matin' }
			})
	},
	{
		name: 'new usager page',
		expected: MEMBERS_PAGE,
		run: (a, t) =>
			page(a, newUsagerPage.load, {
				path: agentPage(`/usagers/nouveau?responsable=${t.usager}`),
				params: { orgId: f.arras }
			})
	},
	{
		name: 'new usager page: create',
		expected: MEMBERS_PAGE,
		run: (a) =>
			page(a, newUsagerPage.actions.default, {
				path: agentPage('/usagers/nouveau'),
				params: { orgId: f.arras },
				form: newUsager()
			})
	},

	// Collective sessions: the list is every member's (each sees the sessions it may see); duplicating one
	// books its agents, so it takes the right to edit the session.
	{
		name: 'GET …/seances',
		expected: MEMBERS_API,
		run: (a) => api(a, sessionsApi.GET, { path: `${org()}/seances?from=2027-05-03`, params: { orgId: f.arras } })
	},
	{
		name: 'POST …/seances/{rdvId}/duplicate',
		expected: RDV_EDIT,
		run: (a, t) =>
			api(a, sessionDuplicateApi.POST, {
				method: 'POST',
				path: `${org()}/seances/${t.session}/duplicate`,
				params: { orgId: f.arras, rdvId: t.session },
				body: { startsAt: nextStart().startsAt.toISOString(), confirm: true }
			})
	},
	{
		name: 'séances page',
		expected: MEMBERS_PAGE,
		run: (a) => page(a, sessionsPage.load, { path: agentPage('/seances?du=2027-05-03'), params: { orgId: f.arras } })
	},
	{
		name: 'séance duplicate page',
		expected: { ...RDV_EDIT, dora: 403, ines: 403 },
		run: (a, t) =>
			page(a, sessionDuplicatePage.load, {
				path: agentPage(`/seances/${t.session}/dupliquer`),
				params: { orgId: f.arras, rdvId: t.session }
			})
	},
	{
		name: 'séance duplicate page: save',
		expected: { ...RDV_EDIT, dora: 403, ines: 403 },
		run: (a, t) =>
			page(a, sessionDuplicatePage.actions.default, {
				path: agentPage(`/seances/${t.session}/dupliquer`),
				params: { orgId: f.arras, rdvId: t.session },
				form: { jour: nextStart().day, heure: '15:00', confirm: 'on' }
			})
	}
];

const cases = operations.flatMap((op) => ACTORS.map((actor) => [op.name, actor, op] as const));

describe('issue 16: who may do what', () => {
	it.each(cases)('%s by %s', async (_name, actor, op) => {
		const target = await createTarget();
		expect(await op.run(actor, target)).toBe(op.expected[actor]);
	});

	it('leaves a refused change undone (Carla’s note, Alice’s delete)', async () => {
		const t = await createTarget();
		await operations.find((op) => op.name === 'PATCH /rdvs/{rdvId}')?.run('carla', t);
		await operations.find((op) => op.name === 'DELETE /rdvs/{rdvId}')?.run('alice', t);
		const rdv = await Rdv.findById(t.rdv).lean();
		expect(rdv).toMatchObject({ version: 0 });
		expect(rdv?.context).toBeUndefined();
		// The allowed ones did change what they said.
		await operations.find((op) => op.name === 'PATCH /rdvs/{rdvId}')?.run('bob', t);
		expect(await Rdv.findById(t.rdv).lean()).toMatchObject({ context: 'Note', version: 1 });
		await operations.find((op) => op.name === 'DELETE /rdvs/{rdvId}')?.run('ana', t);
		expect(await Rdv.findById(t.rdv).lean()).toBeNull();
		expect(await Usager.exists({ _id: new Types.ObjectId(t.usager) })).toBeTruthy();
	});
});

describe('what each one sees of the collective sessions', () => {
	it('lists a PMI session to the PMI agents and the admin, not to another service’s agent', async () => {
		const t = await createTarget();
		const listed = async (actor: ActorName) => {
			const res = await call(sessionsApi.GET as never, {
				path: `${org()}/seances?from=${t.day}&motifId=${atelier}`,
				params: { orgId: f.arras },
				token: tokens[actor]
			});
			expect(res.status).toBe(200);
			return (res.body as { data: { id: string }[] }).data.map((s) => s.id).includes(t.session);
		};
		expect(await listed('ana')).toBe(true);
		expect(await listed('bob')).toBe(true);
		expect(await listed('carla')).toBe(false);
	});
});

describe('an RDV of another of the agent’s organisations, under this organisation’s path', () => {
	// Alice is an agent of both MDS Arras and MDS Lens: a Lens RDV she may change is still unknown under
	// /agents/org/<Arras>/…, as an unknown id is (it was changed through the Arras page's actions).
	const lensRdv = async () => {
		const [first, second, third] = await Promise.all([1, 2, 3].map(() => createFixtureUsager(f, { lens: true })));
		const { startsAt } = nextStart();
		const rdv = await new Rdv({
			startsAt,
			endsAt: new Date(startsAt.getTime() + 30 * 60_000),
			timeZone: 'Europe/Paris',
			organisationId: f.lens,
			motifId: f.lensMotif,
			serviceId: f.pmi,
			locationType: 'public_office',
			lieuId: f.lensLieu,
			agentIds: [f.alice],
			participants: [{ usagerId: first }, { usagerId: second }],
			createdBy: { kind: 'agent', agentId: f.alice }
		}).save();
		return { rdv: String(rdv._id), participant: first, usager: third };
	};
	const actions = [
		['status', () => ({ status: 'seen' })],
		['cancel', () => ({ status: 'revoked' })],
		['addParticipant', (t: { usager: string }) => ({ usager: t.usager })],
		['removeParticipant', (t: { participant: string }) => ({ usager: t.participant })],
		['notifications', (t: { participant: string }) => ({ usager: t.participant })],
		['delete', () => ({ confirmed: '1' })]
	] as const;

	it.each(actions)('RDV page ?/%s answers 404 and changes nothing', async (action, form) => {
		const t = await lensRdv();
		const run = (rdvId: string) =>
			page('alice', rdvPage.actions[action], {
				path: agentPage(`/rdvs/${rdvId}?/${action}`),
				params: { orgId: f.arras, rdvId },
				form: { version: '0', ...form(t) }
			});
		expect(await run(new Types.ObjectId().toHexString())).toBe(404);
		expect(await run(t.rdv)).toBe(404);
		expect(await Rdv.findById(t.rdv).lean()).toMatchObject({ version: 0, status: 'unknown' });
	});

	it('RDV edit page and its save answer 404', async () => {
		const t = await lensRdv();
		const params = { orgId: f.arras, rdvId: t.rdv };
		const path = agentPage(`/rdvs/${t.rdv}/modifier`);
		expect(await page('alice', rdvEditPage.load, { path, params })).toBe(404);
		expect(
			await page('alice', rdvEditPage.actions.default, { path, params, form: { version: '0', context: 'Note' } })
		).toBe(404);
	});
});
