/**
 * The supervisors' live board (issue 17) against the embedded database: today's counters by status, occupancy
 * per agent (booked vs open time: plages minus absences), the latest changes, the next online slot per motif
 * (dropped from the per-node cache when an RDV is booked), the territory view, and who may open them — service,
 * pages and GET /api/v1/organisations/{orgId}/board (responses checked against the OpenAPI document).
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../src/lib/domain/local-time.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Absence, Agent, Service } from '../../src/lib/server/db/models/index.ts';
import { bookRdv, cancelRdv, changeRdvStatus } from '../../src/lib/server/services/booking/index.ts';
import { boardNextSlots, organisationBoard, territoryBoard } from '../../src/lib/server/services/board/index.ts';
import { GET as boardApi } from '../../src/routes/api/v1/organisations/[orgId]/board/+server.ts';
import { load as boardPage } from '../../src/routes/agents/org/[orgId]/aujourdhui/+page.server.ts';
import { GET as slotsFeed } from '../../src/routes/agents/org/[orgId]/aujourdhui/creneaux/+server.ts';
import { load as territoryPage } from '../../src/routes/agents/territoires/[territoryId]/aujourdhui/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { callEndpoint } from '../helpers/request-event.ts';
import { runRoute } from '../helpers/route-outcome.ts';
import { rdvOf } from '../helpers/service-result.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

const { call, unvalidated } = documentedApi(openApiDocument());

let f: SchedulingFixture;
let other: SchedulingFixture;
/** Admin of MDS Arras; a secrétariat member (basic role); a territorial admin without role; another territory's. */
let ana: SessionAgent;
let sam: SessionAgent;
let terry: SessionAgent;
let olga: SessionAgent;
const tokens = { ana: '', carla: '', terry: '' };
const rdvs: Record<string, string> = {};

/** Tuesday: Alice's plage 09:00–12:00 at MDS Arras, an absence 11:30–12:00; the board is looked at 10:15. */
const DAY = '2027-03-23';
const AT = paris(DAY, '10:15');

async function agent(fields: Record<string, unknown>): Promise<SessionAgent> {
	const doc = await Agent.create({
		email: `${String(fields.firstName).toLowerCase()}-${new Types.ObjectId().toHexString().slice(-6)}@example.org`,
		lastName: 'Test',
		...fields
	});
	const principal = await loadSessionAgent(String(doc._id));
	if (!principal) throw new Error('agent not loaded');
	return principal;
}

async function book(time: string, agentIds = [f.alice]) {
	const rdv = rdvOf(
		await bookRdv(
			{
				organisationId: f.arras,
				motifId: f.motif,
				startsAt: paris(DAY, time),
				lieuId: f.lieu,
				agentIds,
				usagerIds: [await createFixtureUsager(f)],
				confirm: true
			},
			{ kind: 'agent', agent: f.agents.alice },
			NOW
		)
	);
	return String(rdv.id);
}

beforeAll(async () => {
	f = await createSchedulingFixture();
	other = await createSchedulingFixture({ departement: '59' });
	const secretariat = await Service.create({
		name: `Secrétariat ${f.arras.slice(-6)}`,
		shortName: 'Secr.',
		isSecretariat: true
	});
	ana = await agent({ firstName: 'Ana', serviceIds: [f.pmi], roles: [{ organisationId: f.arras, level: 'admin' }] });
	sam = await agent({
		firstName: 'Sam',
		serviceIds: [secretariat._id],
		roles: [{ organisationId: f.arras, level: 'basic' }]
	});
	terry = await agent({ firstName: 'Terry', territorialRoles: [{ territoryId: f.territoryId }] });
	olga = await agent({ firstName: 'Olga', territorialRoles: [{ territoryId: other.territoryId }] });
	tokens.ana = (await createApiToken(ana.id, 'Tests')).token;
	tokens.carla = (await createApiToken(f.carla, 'Tests')).token;
	tokens.terry = (await createApiToken(terry.id, 'Tests')).token;

	rdvs.seen = await book('09:00');
	rdvs.toFill = await book('09:30');
	rdvs.later = await book('10:30');
	rdvs.revoked = await book('11:00');
	rdvs.bob = await book('14:00', [f.bob]);
	rdvOf(await changeRdvStatus(rdvs.seen, { status: 'seen' }, ana, AT));
	rdvOf(await cancelRdv(rdvs.revoked, { kind: 'agent', agent: ana }, 'revoked', { now: AT }));
	await Absence.create({
		agentId: f.alice,
		title: 'Réunion',
		firstDay: DAY,
		endDay: DAY,
		startTime: '11:30',
		endTime: '12:00',
		timeZone: 'Europe/Paris'
	});
}, 120_000);

describe('organisationBoard', () => {
	it('counts today’s RDVs by status, started unknown ones « à renseigner »', async () => {
		const result = await organisationBoard(ana, f.arras, AT);
		if (!result.ok) throw new Error(result.message);
		const { board } = result.value;
		expect(board.day).toBe(DAY);
		expect(board.counters).toEqual({ upcoming: 2, to_fill: 1, seen: 1, noshow: 0, excused: 0, revoked: 1, total: 5 });
		expect(board.toFill.map((c) => c.id)).toEqual([rdvs.toFill]);
		// Board cards never carry usager names.
		expect(JSON.stringify(result.value.cards)).not.toContain('Usager');
		expect(result.value.cards.every((c) => c.participantCount === 1)).toBe(true);
	});

	it('gives each agent’s booked time against its open time (plages minus absences)', async () => {
		const result = await organisationBoard(ana, f.arras, AT);
		if (!result.ok) throw new Error(result.message);
		const byAgent = new Map(result.value.board.occupancy.map((o) => [o.id, o]));
		// 09:00–12:00 minus 11:30–12:00 = 150 min open; 09:00, 09:30, 10:30 booked (11:00 was cancelled).
		expect(byAgent.get(f.alice)).toMatchObject({ bookedMinutes: 90, openMinutes: 150, percent: 60, rdvCount: 3 });
		// Bob has an RDV but no plage today.
		expect(byAgent.get(f.bob)).toMatchObject({ bookedMinutes: 30, openMinutes: 0, percent: null });
		// Carla has neither: not listed.
		expect(byAgent.has(f.carla)).toBe(false);
		expect(result.value.board).toMatchObject({ bookedMinutes: 120, openMinutes: 150, percent: 80 });
	});

	it('lists the latest changes with who made them', async () => {
		const result = await organisationBoard(ana, f.arras, AT);
		if (!result.ok) throw new Error(result.message);
		const latest = result.value.board.latest;
		expect(
			latest
				.map((e) => e.rdvId)
				.slice(0, 2)
				.sort()
		).toEqual([rdvs.seen, rdvs.revoked].sort());
		expect(latest.find((e) => e.rdvId === rdvs.seen)).toMatchObject({ status: 'seen', actor: { id: ana.id } });
	});

	it('opens to admins, secrétariat and territorial admins; refuses members, hides it from others', async () => {
		for (const viewer of [ana, sam, terry]) expect((await organisationBoard(viewer, f.arras, AT)).ok).toBe(true);
		for (const viewer of [f.agents.alice, f.agents.carla])
			expect(await organisationBoard(viewer, f.arras, AT)).toMatchObject({ ok: false, code: 'forbidden' });
		// Another territory's admin, an admin of Arras looking at Lens, an unknown id: alike.
		expect(await organisationBoard(olga, f.arras, AT)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await organisationBoard(ana, f.lens, AT)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await organisationBoard(ana, new Types.ObjectId().toHexString(), AT)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		expect(await organisationBoard(ana, 'nope', AT)).toMatchObject({ ok: false, code: 'not_found' });
	});
});

describe('next online slot per motif', () => {
	it('gives the first bookable time of each motif open online, and a new one once it is booked', async () => {
		const first = await boardNextSlots(ana, f.arras, AT);
		if (!first.ok) throw new Error(first.message);
		expect(first.value.map((s) => s.motif.id)).toEqual([f.motif]);
		const next = first.value[0]!.next;
		expect(next).not.toBeNull();
		expect(Date.parse(next!.startsAt)).toBeGreaterThan(AT.getTime());
		// Booking that slot drops this node's cached answer: the board then shows a later one.
		rdvOf(
			await bookRdv(
				{
					organisationId: f.arras,
					motifId: f.motif,
					startsAt: new Date(next!.startsAt),
					lieuId: f.lieu,
					agentIds: next!.agentIds,
					usagerIds: [await createFixtureUsager(f)],
					confirm: true
				},
				{ kind: 'agent', agent: f.agents.alice },
				NOW
			)
		);
		const second = await boardNextSlots(ana, f.arras, AT);
		if (!second.ok) throw new Error(second.message);
		expect(second.value[0]!.next?.startsAt).not.toBe(next!.startsAt);
		expect(await boardNextSlots(f.agents.carla, f.arras, AT)).toMatchObject({ ok: false, code: 'forbidden' });
	});
});

describe('territoryBoard', () => {
	it('sums up each organisation of the territory for its territorial admins', async () => {
		const result = await territoryBoard(terry, f.territoryId, AT);
		if (!result.ok) throw new Error(result.message);
		expect(result.value.territory).toEqual({ id: f.territoryId, name: 'Pas-de-Calais' });
		const rows = result.value.organisations.map((o) => [
			o.organisation.name,
			o.board.counters.total,
			o.board.openMinutes
		]);
		// MDS Arras: 6 RDVs now (one more booked by the slot test); MDS Lens: Dora's plage 14:00–16:00, no RDV.
		expect(rows).toEqual([
			['MDS Arras', 6, 150],
			['MDS Lens', 0, 120]
		]);
	});

	it('answers 404 to anyone but its territorial admins, as for an unknown territory', async () => {
		for (const viewer of [ana, sam, olga])
			expect(await territoryBoard(viewer, f.territoryId, AT)).toMatchObject({ ok: false, code: 'not_found' });
		expect(await territoryBoard(terry, new Types.ObjectId().toHexString(), AT)).toMatchObject({ code: 'not_found' });
	});
});

describe('pages', () => {
	const orgPage = (agent: SessionAgent, orgId = f.arras) =>
		runRoute(boardPage, { path: `/agents/org/${orgId}/aujourdhui`, params: { orgId }, agent });

	it('« Aujourd’hui » opens to supervisors with the cards and open time the browser recomputes from', async () => {
		const outcome = await orgPage(ana);
		if (!('data' in outcome)) throw new Error(JSON.stringify(outcome));
		expect(outcome.data).toMatchObject({ organisation: { id: f.arras }, territoryId: null });
		expect(outcome.data.agents).toEqual(expect.arrayContaining([expect.objectContaining({ id: f.alice })]));
		await (outcome.data.nextSlots as Promise<unknown>);
		expect(await orgPage(f.agents.carla)).toEqual({ status: 403 });
		// Not a member: the organisation's back-office refuses, as for any of its pages.
		expect(await orgPage(ana, f.lens)).toEqual({ status: 403 });
	});

	it('the slots feed follows the same rules', async () => {
		const feed = (agent: SessionAgent) =>
			callEndpoint(slotsFeed as never, {
				path: `/agents/org/${f.arras}/aujourdhui/creneaux`,
				params: { orgId: f.arras },
				agent
			});
		expect((await feed(sam)).status).toBe(200);
		expect((await feed(f.agents.carla)).status).toBe(403);
	});

	it('the territory page opens to its territorial admins only', async () => {
		const open = (agent: SessionAgent, territoryId = f.territoryId) =>
			runRoute(territoryPage, {
				path: `/agents/territoires/${territoryId}/aujourdhui`,
				params: { territoryId },
				agent
			});
		const outcome = await open(terry);
		if (!('data' in outcome)) throw new Error(JSON.stringify(outcome));
		expect((outcome.data.organisations as { canOpen: boolean }[]).map((o) => o.canOpen)).toEqual([false, false]);
		expect(await open(ana)).toEqual({ status: 404 });
		expect(await open(olga)).toEqual({ status: 404 });
		expect(await open(terry, 'nope')).toEqual({ status: 404 });
	});
});

describe('GET /api/v1/organisations/{orgId}/board', () => {
	const get = (token: string, orgId: string) =>
		call(boardApi as never, { path: `/api/v1/organisations/${orgId}/board`, params: { orgId }, token });

	it('answers today’s board, documented', async () => {
		const res = await get(tokens.ana, f.arras);
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ organisationId: f.arras, day: localDay(new Date(), 'Europe/Paris') });
		expect((res.body as { nextSlots: { motif: { id: string } }[] }).nextSlots.map((s) => s.motif.id)).toEqual([
			f.motif
		]);
		// A territorial admin of the territory without a role in the organisation.
		expect((await get(tokens.terry, f.lens)).status).toBe(200);
	});

	it('403 for a member who does not supervise, 404 for an organisation out of sight or unknown', async () => {
		expect(await get(tokens.carla, f.arras)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
		const foreign = await get(tokens.ana, f.lens);
		const unknown = await get(tokens.ana, new Types.ObjectId().toHexString());
		expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		expect(foreign.body).toEqual(unknown.body);
	});
});

describe('coverage of the document', () => {
	// Runs last: the board's documented route had its success response validated above.
	it('validated a success response of GET /organisations/{orgId}/board', () => {
		const own = apiEndpoints().filter((e) => e.path.endsWith('/board'));
		expect(own).toHaveLength(1);
		expect(unvalidated(own)).toEqual([]);
	});
});
