/**
 * The live planning's audiences, end to end on the real database and real socket.io-client sockets: one RDV's
 * life (created, its agents replaced, cancelled, deleted) through the booking service reaches each follower of
 * the organisation's planning exactly once per change, numbered without gaps, shaped by what the permissions
 * module lets that agent see — its card (admin, secrétariat, an agent of the motif's service), busy time (an
 * agent of another service sharing one of its agents), a drop notice (who saw it only through a replaced agent),
 * the bare number (an unrelated service) — and nothing at all to another organisation's agent; a territorial
 * admin's board gets board cards without usager names. Asserted on the raw JSON received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/domain/realtime.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Agent, Service } from '../../src/lib/server/db/models/index.ts';
import { attachRealtime, type Realtime } from '../../src/lib/server/realtime/index.ts';
import { cancelRdv, deleteRdv, editRdv } from '../../src/lib/server/services/booking/index.ts';
import { disableLieu, enableLieu } from '../../src/lib/server/services/lieux.ts';
import {
	bookFixtureRdv,
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
/** Everything one socket received, in order, as raw JSON texts and parsed. */
interface Received {
	event: string;
	json: string;
	payload: Record<string, unknown>;
}

const SECRET_NAME = 'Zoé-Confidentielle';

let f: SchedulingFixture;
let server: http.Server;
let realtime: Realtime;
let url: string;
let admin: SessionAgent;
const sockets: Client[] = [];
const ids: Record<string, string> = {};

async function member(
	name: string,
	serviceIds: string[],
	roles: { organisationId: string; level: 'basic' | 'admin' }[],
	territorialRoles: { territoryId: string }[] = []
) {
	const agent = await Agent.create({
		email: `${name.toLowerCase()}-${new Types.ObjectId().toHexString().slice(-8)}@example.org`,
		firstName: name,
		lastName: 'Test',
		serviceIds,
		roles,
		territorialRoles
	});
	ids[name] = String(agent._id);
	return String(agent._id);
}

/** A connected socket of this agent recording everything it receives. */
async function connect(agentId: string): Promise<{ socket: Client; received: Received[] }> {
	const { token } = await createSession(agentId);
	const socket: Client = connectClient(url, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` }
	});
	sockets.push(socket);
	const received: Received[] = [];
	socket.onAny((event: string, payload: Record<string, unknown>) =>
		received.push({ event, json: JSON.stringify(payload), payload })
	);
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	return { socket, received };
}

const ask = (socket: Client, event: 'planning:join' | 'board:join' | 'board:leave', organisationId: unknown) =>
	socket.timeout(5000).emitWithAck(event, organisationId as string);

const settle = async () => {
	await realtime.idle();
	// Emits are flushed to the sockets asynchronously: a short pause lets the last frames land.
	await new Promise((resolve) => setTimeout(resolve, 150));
};

const rdvMessages = (received: Received[]) => received.filter((r) => r.event === 'rdv.changed');

beforeAll(async () => {
	f = await createSchedulingFixture();
	const secretariat = await Service.create({
		name: `Secrétariat ${f.arras.slice(-6)}`,
		shortName: 'Secrétariat',
		isSecretariat: true
	});
	const hospital = await Service.create({ name: `Hôpital ${f.arras.slice(-6)}`, shortName: 'Hôpital' });
	const arras = (level: 'basic' | 'admin' = 'basic') => [{ organisationId: f.arras, level }];
	await member('Ada', [], arras('admin'));
	await member('Sonia', [String(secretariat._id)], arras());
	// The RDV's agent: PMI (the motif's service) and Service social, whose agents then see its agenda.
	await member('Marc', [f.pmi, f.social], arras());
	await member('Hugo', [String(hospital._id)], arras());
	await member('Terry', [], [], [{ territoryId: f.territoryId }]);
	admin = (await loadSessionAgent(ids.Ada!))!;

	server = http.createServer();
	realtime = await attachRealtime(server, { recheckIntervalMs: 3_600_000 });
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const socket of sockets) socket.disconnect();
	await realtime?.stop();
	if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('an RDV’s life pushed to each audience', () => {
	it('gives every follower one message per change, shaped by what it may see, and nothing to others', async () => {
		const followers = {
			admin: await connect(ids.Ada!),
			secretariat: await connect(ids.Sonia!),
			pmi: await connect(f.bob),
			social: await connect(f.carla),
			unrelated: await connect(ids.Hugo!)
		};
		const otherOrganisation = await connect(
			await member('Lena', [f.pmi], [{ organisationId: f.lens, level: 'basic' }])
		);
		const territorial = await connect(ids.Terry!);
		for (const { socket } of Object.values(followers)) {
			expect(await ask(socket, 'planning:join', f.arras)).toEqual({ ok: true });
		}
		expect(await ask(otherOrganisation.socket, 'planning:join', f.lens)).toEqual({ ok: true });
		expect(await ask(territorial.socket, 'board:join', f.arras)).toEqual({ ok: true });

		const usagerId = await createFixtureUsager(f, { firstName: SECRET_NAME });
		const rdv = await bookFixtureRdv(f, '2027-03-24', '10:00', {
			usagerIds: [usagerId],
			agentIds: [ids.Marc!],
			now: NOW
		});
		await settle();
		// Marc leaves the RDV for Alice (PMI only): Service social no longer sees any of its agendas.
		expect(await editRdv(rdv.id, { agentIds: [f.alice], version: 0, confirm: true }, admin, NOW)).toMatchObject({
			ok: true
		});
		await settle();
		expect(await cancelRdv(rdv.id, { kind: 'agent', agent: admin }, 'excused', { now: NOW })).toMatchObject({
			ok: true
		});
		await settle();
		expect(await deleteRdv(rdv.id, admin)).toEqual({ ok: true });
		await settle();

		const audiences = (received: Received[]) => rdvMessages(received).map((r) => r.payload.audience);
		const changes = ['created', 'updated', 'cancelled', 'deleted'];
		for (const who of ['admin', 'secretariat', 'pmi'] as const) {
			const messages = rdvMessages(followers[who].received);
			expect(audiences(followers[who].received), who).toEqual(['full', 'full', 'full', 'full']);
			expect(messages.map((m) => m.payload.change)).toEqual(changes);
			// The card carries the usager's name, for those who may see it (so the checks below can fail).
			expect(messages[0]!.json).toContain(SECRET_NAME);
			expect(messages.map((m) => (m.payload.card as { version: number }).version)).toEqual([0, 1, 2, 3]);
		}
		const [created, moved] = rdvMessages(followers.admin.received).map((m) => m.payload);
		expect(created).toMatchObject({
			rdvId: rdv.id,
			organisationId: f.arras,
			actor: { id: f.alice, firstName: 'Alice', lastName: 'Martin' },
			card: { agents: [{ id: ids.Marc, firstName: 'Marc', lastName: 'Test' }], motif: { serviceId: f.pmi } }
		});
		expect(moved).toMatchObject({ actor: { id: ids.Ada, firstName: 'Ada' }, card: { agents: [{ id: f.alice }] } });

		// Service social saw Marc's agenda: busy time, then told to drop it once Marc left, then only numbers.
		const social = rdvMessages(followers.social.received);
		expect(audiences(followers.social.received)).toEqual(['busy', 'gone', 'none', 'none']);
		expect(Object.keys(social[0]!.payload).sort()).toEqual(
			['node', 'seq', 'organisationId', 'at', 'audience', 'rdvId', 'change', 'busy', 'actor', 'actorAgentId'].sort()
		);
		expect(social[0]!.payload.busy).toEqual({
			id: rdv.id,
			organisationId: f.arras,
			startsAt: rdv.startsAt,
			endsAt: rdv.endsAt,
			agentIds: [ids.Marc],
			status: expect.any(String)
		});
		expect(social[1]!.payload).toMatchObject({ audience: 'gone', rdvId: rdv.id, change: 'updated' });

		// An unrelated service: the numbers alone — no id, no name, no time.
		const unrelated = rdvMessages(followers.unrelated.received);
		expect(unrelated).toHaveLength(4);
		for (const m of [...unrelated, ...social.slice(2)]) {
			expect(Object.keys(m.payload).sort()).toEqual(['at', 'audience', 'node', 'organisationId', 'seq']);
			expect(m.json).not.toContain(rdv.id);
		}
		for (const m of [...social, ...unrelated]) {
			expect(m.json).not.toContain(SECRET_NAME);
			expect(m.json).not.toContain(usagerId);
			expect(m.json).not.toContain('Consultation PMI');
		}

		// One number per change, the same for every follower, without gaps.
		const numbers = (received: Received[]) => rdvMessages(received).map((r) => [r.payload.node, r.payload.seq]);
		const reference = numbers(followers.admin.received);
		expect(reference.map(([node]) => node)).toEqual(Array(4).fill(realtime.node));
		const first = reference[0]![1] as number;
		expect(reference.map(([, seq]) => seq)).toEqual([first, first + 1, first + 2, first + 3]);
		for (const { received } of Object.values(followers)) expect(numbers(received)).toEqual(reference);

		// Another organisation's agent: nothing at all.
		expect(otherOrganisation.received).toEqual([]);

		// The territorial admin's board: board cards, a participant count, no usager.
		expect(territorial.received.map((r) => r.event)).toEqual(Array(4).fill('board.rdv'));
		expect(territorial.received.map((r) => r.payload.change)).toEqual(changes);
		for (const m of territorial.received) {
			expect(m.json).not.toContain(SECRET_NAME);
			expect(m.json).not.toContain(usagerId);
			expect(m.payload.card).toMatchObject({ id: rdv.id, participantCount: 1 });
			expect(m.payload.card).not.toHaveProperty('participants');
		}
	});
});

describe('joining', () => {
	it('validates every request and answers refusals instead of throwing', async () => {
		const { socket } = await connect(f.carla);
		expect(await ask(socket, 'planning:join', 'nope')).toEqual({ ok: false, error: 'invalid' });
		expect(await ask(socket, 'planning:join', { $ne: 1 })).toEqual({ ok: false, error: 'invalid' });
		expect(await ask(socket, 'planning:join', f.lens)).toEqual({ ok: false, error: 'forbidden' });
		// A basic agent watches no board; an unknown organisation answers like a forbidden one.
		expect(await ask(socket, 'board:join', f.arras)).toEqual({ ok: false, error: 'forbidden' });
		expect(await ask(socket, 'board:join', new Types.ObjectId().toHexString())).toEqual({
			ok: false,
			error: 'forbidden'
		});
		expect(await ask(socket, 'board:join', 42)).toEqual({ ok: false, error: 'invalid' });
		expect(await ask(socket, 'board:leave', 'x')).toEqual({ ok: false, error: 'invalid' });
		// No ack at all: ignored, the socket stays usable.
		socket.emit('planning:join', f.arras, undefined as never);
		expect(await ask(socket, 'planning:join', f.arras)).toEqual({ ok: true });
		expect(socket.connected).toBe(true);
	});

	it('lets admins and secrétariat watch the board, and a territorial admin only it', async () => {
		const sonia = await connect(ids.Sonia!);
		expect(await ask(sonia.socket, 'board:join', f.arras)).toEqual({ ok: true });
		const terry = await connect(ids.Terry!);
		expect(await ask(terry.socket, 'planning:join', f.arras)).toEqual({ ok: false, error: 'forbidden' });
		expect(await ask(terry.socket, 'board:join', f.lens)).toEqual({ ok: true });
		expect(await ask(terry.socket, 'board:leave', f.lens)).toEqual({ ok: true });
	});

	it('re-derives the rooms when the agent’s services or roles change', async () => {
		const hugoId = await member('Hugo2', [], [{ organisationId: f.arras, level: 'basic' }]);
		const terryId = await member('Terry2', [], [], [{ territoryId: f.territoryId }]);
		const hugo = await connect(hugoId);
		const terry = await connect(terryId);
		expect(await ask(hugo.socket, 'planning:join', f.arras)).toEqual({ ok: true });
		expect(await ask(terry.socket, 'board:join', f.arras)).toEqual({ ok: true });
		const roomsOf = (socket: Client) =>
			[...realtime.io.of('/').adapter.rooms].filter(([, s]) => s.has(socket.id ?? '')).map(([room]) => room);
		expect(roomsOf(hugo.socket)).not.toContain(`org:${f.arras}:svc:${f.pmi}`);

		await Agent.updateOne({ _id: hugoId }, { $set: { serviceIds: [f.pmi] } });
		await Agent.updateOne({ _id: terryId }, { $set: { territorialRoles: [] } });
		await realtime.recheckSessions();
		expect(roomsOf(hugo.socket)).toContain(`org:${f.arras}:svc:${f.pmi}`);
		expect(roomsOf(terry.socket)).not.toContain(`board:${f.arras}`);

		// Made admin: the all room instead of its service's and its own.
		await Agent.updateOne({ _id: hugoId }, { $set: { roles: [{ organisationId: f.arras, level: 'admin' }] } });
		await realtime.recheckSessions();
		expect(
			roomsOf(hugo.socket)
				.filter((r) => r.startsWith(`org:${f.arras}`))
				.sort()
		).toEqual([`org:${f.arras}`, `org:${f.arras}:all`].sort());
	});

	it('re-derives them at once when the agent’s rights are written, without waiting for the periodic check', async () => {
		const inesId = await member('Ines2', [], [{ organisationId: f.arras, level: 'admin' }]);
		const ines = await connect(inesId);
		expect(await ask(ines.socket, 'planning:join', f.arras)).toEqual({ ok: true });
		const roomsOf = () =>
			[...realtime.io.of('/').adapter.rooms]
				.filter(([, s]) => s.has(ines.socket.id ?? ''))
				.map(([room]) => room)
				.filter((r) => r.startsWith(`org:${f.arras}`))
				.sort();
		const settled = async (expected: string[]) => {
			for (let i = 0; i < 100 && JSON.stringify(roomsOf()) !== JSON.stringify(expected); i++)
				await new Promise((r) => setTimeout(r, 20));
			return roomsOf();
		};
		expect(roomsOf()).toEqual([`org:${f.arras}`, `org:${f.arras}:all`].sort());

		// A query write (the periodic check is an hour away in this file): basic in PMI now.
		await Agent.updateOne(
			{ _id: inesId },
			{ $set: { roles: [{ organisationId: f.arras, level: 'basic' }], serviceIds: [f.pmi] } }
		);
		const basic = [`org:${f.arras}`, `org:${f.arras}:svc:${f.pmi}`, `org:${f.arras}:agent:${inesId}`].sort();
		expect(await settled(basic)).toEqual(basic);

		// A document save: no role in the organisation any more — every planning room is left.
		const doc = await Agent.findById(inesId);
		doc!.roles = [] as never;
		await doc!.save();
		expect(await settled([])).toEqual([]);
	});
});

describe('other changes', () => {
	it('tells followers and boards of a lieu change, naming who made it', async () => {
		const bob = await connect(f.bob);
		const terry = await connect(ids.Terry!);
		expect(await ask(bob.socket, 'planning:join', f.arras)).toEqual({ ok: true });
		expect(await ask(terry.socket, 'board:join', f.arras)).toEqual({ ok: true });
		await disableLieu(admin, f.arras, f.lieu);
		await enableLieu(admin, f.arras, f.lieu);
		const expected = {
			organisationId: f.arras,
			subject: { kind: 'lieu', id: f.lieu },
			actor: { id: ids.Ada, firstName: 'Ada', lastName: 'Test' },
			actorAgentId: ids.Ada
		};
		for (const { received } of [bob, terry]) {
			await expect
				.poll(() => received.filter((r) => r.event === 'settings.changed').map((r) => r.payload))
				.toEqual([expected, expected]);
		}
	});
});
