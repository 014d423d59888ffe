/**
 * Presence over real Socket.IO connections (socket.io-client, session cookies): who looks at an agenda or an RDV,
 * who edits it; refusals for agents who may not see the target, who then hear nothing of it; and, with Redis
 * (`npm test` starts one), presence set on one node seen by a client of another.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presenceKey } from '../../src/lib/domain/presence.ts';
import type {
	ClientToServerEvents,
	PresenceState,
	PresenceTarget,
	ServerToClientEvents
} from '../../src/lib/domain/realtime.ts';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { Agent, Organisation, Rdv } from '../../src/lib/server/db/models/index.ts';
import { attachRealtime, type Realtime } from '../../src/lib/server/realtime/index.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
type Person = { id: string; firstName: string; lastName: string };

const oid = () => new Types.ObjectId().toHexString();
const org1 = oid();
const org2 = oid();
const pmi = oid();
const social = oid();

interface Node {
	server: http.Server;
	realtime: Realtime;
	url: string;
}

async function startNode(redisUrl?: string): Promise<Node> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const realtime = await attachRealtime(server, { recheckIntervalMs: 3_600_000, ...(redisUrl ? { redisUrl } : {}) });
	return { server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stopNode({ server, realtime }: Node) {
	await realtime.stop();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

const clients: Client[] = [];

async function agent(firstName: string, lastName: string, organisationId: string, serviceIds: string[]) {
	const doc = await Agent.create({
		email: `presence-${oid()}@test.guichet.fr`,
		firstName,
		lastName,
		serviceIds,
		roles: [{ organisationId, level: 'basic' }]
	});
	const { token } = await createSession(String(doc._id));
	return { person: { id: String(doc._id), firstName, lastName }, token };
}

/** A connected tab of the agent, recording every presence state it receives. */
async function tab(url: string, token: string) {
	const socket: Client = connectClient(url, {
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` }
	});
	clients.push(socket);
	const received: PresenceState[] = [];
	socket.on('presence', (state) => received.push(state));
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return {
		socket,
		received,
		set: (target: PresenceTarget | null) => socket.timeout(5000).emitWithAck('presence:set', target),
		/** The next state of `key` that `accept` accepts (states received before the call count too). */
		state(key: string, accept: (s: PresenceState) => boolean): Promise<PresenceState> {
			const found = received.find((s) => s.key === key && accept(s));
			if (found) return Promise.resolve(found);
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`no presence state for ${key}: got ${JSON.stringify(received)}`)),
					5000
				);
				const listener = (s: PresenceState) => {
					if (s.key !== key || !accept(s)) return;
					clearTimeout(timer);
					socket.off('presence', listener);
					resolve(s);
				};
				socket.on('presence', listener);
			});
		}
	};
}

const present = (...people: (Person & { editing?: boolean })[]) =>
	people
		.map(({ id, firstName, lastName, editing }) => ({ id, firstName, lastName, editing: editing ?? false }))
		.sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr'));
const ids = (s: PresenceState) => s.agents.map((a) => a.id).sort();
/** Lets messages in flight arrive before asserting that something did not. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

let world: {
	camille: Awaited<ReturnType<typeof agent>>;
	marc: Awaited<ReturnType<typeof agent>>;
	/** Same organisation, another service: sees neither Camille's agenda nor the PMI RDV. */
	sophie: Awaited<ReturnType<typeof agent>>;
	/** Same service, another organisation. */
	paul: Awaited<ReturnType<typeof agent>>;
	rdvId: string;
};

beforeAll(async () => {
	const territoryId = oid();
	await Organisation.create([
		{ _id: org1, territoryId, name: 'MDS Arras' },
		{ _id: org2, territoryId, name: 'MDS Lens' }
	]);
	const camille = await agent('Camille', 'Durand', org1, [pmi]);
	const marc = await agent('Marc', 'Petit', org1, [pmi]);
	const sophie = await agent('Sophie', 'Bernard', org1, [social]);
	const paul = await agent('Paul', 'Morel', org2, [pmi]);
	const rdv = await new Rdv({
		startsAt: new Date('2026-12-14T09:00:00Z'),
		endsAt: new Date('2026-12-14T09:30:00Z'),
		timeZone: 'Europe/Paris',
		organisationId: org1,
		motifId: oid(),
		serviceId: pmi,
		locationType: 'public_office',
		agentIds: [camille.person.id],
		participants: [{ usagerId: oid() }],
		createdBy: { kind: 'agent', agentId: camille.person.id }
	}).save();
	world = { camille, marc, sophie, paul, rdvId: String(rdv._id) };
});

afterAll(() => {
	for (const c of clients) c.disconnect();
});

describe('presence on one node', () => {
	let node: Node;
	beforeAll(async () => {
		node = await startNode();
	});
	afterAll(async () => {
		await stopNode(node);
	});

	const agenda = (): PresenceTarget => ({ kind: 'agenda', organisationId: org1, agentId: world.camille.person.id });
	const rdvPage = (editing: boolean): PresenceTarget => ({
		kind: 'rdv',
		organisationId: org1,
		rdvId: world.rdvId,
		editing
	});

	it('two agents on one agenda see each other; several tabs of one agent count once', async () => {
		const { camille, marc } = world;
		const key = presenceKey(agenda());
		const c = await tab(node.url, camille.token);
		expect(await c.set(agenda())).toEqual({ ok: true, state: { key, agents: present(camille.person) } });

		const m1 = await tab(node.url, marc.token);
		const m2 = await tab(node.url, marc.token);
		expect(await m1.set(agenda())).toEqual({ ok: true, state: { key, agents: present(camille.person, marc.person) } });
		expect((await m2.set(agenda())) as unknown).toMatchObject({ ok: true, state: { agents: { length: 2 } } });
		expect((await c.state(key, (s) => s.agents.length === 2)).agents).toEqual(present(camille.person, marc.person));

		// One of Marc's tabs leaves: Marc is still there through the other.
		expect(await m1.set(null)).toEqual({ ok: true });
		await settle();
		expect(c.received.at(-1)).toEqual({ key, agents: present(camille.person, marc.person) });

		// The other disconnects: Camille is told Marc left.
		m2.socket.disconnect();
		expect((await c.state(key, (s) => s.agents.length === 1)).agents).toEqual(present(camille.person));
		c.socket.disconnect();
	});

	it('says who has the RDV’s edit form open, and tells the page when they move on', async () => {
		const { camille, marc } = world;
		const key = presenceKey(rdvPage(false));
		const c = await tab(node.url, camille.token);
		const m = await tab(node.url, marc.token);
		await c.set(rdvPage(false));
		expect(await m.set(rdvPage(true))).toMatchObject({ ok: true });
		const editing = await c.state(key, (s) => s.agents.some((a) => a.editing));
		expect(editing.agents).toEqual(present(camille.person, { ...marc.person, editing: true }));

		// Marc goes back to the page (same key, no longer editing), then to Camille's agenda.
		await m.set(rdvPage(false));
		await c.state(key, (s) => s.agents.length === 2 && s.agents.every((a) => !a.editing));
		await m.set(agenda());
		expect((await c.state(key, (s) => s.agents.length === 1)).agents).toEqual(present(camille.person));
		m.socket.disconnect();
		c.socket.disconnect();
	});

	it('refuses agents who may not see the target, and they never hear of it', async () => {
		const { camille, marc, sophie, paul } = world;
		const s = await tab(node.url, sophie.token);
		const p = await tab(node.url, paul.token);
		expect(await s.set(agenda())).toEqual({ ok: false, error: 'forbidden' });
		expect(await s.set(rdvPage(false))).toEqual({ ok: false, error: 'forbidden' });
		expect(await p.set(agenda())).toEqual({ ok: false, error: 'forbidden' });
		// The RDV named under Paul's own organisation is still not his to see (nor to learn it exists).
		expect(await p.set({ kind: 'rdv', organisationId: org2, rdvId: world.rdvId, editing: false })).toEqual({
			ok: false,
			error: 'forbidden'
		});
		// An unknown agenda or RDV answers like a forbidden one; malformed targets are invalid.
		expect(await s.set({ kind: 'agenda', organisationId: org1, agentId: oid() })).toEqual({
			ok: false,
			error: 'forbidden'
		});
		expect(await s.set({ kind: 'rdv', organisationId: org1, rdvId: oid(), editing: false })).toEqual({
			ok: false,
			error: 'forbidden'
		});
		expect(await s.set({ kind: 'agenda', organisationId: org1 } as never)).toEqual({ ok: false, error: 'invalid' });

		// Sophie may look at her own agenda: allowed targets still work for her.
		const own: PresenceTarget = { kind: 'agenda', organisationId: org1, agentId: sophie.person.id };
		expect(await s.set(own)).toEqual({ ok: true, state: { key: presenceKey(own), agents: present(sophie.person) } });

		const c = await tab(node.url, camille.token);
		const m = await tab(node.url, marc.token);
		await c.set(agenda());
		await m.set(rdvPage(true));
		await c.state(presenceKey(agenda()), (st) => st.agents.length === 1);
		m.socket.disconnect();
		await settle();
		expect(s.received.map((st) => st.key)).toEqual([presenceKey(own)]);
		expect(p.received).toEqual([]);
		for (const t of [s, p, c]) t.socket.disconnect();
	});
});

describe('presence after a role is withdrawn', () => {
	let node: Node;
	beforeAll(async () => {
		node = await startNode();
	});
	afterAll(async () => {
		await stopNode(node);
	});

	it('an agent who left the organisation stops counting and hearing of the agenda it was on', async () => {
		const { camille } = world;
		const leaving = await agent('Lucie', 'Leroy', org1, [pmi]);
		const target: PresenceTarget = { kind: 'agenda', organisationId: org1, agentId: camille.person.id };
		const key = presenceKey(target);
		const l = await tab(node.url, leaving.token);
		expect(await l.set(target)).toMatchObject({ ok: true, state: { agents: present(leaving.person) } });

		// Her role goes; the session sweep refreshes her socket's principal (the socket stays: she may have others).
		await Agent.updateOne({ _id: leaving.person.id }, { $set: { roles: [] } });
		await node.realtime.recheckSessions();
		const heardBefore = l.received.length;

		const c = await tab(node.url, camille.token);
		expect(await c.set(target)).toEqual({ ok: true, state: { key, agents: present(camille.person) } });
		await c.set(null);
		await settle();
		expect(l.received.slice(heardBefore)).toEqual([]);
		for (const t of [l, c]) t.socket.disconnect();
	});
});

const redisUrl = process.env.REDIS_URL;

// In CI a missing REDIS_URL is a failure, not a skip (as in realtime-redis.test.ts).
describe.skipIf(!redisUrl && !process.env.CI)('presence across nodes (Redis adapter)', () => {
	const nodes: Node[] = [];
	beforeAll(async () => {
		if (!redisUrl) return;
		nodes.push(await startNode(redisUrl), await startNode(redisUrl));
	});
	afterAll(async () => {
		for (const node of nodes) await stopNode(node);
	});

	it('shows presence set on node A to a client of node B, and its departure', async () => {
		expect(redisUrl, 'REDIS_URL is not set: run these through `npm test`, which starts a Redis').toBeTruthy();
		const { camille, marc } = world;
		const target: PresenceTarget = { kind: 'rdv', organisationId: org1, rdvId: world.rdvId, editing: false };
		const key = presenceKey(target);
		const onB = await tab(nodes[1]!.url, marc.token);
		expect(await onB.set(target)).toEqual({ ok: true, state: { key, agents: present(marc.person) } });

		const onA = await tab(nodes[0]!.url, camille.token);
		expect(await onA.set({ ...target, editing: true })).toEqual({
			ok: true,
			state: { key, agents: present({ ...camille.person, editing: true }, marc.person) }
		});
		expect((await onB.state(key, (s) => s.agents.length === 2)).agents).toEqual(
			present({ ...camille.person, editing: true }, marc.person)
		);

		onA.socket.disconnect();
		expect(ids(await onB.state(key, (s) => s.agents.length === 1))).toEqual([marc.person.id]);
		onB.socket.disconnect();
		// Its departure is announced through Redis: let that finish before the nodes stop.
		await settle();
	});
});
