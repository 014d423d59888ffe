import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, invalidateSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { hashToken } from '../../src/lib/server/auth/tokens.ts';
import { Agent } from '../../src/lib/server/db/models/agent.ts';
import { Session } from '../../src/lib/server/db/models/session.ts';
import { events } from '../../src/lib/server/events.ts';
import { attachRealtime, type Realtime } from '../../src/lib/server/realtime/index.ts';
import type {
	ClientToServerEvents,
	JoinResult,
	ServerToClientEvents,
	RdvChanged
} from '../../src/lib/domain/realtime.ts';
import { RealtimeClient } from '../../src/lib/state/realtime.svelte.ts';
import {
	bookFixtureRdv,
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const orgA = new Types.ObjectId().toHexString();
const orgB = new Types.ObjectId().toHexString();
const orgC = new Types.ObjectId().toHexString();

let server: http.Server;
let realtime: Realtime;
let url: string;
/** Requests that reached the application handler (SvelteKit in production). */
const appRequests: string[] = [];
const clients: Client[] = [];
let f: SchedulingFixture;

/** A real RDV of the fixture's organisation (the live push reads its card). */
async function bookInArras(day: string) {
	return bookFixtureRdv(f, day, '09:00', { usagerIds: [await createFixtureUsager(f)], now: NOW });
}

async function agentWithSession(organisationIds: string[]) {
	const agent = await Agent.create({
		email: `agent-${new Types.ObjectId().toHexString()}@test.guichet.fr`,
		lastName: 'Test',
		roles: organisationIds.map((organisationId) => ({ organisationId, level: 'basic' }))
	});
	const { token } = await createSession(String(agent._id));
	return { agentId: String(agent._id), token, sessionId: hashToken(token) };
}

function client(token?: string, options: { transports?: string[]; origin?: string } = {}): Client {
	const headers: Record<string, string> = {};
	if (token) headers.cookie = `other=1; ${SESSION_COOKIE}=${token}`;
	if (options.origin) headers.origin = options.origin;
	const socket: Client = connectClient(url, {
		path: '/socket.io',
		transports: options.transports ?? ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: headers
	});
	clients.push(socket);
	return socket;
}

function connected(socket: Client): Promise<void> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', (err) => reject(err));
	});
}

function refused(socket: Client): Promise<string> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => reject(new Error('connection accepted')));
		socket.once('connect_error', (err) => resolve(err.message));
	});
}

function disconnected(socket: Client): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

const join = (socket: Client, organisationId: string): Promise<JoinResult> =>
	socket.timeout(5000).emitWithAck('planning:join', organisationId);

beforeAll(async () => {
	f = await createSchedulingFixture();
	server = http.createServer();
	// Same order as the production entry: the runtime starts (on import of the SvelteKit handler) before the
	// application's request listener is added, then the server listens.
	// No periodic re-check during the tests (they call recheckSessions()): the sign-out event is proven alone.
	realtime = await attachRealtime(server, { recheckIntervalMs: 3_600_000 });
	server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
		appRequests.push(req.url ?? '');
		res.statusCode = 404;
		res.end('app');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const socket of clients) socket.disconnect();
	await realtime?.stop();
	await new Promise<void>((resolve) => server?.close(() => resolve()));
});

describe('Socket.IO handshake', () => {
	it('refuses a connection without a session cookie', async () => {
		expect(await refused(client())).toBe('unauthorized');
	});

	it('refuses a bogus or malformed session cookie', async () => {
		expect(await refused(client('a'.repeat(32)))).toBe('unauthorized');
		expect(await refused(client('not a token'))).toBe('unauthorized');
	});

	it('refuses an expired session', async () => {
		const { token, sessionId } = await agentWithSession([orgA]);
		await Session.updateOne({ _id: sessionId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
		expect(await refused(client(token))).toBe('unauthorized');
	});

	it('accepts a valid session cookie', async () => {
		const { token } = await agentWithSession([orgA]);
		const socket = client(token);
		await connected(socket);
		expect(socket.connected).toBe(true);
	});

	it('refuses a browser from another origin even with a valid cookie', async () => {
		const { token } = await agentWithSession([orgA]);
		const message = await refused(client(token, { origin: 'https://evil.example' }));
		expect(message).not.toBe('');
	});

	it('works over HTTP long-polling without the application handler answering /socket.io', async () => {
		const { token } = await agentWithSession([orgA]);
		const socket = client(token, { transports: ['polling'] });
		await connected(socket);
		expect(await join(socket, orgA)).toEqual({ ok: true });
		expect(appRequests.filter((u) => u.startsWith('/socket.io'))).toEqual([]);
		const res = await fetch(`${url}/agents`);
		expect(await res.text()).toBe('app');
	});
});

describe('planning rooms', () => {
	it('joins its own organisation and is refused another one', async () => {
		const { token } = await agentWithSession([orgA]);
		const socket = client(token);
		await connected(socket);
		expect(await join(socket, orgA)).toEqual({ ok: true });
		expect(await join(socket, orgB)).toEqual({ ok: false, error: 'forbidden' });
		expect(await join(socket, 'not-an-id')).toEqual({ ok: false, error: 'invalid' });
	});

	it('delivers an RDV change to its organisation’s followers only', async () => {
		const a = await agentWithSession([f.arras]);
		const b = await agentWithSession([orgB]);
		const socketA = client(a.token);
		const socketB = client(b.token);
		await Promise.all([connected(socketA), connected(socketB)]);
		expect(await join(socketA, f.arras)).toEqual({ ok: true });
		expect(await join(socketB, orgB)).toEqual({ ok: true });

		const seenByB: unknown[] = [];
		socketB.on('rdv.changed', (payload) => seenByB.push(payload));
		const toA = new Promise<RdvChanged>((resolve) => socketA.once('rdv.changed', resolve));

		const rdv = await bookInArras('2027-03-22');
		// A basic agent of no service of the RDV: the sequence number alone.
		expect(await toA).toEqual({
			node: realtime.node,
			seq: expect.any(Number),
			organisationId: f.arras,
			at: expect.any(String),
			audience: 'none'
		});
		await realtime.idle();
		expect(rdv.id).toBeTruthy();
		expect(seenByB).toEqual([]);
	});

	it('sends plage and absence changes to the organisations concerned', async () => {
		const multi = await agentWithSession([orgB, orgC]);
		const socketB = client(multi.token);
		const socketC = client(multi.token);
		await Promise.all([connected(socketB), connected(socketC)]);
		await join(socketB, orgB);
		await join(socketC, orgC);

		const plage = new Promise((resolve) => socketB.once('plage.changed', resolve));
		const plageId = new Types.ObjectId().toHexString();
		await events.publish('plage.changed', { plageId, organisationId: orgB, agentId: multi.agentId });
		expect(await plage).toEqual({ plageId, organisationId: orgB, agentId: multi.agentId });

		// An absence belongs to the agent: each of its organisations' plannings hears of it.
		const inB = new Promise((resolve) => socketB.once('absence.changed', resolve));
		const inC = new Promise((resolve) => socketC.once('absence.changed', resolve));
		const absenceId = new Types.ObjectId().toHexString();
		await events.publish('absence.changed', { absenceId, agentId: multi.agentId });
		expect(await inB).toEqual({ absenceId, organisationId: orgB, agentId: multi.agentId });
		expect(await inC).toEqual({ absenceId, organisationId: orgC, agentId: multi.agentId });
	});

	it('leaves a planning on request', async () => {
		const { token, agentId } = await agentWithSession([orgA]);
		const socket = client(token);
		await connected(socket);
		await join(socket, orgA);
		const roomsOfSocket = () =>
			[...realtime.io.of('/').adapter.rooms].filter(([, ids]) => ids.has(socket.id ?? '')).map(([room]) => room);
		expect(roomsOfSocket()).toContain(`org:${orgA}:agent:${agentId}`);
		expect(await socket.timeout(5000).emitWithAck('planning:leave', orgA)).toEqual({ ok: true });
		// Its audience rooms too.
		expect(roomsOfSocket().filter((room) => room.startsWith(`org:${orgA}`))).toEqual([]);
	});
});

describe('RealtimeClient (browser wrapper)', () => {
	const wrapper = (token?: string) =>
		new RealtimeClient({
			url,
			socketOptions: {
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				extraHeaders: token ? { cookie: `${SESSION_COOKIE}=${token}` } : {}
			}
		});

	it('connects, joins its planning, is refused another, and hands change notices to listeners', async () => {
		const { token } = await agentWithSession([f.arras]);
		const rt = wrapper(token);
		try {
			rt.connect();
			await expect.poll(() => rt.connected).toBe(true);
			expect(await rt.joinPlanning(f.arras)).toEqual({ ok: true });
			expect(await rt.joinPlanning(orgB)).toEqual({ ok: false, error: 'forbidden' });

			const received = new Promise<RdvChanged>((resolve) => {
				const off = rt.on('rdv.changed', (payload) => {
					off();
					resolve(payload);
				});
			});
			const rdv = await bookInArras('2027-03-23');
			expect(await received).toMatchObject({ organisationId: f.arras, audience: 'none' });
			expect(rdv.id).toBeTruthy();
		} finally {
			rt.disconnect();
		}
		expect(rt.connected).toBe(false);
	});

	it('reports a refused session as "unauthorized"', async () => {
		const rt = wrapper();
		rt.connect();
		await expect.poll(() => rt.error).toBe('unauthorized');
		expect(rt.connected).toBe(false);
		rt.disconnect();
	});
});

describe('revoked sessions', () => {
	it('disconnects the sockets of a signed-out session and keeps the agent’s other sessions', async () => {
		const first = await agentWithSession([orgA]);
		const { token: otherToken } = await createSession(first.agentId);
		const revoked = client(first.token);
		const kept = client(otherToken);
		await Promise.all([connected(revoked), connected(kept)]);

		const reason = disconnected(revoked);
		await invalidateSession(first.sessionId);
		expect(await reason).toBe('io server disconnect');
		expect(kept.connected).toBe(true);
	});

	it('disconnects a socket whose session disappeared without an event (periodic re-check)', async () => {
		const { token, sessionId } = await agentWithSession([orgA]);
		const socket = client(token);
		await connected(socket);
		const reason = disconnected(socket);
		await Session.deleteOne({ _id: sessionId });
		await realtime.recheckSessions();
		expect(await reason).toBe('io server disconnect');
	});

	it('makes a socket leave a planning once the agent lost its role there', async () => {
		const { token, agentId } = await agentWithSession([orgA, orgB]);
		const socket = client(token);
		await connected(socket);
		await join(socket, orgB);
		const room = () => realtime.io.of('/').adapter.rooms.get(`org:${orgB}`);
		expect(room()?.has(socket.id ?? '')).toBe(true);

		await Agent.updateOne({ _id: agentId }, { $set: { roles: [{ organisationId: orgA, level: 'basic' }] } });
		await realtime.recheckSessions();
		expect(room()?.has(socket.id ?? '') ?? false).toBe(false);
		expect(socket.connected).toBe(true);
	});
});

describe('stop', () => {
	it('closes the socket connections but not the HTTP server', async () => {
		const { token } = await agentWithSession([orgA]);
		const socket = client(token);
		await connected(socket);
		const reason = disconnected(socket);
		await realtime.stop();
		// A transport close (not a server disconnect): clients reconnect to another node or the restarted one.
		expect(await reason).toBe('transport close');
		expect(server.listening).toBe(true);
		expect((await fetch(`${url}/`)).status).toBe(404);
	});
});
