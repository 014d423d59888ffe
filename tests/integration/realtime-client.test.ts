/**
 * The browser's live client ($lib/state/realtime.svelte) against the real Socket.IO server and booking service:
 * it receives an RDV's card shaped for its agent, asks its views to catch up when a node's numbers jump, and after
 * a dropped connection follows its plannings again, catches up, and says so (the badge's status).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RdvChanged } from '../../src/lib/domain/realtime.ts';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { attachRealtime, orgRoom, type Realtime } from '../../src/lib/server/realtime/index.ts';
import { RealtimeClient } from '../../src/lib/state/realtime.svelte.ts';
import {
	bookFixtureRdv,
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let server: http.Server;
let realtime: Realtime;
let url: string;
let f: SchedulingFixture;
const opened: RealtimeClient[] = [];

beforeAll(async () => {
	f = await createSchedulingFixture();
	server = http.createServer();
	realtime = await attachRealtime(server, { recheckIntervalMs: 3_600_000 });
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const client of opened) client.disconnect();
	await realtime?.stop();
	await new Promise<void>((resolve) => server?.close(() => resolve()));
});

/** An agent's client, reconnecting fast. */
async function clientOf(agentId: string) {
	const { token } = await createSession(agentId);
	const client = new RealtimeClient({
		url,
		socketOptions: {
			transports: ['websocket'],
			forceNew: true,
			reconnectionDelay: 50,
			reconnectionDelayMax: 100,
			extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` }
		}
	});
	opened.push(client);
	return client;
}

/** Alice's client (an agent of the fixture's PMI, whose agenda the booked RDVs are on), following Arras's planning. */
async function aliceClient() {
	const client = await clientOf(f.alice);
	const resyncs: string[] = [];
	client.onResync((id) => resyncs.push(id));
	const changes: RdvChanged[] = [];
	client.on('rdv.changed', (message) => changes.push(message));
	expect(await client.joinPlanning(f.arras)).toEqual({ ok: true });
	expect(client.status).toBe('live');
	return { client, resyncs, changes };
}

/** The network between the server and an agent's clients breaks (their WebSocket dies, as on a cut line). */
function cutConnections(agentId: string) {
	for (const socket of realtime.io.sockets.sockets.values()) {
		if (socket.data.agent?.id !== agentId) continue;
		(socket.conn.transport as unknown as { socket?: { terminate(): void } }).socket?.terminate();
	}
}

async function book(day: string) {
	const rdv = await bookFixtureRdv(f, day, '09:00', { usagerIds: [await createFixtureUsager(f)], now: NOW });
	await realtime.idle();
	return rdv;
}

describe('RealtimeClient', () => {
	it('gets the booked RDV’s card; a jump in the node’s numbers asks the views to catch up', async () => {
		const { resyncs, changes } = await aliceClient();
		const rdv = await book('2027-03-23');
		await expect.poll(() => changes.length).toBe(1);
		const [message] = changes;
		expect(message).toMatchObject({ organisationId: f.arras, audience: 'full', rdvId: rdv.id, change: 'created' });
		expect(message.audience === 'full' && message.card.agents.map((a) => a.id)).toEqual([f.alice]);
		expect(resyncs).toEqual([]);

		// The next number is skipped (as when a message is lost between the node and this client).
		realtime.io.to(orgRoom(f.arras)).emit('rdv.changed', {
			node: message.node,
			seq: message.seq + 2,
			organisationId: f.arras,
			at: new Date().toISOString(),
			audience: 'none'
		});
		await expect.poll(() => resyncs).toEqual([f.arras]);
	});

	it('after a dropped connection: says it is down, follows its planning again, catches up, and is live again', async () => {
		const { client, resyncs, changes } = await aliceClient();
		const statuses: string[] = [];
		const watch = setInterval(() => {
			if (statuses.at(-1) !== client.status) statuses.push(client.status);
		}, 5);
		try {
			// The network is cut (not a sign-out): the client reconnects by itself.
			cutConnections(f.alice);
			await expect.poll(() => client.reconnections).toBe(1);
			await expect.poll(() => client.status).toBe('live');
			expect(statuses).toContain('down');
			expect(client.error).toBeNull();
			expect(resyncs).toEqual([f.arras]);

			// Joined again: the next change reaches it.
			const rdv = await book('2027-03-24');
			await expect.poll(() => changes.some((m) => m.audience === 'full' && m.rdvId === rdv.id)).toBe(true);
		} finally {
			clearInterval(watch);
		}
	});

	it('two views of one page follow a planning together: it is left when the last one leaves', async () => {
		const { client, changes } = await aliceClient();
		expect(await client.joinPlanning(f.arras)).toEqual({ ok: true });
		client.leavePlanning(f.arras);
		const kept = await book('2027-03-25');
		await expect.poll(() => changes.some((m) => m.audience === 'full' && m.rdvId === kept.id)).toBe(true);
		client.leavePlanning(f.arras);
		// Left: what follows is not sent to it (a later change reaches a follower, so the silence is not a delay).
		const { changes: control } = await aliceClient();
		const after = changes.length;
		const unseen = await book('2027-03-26');
		await expect.poll(() => control.some((m) => m.audience === 'full' && m.rdvId === unseen.id)).toBe(true);
		expect(changes.length).toBe(after);
	});

	it('says again what the tab looks at after a reconnect: the others see the agent come back', async () => {
		const target = { kind: 'agenda' as const, organisationId: f.arras, agentId: f.alice };
		const alice = await clientOf(f.alice);
		const bob = await clientOf(f.bob);
		const seen: string[][] = [];
		bob.on('presence', (state) => seen.push(state.agents.map((a) => a.id).sort()));
		expect(await alice.setPresence(target)).toMatchObject({ ok: true });
		expect(await bob.setPresence(target)).toMatchObject({ ok: true });
		await expect.poll(() => seen.at(-1)).toEqual([f.alice, f.bob].sort());

		// Alice's connection drops: she leaves the agenda for Bob; reconnected, her client says it again.
		cutConnections(f.alice);
		await expect.poll(() => seen.some((ids) => ids.length === 1 && ids[0] === f.bob)).toBe(true);
		await expect.poll(() => alice.reconnections).toBe(1);
		await expect.poll(() => seen.at(-1)).toEqual([f.alice, f.bob].sort());

		// Gone from the view: withdrawn.
		await alice.setPresence(null);
		await expect.poll(() => seen.at(-1)).toEqual([f.bob]);
	});
});
