/**
 * The RDV list service against the embedded database: filters, permissions, cursor pagination (a property test:
 * paging through random RDVs gives each visible RDV exactly once, in order), and the « à renseigner » count.
 */
import fc from 'fast-check';
import mongoose, { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { canSeeRdv } from '../../src/lib/domain/permissions.ts';
import { addDays, localDay } from '../../src/lib/domain/local-time.ts';
import type { RdvStatus, SessionAgent } from '../../src/lib/domain/types.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Agent, Lieu, Motif, Rdv, Usager } from '../../src/lib/server/db/models/index.ts';
import { ensureParticipantNames } from '../../src/lib/server/db/read-models/participant-names.ts';
import { dayKeysOf, rebuildDayCards } from '../../src/lib/server/db/read-models/rdv-day-cards.ts';
import { GET as listRdvsApi } from '../../src/routes/api/v1/rdvs/+server.ts';
import { load as orgLayoutLoad } from '../../src/routes/agents/org/[orgId]/+layout.server.ts';
import { load as rdvListLoad } from '../../src/routes/agents/org/[orgId]/rdvs/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { requestEvent } from '../helpers/request-event.ts';
import {
	countRdvsToFill,
	listRdvs,
	RdvListQueryError,
	type RdvListQuery,
	type RdvListStatus
} from '../../src/lib/server/services/rdv-list.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let socialMotif: string;
let secondLieu: string;
let otherUsager: string;
const NOW = paris('2027-04-14', '12:00');
/** Each extra world needs its own territory (one per département). */
let departement = 10;
const newWorld = () => createSchedulingFixture({ departement: String(departement++) });

interface RdvSpec {
	day: string;
	time: string;
	minutes?: number;
	agents: string[];
	usagers?: string[];
	social?: boolean;
	status?: RdvStatus;
	lieu?: string;
	organisation?: 'arras' | 'lens';
}

async function createRdvs(fx: SchedulingFixture, specs: RdvSpec[], motifs: { social: string }) {
	const docs = await Rdv.insertMany(
		specs.map((s) => {
			const startsAt = paris(s.day, s.time);
			const lens = s.organisation === 'lens';
			return {
				startsAt,
				endsAt: new Date(startsAt.getTime() + (s.minutes ?? 30) * 60_000),
				timeZone: 'Europe/Paris',
				organisationId: lens ? fx.lens : fx.arras,
				motifId: lens ? fx.lensMotif : s.social ? motifs.social : fx.motif,
				serviceId: s.social ? fx.social : fx.pmi,
				locationType: 'public_office',
				lieuId: lens ? fx.lensLieu : (s.lieu ?? fx.lieu),
				agentIds: s.agents,
				participants: (s.usagers ?? [fx.usager]).map((usagerId) => ({ usagerId })),
				status: s.status ?? 'unknown',
				createdBy: { kind: 'agent', agentId: s.agents[0] }
			};
		})
	);
	return docs.map((d) => String(d._id));
}

const adminOf = (agent: SessionAgent, organisationId: string): SessionAgent => ({
	...agent,
	roles: [{ organisationId, level: 'admin' }]
});

/** Every page of a query, following the cursors (bounded, so a cursor loop fails the test). */
async function allPages(viewer: SessionAgent, q: RdvListQuery, now = NOW) {
	const pages: string[][] = [];
	let cursor: string | undefined;
	for (let i = 0; i < 200; i++) {
		const page = await listRdvs(viewer, { ...q, cursor }, now);
		if (!page) throw new Error('no page');
		expect(page.items.length).toBeLessThanOrEqual(q.limit ?? 50);
		pages.push(page.items.map((r) => r.id));
		if (!page.nextCursor) return pages;
		cursor = page.nextCursor;
	}
	throw new Error('the cursor never ends');
}

beforeAll(async () => {
	f = await createSchedulingFixture();
	otherUsager = await createFixtureUsager(f, { firstName: 'Zoé' });
	socialMotif = String(
		(
			await Motif.create({
				organisationId: f.arras,
				serviceId: f.social,
				name: 'Accompagnement social',
				durationMinutes: 30,
				locationType: 'public_office',
				bookableBy: 'agents'
			})
		)._id
	);
	secondLieu = String(
		(await Lieu.create({ organisationId: f.arras, name: 'Antenne Nord', address: '3 rue du Nord, 62000 Arras' }))._id
	);
}, 60_000);

describe('listRdvs: filters and permissions', () => {
	const ids: Record<string, string> = {};
	beforeAll(async () => {
		const names = ['pastUnknown', 'pastSeen', 'bobPast', 'carlaSocial', 'aliceSocial', 'future', 'otherLieu', 'lens'];
		const created = await createRdvs(
			f,
			[
				{ day: '2027-04-12', time: '09:00', agents: [f.alice] },
				{ day: '2027-04-12', time: '10:00', agents: [f.alice], status: 'seen' },
				{ day: '2027-04-13', time: '09:00', agents: [f.bob], usagers: [otherUsager] },
				{ day: '2027-04-13', time: '11:00', agents: [f.carla], social: true },
				{ day: '2027-04-13', time: '14:00', agents: [f.carla, f.alice], social: true },
				{ day: '2027-04-15', time: '09:00', agents: [f.alice] },
				{ day: '2027-04-15', time: '10:00', agents: [f.bob], lieu: secondLieu, status: 'noshow' },
				{ day: '2027-04-13', time: '09:00', agents: [f.alice], organisation: 'lens' }
			],
			{ social: socialMotif }
		);
		names.forEach((n, i) => (ids[n] = created[i]!));
	});
	const period = { from: '2027-04-12', to: '2027-04-18' };
	const list = async (viewer: SessionAgent, extra: Partial<RdvListQuery> = {}) =>
		(await listRdvs(viewer, { organisationId: f.arras, ...period, ...extra }, NOW))?.items.map((r) => r.id);

	it('lists the organisation’s RDVs sorted by start, never another organisation’s', async () => {
		const admin = adminOf(f.agents.alice, f.arras);
		expect(await list(admin)).toEqual([
			ids.pastUnknown,
			ids.pastSeen,
			ids.bobPast,
			ids.carlaSocial,
			ids.aliceSocial,
			ids.future,
			ids.otherLieu
		]);
	});

	it('shows a basic agent the RDVs of its services and those it takes part in', async () => {
		// Carla (Service social): her service's RDVs only, not the PMI ones.
		expect(await list(f.agents.carla)).toEqual([ids.carlaSocial, ids.aliceSocial]);
		// Alice (PMI): the PMI RDVs, plus the social one she takes part in.
		expect(await list(f.agents.alice)).toEqual([
			ids.pastUnknown,
			ids.pastSeen,
			ids.bobPast,
			ids.aliceSocial,
			ids.future,
			ids.otherLieu
		]);
		// Filtering by an agent never widens what the viewer sees.
		expect(await list(f.agents.carla, { agentId: f.alice })).toEqual([ids.aliceSocial]);
	});

	it('filters by agent, usager, motif, lieu and status', async () => {
		const admin = adminOf(f.agents.alice, f.arras);
		expect(await list(admin, { agentId: f.bob })).toEqual([ids.bobPast, ids.otherLieu]);
		expect(await list(admin, { usagerId: otherUsager })).toEqual([ids.bobPast]);
		expect(await list(admin, { motifId: socialMotif })).toEqual([ids.carlaSocial, ids.aliceSocial]);
		expect(await list(admin, { lieuId: secondLieu })).toEqual([ids.otherLieu]);
		expect(await list(admin, { status: 'a_renseigner' })).toEqual([
			ids.pastUnknown,
			ids.bobPast,
			ids.carlaSocial,
			ids.aliceSocial
		]);
		expect(await list(admin, { status: 'a_venir' })).toEqual([ids.future]);
		expect(await list(admin, { status: 'noshow' })).toEqual([ids.otherLieu]);
		expect(await list(admin, { status: 'a_renseigner', agentId: f.alice })).toEqual([ids.pastUnknown, ids.aliceSocial]);
		expect(await list(admin, { from: '2027-04-13', to: '2027-04-13' })).toEqual([
			ids.bobPast,
			ids.carlaSocial,
			ids.aliceSocial
		]);
	});

	it('describes each RDV with its names, local day and time, and whether it must be filled in', async () => {
		const page = await listRdvs(adminOf(f.agents.alice, f.arras), { organisationId: f.arras, ...period }, NOW);
		const first = page?.items[0];
		expect(first).toMatchObject({
			day: '2027-04-12',
			time: '09:00',
			status: 'unknown',
			toFill: true,
			motif: { id: f.motif, name: 'Consultation PMI' },
			lieu: { id: f.lieu, name: 'MDS Arras centre' },
			agents: [{ id: f.alice, firstName: 'Alice', lastName: 'Martin' }],
			participants: [{ usagerId: f.usager, firstName: 'Paul', lastName: 'Usager', status: 'unknown' }]
		});
		expect(page?.items.find((r) => r.id === ids.future)?.toFill).toBe(false);
	});

	it('answers null for an organisation that does not exist or where the viewer has no role, alike', async () => {
		const stranger = { ...f.agents.carla, roles: [] };
		expect(await listRdvs(stranger, { organisationId: f.arras, ...period }, NOW)).toBeNull();
		const unknown = new Types.ObjectId().toHexString();
		expect(await listRdvs(f.agents.alice, { organisationId: unknown, ...period }, NOW)).toBeNull();
	});

	it('refuses a reversed or longer than a year period, an impossible day and a forged cursor', async () => {
		const q = { organisationId: f.arras, ...period };
		const refusal = (extra: Partial<RdvListQuery>) =>
			listRdvs(f.agents.alice, { ...q, ...extra }, NOW).then(
				() => null,
				(err: unknown) => (err instanceof RdvListQueryError ? err.field : err)
			);
		expect(await refusal({ from: '2027-04-18', to: '2027-04-12' })).toBe('to');
		expect(await refusal({ from: '2027-01-01', to: '2028-01-02' })).toBe('to');
		expect(await refusal({ from: '2027-02-30' })).toBe('from');
		expect(await refusal({ cursor: 'bm9wZQ' })).toBe('cursor');
		expect(await refusal({ agentId: 'x' })).toBe('agentId');
	});
});

describe('participants’ names stored on the RDV (the list never looks usagers up)', () => {
	const period = { from: '2027-05-03', to: '2027-05-07' };
	let fx: SchedulingFixture;
	let renamed: string;
	let bystander: string;
	let rdvIds: string[];
	const stored = async (rdvId: string) =>
		(await Rdv.findById(rdvId, { participantNames: 1 }).lean())?.participantNames?.map((n) => ({
			usagerId: String(n.usagerId),
			firstName: n.firstName,
			lastName: n.lastName
		}));
	const listed = async () => {
		const page = await listRdvs(adminOf(fx.agents.alice, fx.arras), { organisationId: fx.arras, ...period }, NOW);
		return new Map(page!.items.map((r) => [r.id, r.participants.map((p) => `${p.firstName} ${p.lastName}`)]));
	};

	beforeAll(async () => {
		fx = await newWorld();
		renamed = await createFixtureUsager(fx, { firstName: 'Léa' });
		bystander = await createFixtureUsager(fx, { firstName: 'Hugo' });
		rdvIds = await createRdvs(
			fx,
			[
				{ day: '2027-05-03', time: '09:00', agents: [fx.alice], usagers: [renamed, bystander] },
				{ day: '2027-05-04', time: '10:00', agents: [fx.alice], usagers: [renamed] },
				{ day: '2027-05-05', time: '11:00', agents: [fx.alice], usagers: [bystander] }
			],
			{ social: socialMotif }
		);
	});

	it('stores each participant’s name, in the participants’ order, on every validated write', async () => {
		expect(await stored(rdvIds[0]!)).toEqual([
			{ usagerId: renamed, firstName: 'Léa', lastName: 'Usager' },
			{ usagerId: bystander, firstName: 'Hugo', lastName: 'Usager' }
		]);
		// A participant added later gets its name; the others keep theirs.
		const rdv = await Rdv.findById(rdvIds[2]);
		rdv!.participants.push({ usagerId: new Types.ObjectId(fx.usager) });
		await rdv!.save();
		expect(await stored(rdvIds[2]!)).toEqual([
			{ usagerId: bystander, firstName: 'Hugo', lastName: 'Usager' },
			{ usagerId: fx.usager, firstName: 'Paul', lastName: 'Usager' }
		]);
	});

	it('carries a rename (document save or update query) to the usager’s RDVs only, and the list shows it', async () => {
		const usager = await Usager.findById(renamed);
		usager!.lastName = 'Nouveau-Nom';
		await usager!.save();
		expect((await stored(rdvIds[0]!))?.map((n) => n.lastName)).toEqual(['Nouveau-Nom', 'Usager']);
		expect((await stored(rdvIds[1]!))?.map((n) => n.lastName)).toEqual(['Nouveau-Nom']);
		await Usager.updateOne({ _id: bystander }, { $set: { firstName: 'Hugues' } });
		expect((await stored(rdvIds[0]!))?.map((n) => n.firstName)).toEqual(['Léa', 'Hugues']);
		expect((await stored(rdvIds[1]!))?.map((n) => n.firstName)).toEqual(['Léa']);
		const names = await listed();
		expect(names.get(rdvIds[0]!)).toEqual(['Léa Nouveau-Nom', 'Hugues Usager']);
		expect(names.get(rdvIds[2]!)).toEqual(['Hugues Usager', 'Paul Usager']);
	});

	it('shows a motif or lieu rename at once (names cached per node under the settings stamp)', async () => {
		const motifOf = async () => {
			const page = await listRdvs(adminOf(fx.agents.alice, fx.arras), { organisationId: fx.arras, ...period }, NOW);
			return page!.items.find((r) => r.id === rdvIds[0])!.motif.name;
		};
		const rdv = await Rdv.findById(rdvIds[0], { motifId: 1 }).lean();
		const original = await motifOf();
		await motifOf(); // served from the cache now
		const motif = await Motif.findById(rdv!.motifId);
		motif!.name = `${original} (renommé)`;
		await motif!.save();
		expect(await motifOf()).toBe(`${original} (renommé)`);
		await Motif.updateOne({ _id: rdv!.motifId }, { $set: { name: original } });
		expect(await motifOf()).toBe(original);
	});

	it('does not undo a rename when an RDV loaded before it changes its participants', async () => {
		const loaded = await Rdv.findById(rdvIds[1]);
		await Usager.updateOne({ _id: renamed }, { $set: { firstName: 'Léonie' } });
		loaded!.participants.push({ usagerId: new Types.ObjectId(fx.usager) });
		await loaded!.save();
		expect((await stored(rdvIds[1]!))?.map((n) => n.firstName)).toEqual(['Léonie', 'Paul']);
		await Usager.updateOne({ _id: renamed }, { $set: { firstName: 'Léa' } });
		loaded!.participants.pop();
		await loaded!.save();
	});

	it('shows an agent’s new name at once (the members’ names are cached under the organisation’s stamp)', async () => {
		const agents = async () => {
			const page = await listRdvs(adminOf(fx.agents.alice, fx.arras), { organisationId: fx.arras, ...period }, NOW);
			return page!.items[0]!.agents.map((a) => a.lastName);
		};
		expect(await agents()).toEqual(['Martin']);
		const alice = await Agent.findById(fx.alice);
		alice!.lastName = 'Martin-Durand';
		await alice!.save();
		expect(await agents()).toEqual(['Martin-Durand']);
	});

	it('lists the stored names without reading the usagers', async () => {
		// Behind the hooks' back: only a list that reads the usagers would see this name.
		await Usager.collection.updateOne({ _id: new Types.ObjectId(renamed) }, { $set: { lastName: 'Invisible' } });
		expect((await listed()).get(rdvIds[1]!)).toEqual(['Léa Nouveau-Nom']);
		await Usager.collection.updateOne({ _id: new Types.ObjectId(renamed) }, { $set: { lastName: 'Nouveau-Nom' } });
	});

	it('fills RDVs stored without names once at start (idempotent), and lists them meanwhile by lookup', async () => {
		const raw = await Rdv.collection.insertOne({
			...(await Rdv.findById(rdvIds[1]).lean()),
			_id: new Types.ObjectId(),
			participantNames: undefined
		});
		const id = String(raw.insertedId);
		await Rdv.collection.updateOne({ _id: raw.insertedId }, { $unset: { participantNames: '' } });
		expect(await stored(id)).toBeUndefined();
		// A raw insert (an import) rebuilds the day cards of the days it filled: the list reads those.
		await rebuildDayCards(dayKeysOf((await Rdv.findById(id, { organisationId: 1, days: 1 }).lean())!));
		expect((await listed()).get(id)).toEqual(['Léa Nouveau-Nom']);

		await mongoose.connection.collection('readmodelmarkers').deleteMany({});
		await ensureParticipantNames();
		expect(await stored(id)).toEqual([{ usagerId: renamed, firstName: 'Léa', lastName: 'Nouveau-Nom' }]);
		// Once done, a start does not scan again.
		await Rdv.collection.updateOne({ _id: raw.insertedId }, { $unset: { participantNames: '' } });
		await ensureParticipantNames();
		expect(await stored(id)).toBeUndefined();
		await Rdv.collection.deleteOne({ _id: raw.insertedId });
		await rebuildDayCards(dayKeysOf((await Rdv.findById(rdvIds[1], { organisationId: 1, days: 1 }).lean())!));
	});
});

describe('listRdvs: pagination', () => {
	it('pages through random RDVs: every visible RDV exactly once, in (start, id) order', async () => {
		const statuses: RdvStatus[] = ['unknown', 'seen', 'noshow', 'excused', 'revoked'];
		const filters: (RdvListStatus | undefined)[] = [undefined, 'a_renseigner', 'a_venir', 'seen'];
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						// Crowded first days (pages end inside a day and on shared starts), then a sparse rest of the year.
						dayOffset: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 280 })),
						slot: fc.integer({ min: 0, max: 3 }),
						agent: fc.constantFrom<'alice' | 'bob' | 'carla'>('alice', 'bob', 'carla'),
						social: fc.boolean(),
						status: fc.constantFrom(...statuses)
					}),
					{ minLength: 4, maxLength: 40, size: 'medium' }
				),
				fc.integer({ min: 1, max: 7 }),
				fc.constantFrom(...filters),
				fc.constantFrom<'admin' | 'alice' | 'carla'>('admin', 'alice', 'carla'),
				fc.boolean(),
				async (specs, limit, status, who, byAgent) => {
					// A fresh world per run: nothing from another run can appear.
					const fx = await newWorld();
					const social = String(
						(
							await Motif.create({
								organisationId: fx.arras,
								serviceId: fx.social,
								name: 'Social',
								durationMinutes: 30,
								locationType: 'public_office',
								bookableBy: 'agents'
							})
						)._id
					);
					const rdvSpecs = specs.map((s) => ({
						day: addDays('2027-03-01', s.dayOffset),
						// Several RDVs may share a start: the id breaks the tie.
						time: ['08:00', '09:00', '09:00', '23:30'][s.slot]!,
						agents: [fx[s.agent]],
						social: s.social,
						status: s.status
					}));
					const created = await createRdvs(fx, rdvSpecs, { social });
					const viewer = who === 'admin' ? adminOf(fx.agents.alice, fx.arras) : fx.agents[who];
					const now = paris('2027-06-01', '09:00');
					const q: RdvListQuery = {
						organisationId: fx.arras,
						from: '2027-03-01',
						to: '2027-12-31',
						limit,
						status,
						agentId: byAgent ? fx.bob : undefined
					};
					const expected = rdvSpecs
						.map((s, i) => ({ ...s, id: created[i]!, t: paris(s.day, s.time).getTime() }))
						.filter(
							(r) =>
								canSeeRdv(viewer, {
									organisationId: fx.arras,
									serviceId: r.social ? fx.social : fx.pmi,
									agentIds: r.agents
								}) &&
								(!byAgent || r.agents.includes(fx.bob)) &&
								(status === undefined ||
									// Started: at or before now, as on the RDV page.
									(status === 'a_renseigner' && r.status === 'unknown' && r.t <= now.getTime()) ||
									(status === 'a_venir' && r.status === 'unknown' && r.t > now.getTime()) ||
									r.status === status)
						)
						.sort((a, b) => a.t - b.t || a.id.localeCompare(b.id))
						.map((r) => r.id);
					const pages = await allPages(viewer, q, now);
					expect(pages.flat()).toEqual(expected);
				}
			),
			{ numRuns: 20 }
		);
	}, 300_000);

	it('stops scanning after a quarter and resumes there: a sparse year costs a few requests, not one', async () => {
		const fx = await newWorld();
		const [early, late] = await createRdvs(
			fx,
			[
				{ day: '2027-01-04', time: '09:00', agents: [fx.alice] },
				{ day: '2027-12-20', time: '09:00', agents: [fx.alice] }
			],
			{ social: socialMotif }
		);
		const viewer = adminOf(fx.agents.alice, fx.arras);
		const q = { organisationId: fx.arras, from: '2027-01-01', to: '2027-12-31', limit: 10 };
		const first = await listRdvs(viewer, q, NOW);
		expect(first?.items.map((r) => r.id)).toEqual([early]);
		expect(first?.nextCursor).not.toBeNull();
		const pages = await allPages(viewer, q);
		expect(pages.flat()).toEqual([early, late]);
		expect(pages.length).toBeGreaterThan(1);
		expect(pages.length).toBeLessThanOrEqual(5);
	}, 60_000);
});

describe('countRdvsToFill', () => {
	it('counts the agent’s own started RDVs still unknown in this organisation over the last 8 weeks', async () => {
		const fx = await newWorld();
		const today = localDay(NOW, 'Europe/Paris');
		await createRdvs(
			fx,
			[
				{ day: today, time: '09:00', agents: [fx.alice] },
				{ day: addDays(today, -7), time: '09:00', agents: [fx.alice, fx.bob] },
				{ day: addDays(today, -55), time: '09:00', agents: [fx.alice] },
				// Not counted: filled in, upcoming, someone else's, another organisation, older than 8 weeks.
				{ day: addDays(today, -1), time: '09:00', agents: [fx.alice], status: 'seen' },
				{ day: today, time: '15:00', agents: [fx.alice] },
				{ day: addDays(today, -2), time: '09:00', agents: [fx.bob] },
				{ day: addDays(today, -2), time: '09:00', agents: [fx.alice], organisation: 'lens' },
				{ day: addDays(today, -60), time: '09:00', agents: [fx.alice] }
			],
			{ social: socialMotif }
		);
		expect(await countRdvsToFill(fx.agents.alice, fx.arras, 'Europe/Paris', NOW)).toEqual({
			count: 3,
			from: addDays(today, -55),
			to: today
		});
		expect((await countRdvsToFill(fx.agents.bob, fx.arras, 'Europe/Paris', NOW)).count).toBe(2);
	});
});

describe('GET /api/v1/rdvs', () => {
	const { call, unvalidated } = documentedApi(openApiDocument());
	let fx: SchedulingFixture;
	let token = '';
	let created: string[] = [];
	const get = (query: string) => call(listRdvsApi, { path: `/api/v1/rdvs?${query}`, token });

	beforeAll(async () => {
		fx = await newWorld();
		token = (await createApiToken(fx.alice, 'Tests liste')).token;
		created = await createRdvs(
			fx,
			[
				{ day: '2027-04-12', time: '09:00', agents: [fx.alice] },
				{ day: '2027-04-12', time: '09:00', agents: [fx.bob] },
				{ day: '2027-04-13', time: '10:00', agents: [fx.alice], status: 'seen' },
				{ day: '2027-04-14', time: '10:00', agents: [fx.carla], social: true }
			],
			{ social: socialMotif }
		);
	});

	it('pages through the list with its cursor, each response as documented', async () => {
		const query = `organisationId=${fx.arras}&from=2027-04-12&to=2027-04-18&limit=2`;
		const first = await get(query);
		expect(first.status).toBe(200);
		const body = first.body as { data: { id: string; day: string }[]; nextCursor: string | null };
		expect(body.data).toHaveLength(2);
		expect(body.nextCursor).toEqual(expect.any(String));
		const second = await get(`${query}&cursor=${body.nextCursor}`);
		const rest = second.body as typeof body;
		// Alice (PMI) does not see Carla's social RDV.
		const expected = [...created.slice(0, 2).sort(), created[2]];
		expect([...body.data, ...rest.data].map((r) => r.id)).toEqual(expected);
		expect(rest.nextCursor).toBeNull();
	});

	it('filters by status and agent', async () => {
		const res = await get(`organisationId=${fx.arras}&from=2027-04-12&to=2027-04-18&status=seen&agentId=${fx.alice}`);
		expect((res.body as { data: { id: string; status: string }[] }).data).toEqual([
			expect.objectContaining({ id: created[2], status: 'seen', toFill: false })
		]);
	});

	it('answers 422 on the parameter for a period over a year, a reversed one or a forged cursor; 404 for an unknown organisation', async () => {
		const base = `organisationId=${fx.arras}`;
		for (const [query, path] of [
			[`${base}&from=2027-01-01&to=2028-06-01`, 'to'],
			[`${base}&from=2027-04-18&to=2027-04-12`, 'to'],
			[`${base}&from=2027-04-12&to=2027-04-18&cursor=xyz`, 'cursor'],
			[`${base}&from=2027-02-30&to=2027-04-18`, 'from'],
			[`from=2027-04-12&to=2027-04-18`, 'organisationId']
		]) {
			const res = await get(query!);
			expect(res, query).toMatchObject({
				status: 422,
				body: { error: { code: 'validation_failed', details: [expect.objectContaining({ location: 'query', path })] } }
			});
		}
		const unknown = new Types.ObjectId().toHexString();
		expect(await get(`organisationId=${unknown}&from=2027-04-12&to=2027-04-18`)).toMatchObject({
			status: 404,
			body: { error: { code: 'not_found', message: 'Organisation introuvable.' } }
		});
	});

	it('validated the documented success response of GET /rdvs', () => {
		const own = apiEndpoints().filter((e) => e.path === '/api/v1/rdvs' && e.method === 'GET');
		expect(own).toHaveLength(1);
		expect(unvalidated(own)).toEqual([]);
	});
});

describe('the RDV list page and the « à renseigner » banner', () => {
	const run = <T>(load: unknown, path: string, orgId: string, agent: SessionAgent) =>
		(load as (e: unknown) => Promise<T>)(requestEvent({ path, params: { orgId }, agent }));

	it('loads the filtered list from the URL and reports a period error on its field', async () => {
		const fx = await newWorld();
		const [mine] = await createRdvs(fx, [{ day: '2027-04-12', time: '09:00', agents: [fx.alice] }], {
			social: socialMotif
		});
		const data = await run<{ items: { id: string }[]; queryError: unknown }>(
			rdvListLoad,
			`/agents/org/${fx.arras}/rdvs?du=2027-04-12&au=2027-04-12&agent=${fx.alice}`,
			fx.arras,
			fx.agents.alice
		);
		expect(data.items.map((r) => r.id)).toEqual([mine]);
		const refused = await run<{ items: unknown[]; queryError: unknown }>(
			rdvListLoad,
			`/agents/org/${fx.arras}/rdvs?du=2027-04-18&au=2027-04-12`,
			fx.arras,
			fx.agents.alice
		);
		expect(refused).toMatchObject({ items: [], queryError: { field: 'to' } });
	});

	it('says « RDV supprimé. » after an admin’s delete (?supprime=1), still applying the filters, and only then', async () => {
		const fx = await newWorld();
		const [mine] = await createRdvs(fx, [{ day: '2027-04-12', time: '09:00', agents: [fx.alice] }], {
			social: socialMotif
		});
		const path = `/agents/org/${fx.arras}/rdvs?du=2027-04-12&au=2027-04-12&agent=${fx.alice}`;
		type Loaded = { items: { id: string }[]; success?: string };
		const deleted = await run<Loaded>(rdvListLoad, `${path}&supprime=1`, fx.arras, fx.agents.alice);
		expect(deleted.success).toBe('RDV supprimé.');
		expect(deleted.items.map((r) => r.id)).toEqual([mine]);
		const plain = await run<Loaded>(rdvListLoad, path, fx.arras, fx.agents.alice);
		expect(plain.success).toBeUndefined();
		expect(plain.items.map((r) => r.id)).toEqual([mine]);
		// The « À renseigner » shortcut covers the banner's window ending today, not the period shown (a future
		// period used to give a reversed one).
		const { today, toFillFrom } = await run<{ today: string; toFillFrom: string }>(
			rdvListLoad,
			path,
			fx.arras,
			fx.agents.alice
		);
		expect(toFillFrom).toBe(addDays(today, -55));
	});

	it('counts the signed-in agent’s RDVs to fill in on the agenda and the list, not elsewhere', async () => {
		const fx = await newWorld();
		// Started yesterday, still unknown (relative to the real clock the layout uses).
		const yesterday = addDays(localDay(new Date(), 'Europe/Paris'), -1);
		await createRdvs(fx, [{ day: yesterday, time: '09:00', agents: [fx.alice] }], { social: socialMotif });
		const layout = (section: string, agent: SessionAgent) =>
			run<{ toFill: { count: number; agentId: string } | null }>(
				orgLayoutLoad,
				`/agents/org/${fx.arras}/${section}`,
				fx.arras,
				agent
			);
		expect((await layout('agenda', fx.agents.alice)).toFill).toMatchObject({ count: 1, agentId: fx.alice });
		expect((await layout('rdvs', fx.agents.alice)).toFill).toMatchObject({ count: 1 });
		expect((await layout('plages', fx.agents.alice)).toFill).toBeNull();
		expect((await layout('agenda', fx.agents.bob)).toFill).toBeNull();
	});
});
