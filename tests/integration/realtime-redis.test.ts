/**
 * Two app nodes sharing Redis (REDIS_URL): broadcasts and sign-out relays cross nodes. `npm test` (and so CI)
 * starts a throw-away Redis and passes REDIS_URL; only a developer running vitest by hand without one skips
 * these (or points REDIS_URL at one, e.g. `redis-server --port 6391` and REDIS_URL=redis://127.0.0.1:6391).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { hashToken } from '../../src/lib/server/auth/tokens.ts';
import { Agent } from '../../src/lib/server/db/models/agent.ts';
import { Session } from '../../src/lib/server/db/models/session.ts';
import { EventBus } from '../../src/lib/server/events.ts';
import { attachRealtime, orgRoom, type Realtime } from '../../src/lib/server/realtime/index.ts';
import type { ClientToServerEvents, RdvChanged, ServerToClientEvents } from '../../src/lib/domain/realtime.ts';
import { changeRdvStatus } from '../../src/lib/server/services/booking/index.ts';
import { bookFixtureRdv, createFixtureUsager, createSchedulingFixture, NOW } from '../helpers/scheduling-fixture.ts';

const redisUrl = process.env.REDIS_URL;
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

// In CI a missing REDIS_URL is a failure, not a skip: no test may silently stop running there.
describe.skipIf(!redisUrl && !process.env.CI)('Socket.IO across nodes (Redis adapter)', () => {
	const nodes: { server: http.Server; realtime: Realtime; url: string }[] = [];
	const clients: Client[] = [];

	const needsRedis = () =>
		expect(redisUrl, 'REDIS_URL is not set: run these through `npm test`, which starts a Redis').toBeTruthy();

	beforeAll(async () => {
		if (!redisUrl) return; // each test then fails with the reason
		for (let i = 0; i < 2; i++) {
			const server = http.createServer();
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			// Two processes have two buses: node B hears of no write of this process's services (node A's bus).
			const realtime = await attachRealtime(server, {
				redisUrl,
				recheckIntervalMs: 3_600_000,
				...(i === 1 ? { bus: new EventBus() } : {})
			});
			nodes.push({ server, realtime, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
		}
	});

	afterAll(async () => {
		for (const c of clients) c.disconnect();
		for (const { server, realtime } of nodes) {
			await realtime.stop();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});

	async function connectedClient(url: string, organisationId: string, serviceIds: string[] = []) {
		const agent = await Agent.create({
			email: `redis-${new Types.ObjectId().toHexString()}@test.guichet.fr`,
			lastName: 'Test',
			serviceIds,
			roles: [{ organisationId, level: 'basic' }]
		});
		const { token } = await createSession(String(agent._id));
		const socket: Client = connectClient(url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` }
		});
		clients.push(socket);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		return { socket, agentId: String(agent._id), sessionId: hashToken(token) };
	}

	it('delivers a broadcast made on one node to a planning member connected to the other', async () => {
		needsRedis();
		const organisationId = new Types.ObjectId().toHexString();
		const { socket } = await connectedClient(nodes[1]!.url, organisationId);
		expect(await socket.timeout(5000).emitWithAck('planning:join', organisationId)).toEqual({ ok: true });

		const received = new Promise((resolve) => socket.once('rdv.changed', resolve));
		const payload: RdvChanged = { node: 'n', seq: 1, organisationId, at: new Date().toISOString(), audience: 'none' };
		nodes[0]!.realtime.io.to(orgRoom(organisationId)).emit('rdv.changed', payload);
		expect(await received).toEqual(payload);
	});

	it('pushes a change made through node A, shaped per audience, to the clients of node B', async () => {
		needsRedis();
		const f = await createSchedulingFixture();
		// Of the motif's service (the card), and of another service (the number alone): one message each.
		const pmi = await connectedClient(nodes[1]!.url, f.arras, [f.pmi]);
		const other = await connectedClient(nodes[1]!.url, f.arras, [new Types.ObjectId().toHexString()]);
		for (const { socket } of [pmi, other]) {
			expect(await socket.timeout(5000).emitWithAck('planning:join', f.arras)).toEqual({ ok: true });
		}
		const seen = { pmi: [] as RdvChanged[], other: [] as RdvChanged[] };
		pmi.socket.on('rdv.changed', (p) => seen.pmi.push(p));
		other.socket.on('rdv.changed', (p) => seen.other.push(p));

		const rdv = await bookFixtureRdv(f, '2027-03-25', '09:30', { usagerIds: [await createFixtureUsager(f)], now: NOW });
		const seenOn = await changeRdvStatus(
			rdv.id,
			{ status: 'seen', version: 0 },
			f.agents.alice,
			new Date('2027-03-25T12:00:00Z')
		);
		expect(seenOn.ok).toBe(true);
		await expect
			.poll(() => seen.pmi.map((p) => p.audience === 'full' && [p.change, p.card.version]))
			.toEqual([
				['created', 0],
				['updated', 1]
			]);
		await expect.poll(() => seen.other.map((p) => p.audience)).toEqual(['none', 'none']);
		// Numbered by node A, without gaps, the same for both audiences.
		expect(seen.pmi.map((p) => [p.node, p.seq])).toEqual(seen.other.map((p) => [p.node, p.seq]));
		expect(seen.pmi.map((p) => p.node)).toEqual([nodes[0]!.realtime.node, nodes[0]!.realtime.node]);
		expect(seen.pmi[1]!.seq).toBe(seen.pmi[0]!.seq + 1);
	});

	it('acts on a sign-out relayed by another node', async () => {
		needsRedis();
		const organisationId = new Types.ObjectId().toHexString();
		const { socket, agentId, sessionId } = await connectedClient(nodes[1]!.url, organisationId);
		const reason = new Promise((resolve) => socket.once('disconnect', resolve));
		await Session.deleteOne({ _id: sessionId });
		nodes[0]!.realtime.io.serverSideEmit('agent.signedOut', agentId);
		expect(await reason).toBe('io server disconnect');
	});
});
