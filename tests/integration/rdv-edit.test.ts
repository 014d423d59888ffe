/**
 * Editing an RDV (time, duration, lieu or address, agents, note) and deleting one, through the booking service
 * and PATCH/DELETE /api/v1/rdvs/{rdvId} on the real database: the claims follow every edit, warnings ask for a
 * confirmation, concurrent edits from one version let exactly one through and name it to the other, the API's
 * version rule (ETag, If-Match or version, 428 without), and a delete by an admin that leaves nothing behind.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Agent, Rdv, RdvClaim, RdvRevision } from '../../src/lib/server/db/models/index.ts';
import {
	bookRdv,
	cancelRdv,
	changeRdvStatus,
	deleteRdv,
	editRdv
} from '../../src/lib/server/services/booking/index.ts';
import {
	DELETE as deleteRoute,
	GET as getRoute,
	PATCH as patchRoute
} from '../../src/routes/api/v1/rdvs/[rdvId]/+server.ts';
import { POST as cancelRoute } from '../../src/routes/api/v1/rdvs/[rdvId]/cancel/+server.ts';
import { POST as statusRoute } from '../../src/routes/api/v1/rdvs/[rdvId]/status/+server.ts';
import { attachRealtime } from '../../src/lib/server/realtime/index.ts';
import type { ClientToServerEvents, RdvChanged, ServerToClientEvents } from '../../src/lib/domain/realtime.ts';
import { documentedApi } from '../helpers/api-client.ts';
import {
	createFixtureUsager,
	bookFixtureRdv,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';
import { rdvOf } from '../helpers/service-result.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';

let f: SchedulingFixture;
let admin: SessionAgent;
const { call, unvalidated } = documentedApi(openApiDocument());
const tokens = { alice: '', bob: '', carla: '', dora: '', admin: '' };

/** An RDV of Alice at the lieu, for an usager of its own (so the usagers' rules never meet another test's). */
async function book(day: string, time: string, agentIds = [f.alice]) {
	return bookFixtureRdv(f, day, time, { usagerIds: [await createFixtureUsager(f)], agentIds, now: NOW });
}

const claimsOf = async (rdvId: string) =>
	(await RdvClaim.find({ rdvId }).lean()).map((c) => `${String(c.agentId)}@${c.bucket}`).sort();

const api = (
	method: string,
	rdvId: string,
	init: { body?: unknown; headers?: Record<string, string>; token?: string }
) =>
	call(method === 'GET' ? getRoute : method === 'PATCH' ? patchRoute : deleteRoute, {
		method,
		path: `/api/v1/rdvs/${rdvId}`,
		params: { rdvId },
		body: init.body,
		headers: init.headers,
		token: init.token ?? tokens.alice
	});

beforeAll(async () => {
	f = await createSchedulingFixture();
	const created = await Agent.create({
		email: `admin-${f.alice.slice(-6)}@example.org`,
		firstName: 'Ada',
		lastName: 'Admin',
		serviceIds: [],
		roles: [{ organisationId: f.arras, level: 'admin' }]
	});
	const loaded = await loadSessionAgent(String(created._id));
	if (!loaded) throw new Error('admin without principal');
	admin = loaded;
	for (const name of ['alice', 'bob', 'carla', 'dora'] as const)
		tokens[name] = (await createApiToken(f[name], 'Tests édition')).token;
	tokens.admin = (await createApiToken(String(created._id), 'Tests édition')).token;
});

describe('editRdv', () => {
	it('moves the time, changes duration, agents and note: the claims follow and the history says what changed', async () => {
		const rdv = await book('2027-04-05', '09:00');
		expect(await claimsOf(rdv.id)).toHaveLength(6);
		const edited = rdvOf(
			await editRdv(
				rdv.id,
				{
					startsAt: paris('2027-04-06', '10:00'),
					durationMinutes: 45,
					agentIds: [f.alice, f.bob],
					context: 'Apporter le carnet de santé',
					version: 0
				},
				f.agents.bob,
				NOW
			)
		);
		expect(edited).toMatchObject({
			startsAt: paris('2027-04-06', '10:00').toISOString(),
			durationMinutes: 45,
			agentIds: [f.alice, f.bob],
			context: 'Apporter le carnet de santé',
			version: 1
		});
		// 45 minutes for each of the two agents, nothing left of the old time.
		const claims = await claimsOf(rdv.id);
		expect(claims).toHaveLength(18);
		expect(claims.filter((c) => c.startsWith(f.bob))).toHaveLength(9);
		const revision = await RdvRevision.findOne({ rdvId: rdv.id, version: 1 }).lean();
		expect(revision?.summary).toBe(
			'Déplacé au 06/04/2027 à 10:00 ; durée : 45 min ; agents modifiés ; note de contexte modifiée'
		);
	});

	it('changes the note alone without touching the claims, and removes it with an empty value', async () => {
		const rdv = await book('2027-04-05', '10:00');
		const before = await claimsOf(rdv.id);
		rdvOf(await editRdv(rdv.id, { context: 'Rappeler la veille', version: 0 }, f.agents.alice, NOW));
		const cleared = rdvOf(await editRdv(rdv.id, { context: '', version: 1 }, f.agents.alice, NOW));
		expect(cleared.context).toBeUndefined();
		expect(cleared.version).toBe(2);
		expect(await claimsOf(rdv.id)).toEqual(before);
		// Nothing changed: nothing saved, no new version.
		const same = rdvOf(await editRdv(rdv.id, { context: null, version: 2 }, f.agents.alice, NOW));
		expect(same.version).toBe(2);
	});

	it('replaces the lieu with a single-use address and back', async () => {
		const rdv = await book('2027-04-05', '11:00');
		const home = rdvOf(
			await editRdv(rdv.id, { singleUseAddress: '3 rue des Lilas, Arras', version: 0 }, f.agents.alice, NOW)
		);
		expect(home).toMatchObject({ singleUseAddress: '3 rue des Lilas, Arras', version: 1 });
		expect(home.lieuId).toBeUndefined();
		const back = rdvOf(await editRdv(rdv.id, { lieuId: f.lieu, version: 1 }, f.agents.alice, NOW));
		expect(back).toMatchObject({ lieuId: f.lieu });
		expect(back.singleUseAddress).toBeUndefined();
		// A public-office motif needs a place: neither is refused next to the field.
		const nowhere = await editRdv(rdv.id, { lieuId: null, version: 2 }, f.agents.alice, NOW);
		expect(nowhere).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { lieuId: 'Choisissez le lieu du RDV.' }
		});
	});

	it('lists the warnings of the new time and saves once they are confirmed', async () => {
		const taken = await book('2027-04-07', '09:00');
		const rdv = await book('2027-04-07', '10:00');
		const overlap = await editRdv(rdv.id, { startsAt: paris('2027-04-07', '09:00'), version: 0 }, f.agents.alice, NOW);
		expect(overlap).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!overlap.ok && overlap.warnings?.map((w) => w.code)).toContain('rdv_overlap');
		const past = await editRdv(rdv.id, { startsAt: paris('2027-02-01', '10:00'), version: 0 }, f.agents.alice, NOW);
		expect(!past.ok && past.warnings?.map((w) => w.code)).toContain('start_in_past');
		expect(await claimsOf(rdv.id)).toHaveLength(6);
		const confirmed = rdvOf(
			await editRdv(rdv.id, { startsAt: paris('2027-04-07', '09:00'), confirm: true, version: 0 }, f.agents.alice, NOW)
		);
		expect(confirmed.version).toBe(1);
		expect(await claimsOf(taken.id)).toHaveLength(6);
	});

	it('lets one of two concurrent edits through and names its author to the other; claims match the winner', async () => {
		const rdv = await book('2027-04-08', '09:00');
		const [a, b] = await Promise.all([
			editRdv(rdv.id, { startsAt: paris('2027-04-08', '10:00'), version: 0 }, f.agents.alice, NOW),
			editRdv(rdv.id, { startsAt: paris('2027-04-08', '11:00'), version: 0 }, f.agents.bob, NOW)
		]);
		const results = [a, b];
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		const winner = results.findIndex((r) => r.ok);
		const loser = results[1 - winner];
		const winnerName = winner === 0 ? 'Alice Martin' : 'Bob Durand';
		expect(loser).toMatchObject({
			ok: false,
			code: 'conflict',
			changedBy: { version: 1, agentName: winnerName }
		});
		expect(!loser.ok && loser.message).toContain(`par ${winnerName}`);
		const saved = await Rdv.findById(rdv.id).lean();
		const time = winner === 0 ? '10:00' : '11:00';
		expect(saved?.startsAt.toISOString()).toBe(paris('2027-04-08', time).toISOString());
		// The loser gave back what it claimed: only the winner's 30 minutes are held.
		const claims = await RdvClaim.find({ rdvId: rdv.id }).lean();
		expect(claims).toHaveLength(6);
		expect(Math.min(...claims.map((c) => c.bucket.getTime()))).toBe(paris('2027-04-08', time).getTime());
	});

	it('refuses to move a cancelled RDV but still takes its note; another service answers not found', async () => {
		const rdv = await book('2027-04-09', '09:00');
		rdvOf(await cancelRdv(rdv.id, { kind: 'agent', agent: f.agents.alice }, 'revoked', { now: NOW }));
		const moved = await editRdv(rdv.id, { startsAt: paris('2027-04-09', '10:00'), version: 1 }, f.agents.alice, NOW);
		expect(moved).toMatchObject({ ok: false, code: 'conflict', reason: 'already_cancelled' });
		expect(await claimsOf(rdv.id)).toEqual([]);
		rdvOf(await editRdv(rdv.id, { context: 'Annulé au téléphone', version: 1 }, f.agents.alice, NOW));
		expect(await editRdv(rdv.id, { context: 'x', version: 2 }, f.agents.carla, NOW)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
	});
});

describe('reactivating a cancelled RDV (status)', () => {
	it('lets one of two concurrent reactivations through, names it to the other, and the RDV keeps its time', async () => {
		// Several rounds: the old order (claim the time, then the version) lost the winner's claims to the loser's
		// clean-up, or told the loser « pris par un autre RDV », depending on how the two interleaved.
		for (const time of ['09:00', '10:00', '11:00']) {
			const rdv = await book('2027-04-10', time);
			rdvOf(await changeRdvStatus(rdv.id, { status: 'revoked', version: 0 }, f.agents.alice, NOW));
			expect(await claimsOf(rdv.id)).toEqual([]);
			const results = await Promise.all([
				changeRdvStatus(rdv.id, { status: 'unknown', version: 1 }, f.agents.alice, NOW),
				changeRdvStatus(rdv.id, { status: 'unknown', version: 1 }, f.agents.bob, NOW)
			]);
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			const winner = results.findIndex((r) => r.ok);
			expect(results[1 - winner]).toMatchObject({
				ok: false,
				code: 'conflict',
				changedBy: { version: 2, agentName: winner === 0 ? 'Alice Martin' : 'Bob Durand' }
			});
			expect(await Rdv.findById(rdv.id).lean()).toMatchObject({ status: 'unknown', version: 2 });
			expect(await claimsOf(rdv.id)).toHaveLength(6);
		}
	});
});

describe('PATCH /api/v1/rdvs/{rdvId}', () => {
	it('sends the version as ETag, takes it back in If-Match, and answers 428 without one', async () => {
		const rdv = await book('2027-04-12', '09:00');
		const read = await api('GET', rdv.id, {});
		expect(read.status).toBe(200);
		expect(read.headers.get('etag')).toBe('"0"');
		const missing = await api('PATCH', rdv.id, { body: { context: 'Sans version' } });
		expect(missing).toMatchObject({ status: 428, body: { error: { code: 'precondition_required' } } });
		const saved = await api('PATCH', rdv.id, {
			body: { durationMinutes: 20, context: 'Avec If-Match' },
			headers: { 'if-match': '"0"' }
		});
		expect(saved).toMatchObject({ status: 200, body: { durationMinutes: 20, version: 1, context: 'Avec If-Match' } });
		expect(saved.headers.get('etag')).toBe('"1"');
		const bodyVersion = await api('PATCH', rdv.id, { body: { context: 'Avec version', version: 1 } });
		expect(bodyVersion).toMatchObject({ status: 200, body: { version: 2 } });
		const disagree = await api('PATCH', rdv.id, { body: { version: 2 }, headers: { 'if-match': '"1"' } });
		expect(disagree).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
		const malformed = await api('PATCH', rdv.id, { body: {}, headers: { 'if-match': 'W/"2"x' } });
		expect(malformed.status).toBe(400);
	});

	it('refuses a stale version with 409 conflict naming who changed it, and asks to confirm warnings', async () => {
		const rdv = await book('2027-04-12', '10:00');
		const bob = await call(statusRoute, {
			method: 'POST',
			path: `/api/v1/rdvs/${rdv.id}/status`,
			params: { rdvId: rdv.id },
			body: { status: 'revoked' },
			headers: { 'if-match': '"0"' },
			token: tokens.bob
		});
		expect(bob).toMatchObject({ status: 200, body: { status: 'revoked', version: 1 } });
		const stale = await api('PATCH', rdv.id, { body: { context: 'Trop tard' }, headers: { 'if-match': '"0"' } });
		expect(stale).toMatchObject({
			status: 409,
			body: {
				error: {
					code: 'conflict',
					details: { changedBy: { version: 1, agentName: 'Bob Durand', summary: 'Statut : Annulé par le service' } }
				}
			}
		});
		const other = await book('2027-04-12', '11:00');
		const overlap = await api('PATCH', other.id, {
			body: { startsAt: paris('2027-04-12', '09:00').toISOString(), version: 0 }
		});
		expect(overlap).toMatchObject({ status: 409, body: { error: { code: 'needs_confirmation' } } });
		const offGrain = await api('PATCH', other.id, { body: { durationMinutes: 22, version: 0 } });
		expect(offGrain.status).toBe(422);
		expect((await api('PATCH', other.id, { body: { nope: 1, version: 0 } })).status).toBe(422);
		for (const token of [tokens.carla, tokens.dora])
			expect(await api('PATCH', other.id, { body: { version: 0 }, token })).toMatchObject({ status: 404 });
	});

	it('cancels with version or If-Match, and still takes expectedVersion', async () => {
		const cancel = (rdvId: string, body: unknown, headers?: Record<string, string>) =>
			call(cancelRoute, {
				method: 'POST',
				path: `/api/v1/rdvs/${rdvId}/cancel`,
				params: { rdvId },
				body,
				headers,
				token: tokens.alice
			});
		const a = await book('2027-04-13', '09:00');
		const b = await book('2027-04-13', '10:00');
		const c = await book('2027-04-13', '11:00');
		rdvOf(await editRdv(a.id, { context: 'v1', version: 0 }, f.agents.bob, NOW));
		expect(await cancel(a.id, { version: 0 })).toMatchObject({
			status: 409,
			body: { error: { code: 'conflict', details: { changedBy: { agentName: 'Bob Durand' } } } }
		});
		expect(await cancel(a.id, {}, { 'if-match': '"1"' })).toMatchObject({ status: 200, body: { version: 2 } });
		expect(await cancel(b.id, { expectedVersion: 0 })).toMatchObject({ status: 200, body: { status: 'revoked' } });
		expect((await cancel(c.id, { expectedVersion: 0, version: 1 })).status).toBe(400);
	});
});

describe('deleteRdv', () => {
	it('is for organisation admins: others are refused (403), an unknown or foreign id is not found', async () => {
		const rdv = await book('2027-04-14', '09:00');
		expect(await deleteRdv(rdv.id, f.agents.alice)).toMatchObject({ ok: false, code: 'forbidden' });
		expect(await api('DELETE', rdv.id, {})).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
		expect(await api('DELETE', rdv.id, { token: tokens.dora })).toMatchObject({ status: 404 });
		expect(await api('DELETE', '0123456789abcdef01234567', { token: tokens.admin })).toMatchObject({ status: 404 });
		expect(await Rdv.exists({ _id: rdv.id })).not.toBeNull();
	});

	it('removes the RDV, gives its time back and keeps only a tombstone revision', async () => {
		const rdv = await book('2027-04-14', '10:00');
		rdvOf(await editRdv(rdv.id, { context: 'À supprimer', version: 0 }, f.agents.alice, NOW));
		expect(await api('DELETE', rdv.id, { token: tokens.admin, headers: { 'if-match': '"0"' } })).toMatchObject({
			status: 409,
			body: { error: { code: 'conflict' } }
		});
		const deleted = await api('DELETE', rdv.id, { token: tokens.admin, headers: { 'if-match': '"1"' } });
		expect(deleted).toMatchObject({ status: 204, body: null });
		expect(await Rdv.exists({ _id: rdv.id })).toBeNull();
		expect(await claimsOf(rdv.id)).toEqual([]);
		const revisions = await RdvRevision.find({ rdvId: rdv.id }).lean();
		expect(revisions.map((r) => [r.version, r.change, r.summary])).toEqual([[2, 'cancel', 'RDV supprimé']]);
		// The time is free again: the same slot books without a warning.
		const again = await bookRdv(
			{
				organisationId: f.arras,
				motifId: f.motif,
				startsAt: paris('2027-04-14', '10:00'),
				lieuId: f.lieu,
				agentIds: [f.alice],
				usagerIds: [await createFixtureUsager(f)]
			},
			{ kind: 'agent', agent: f.agents.alice },
			NOW
		);
		expect(again).toMatchObject({ ok: true, notices: [] });
		// A late writer from before the delete loses to the tombstone.
		expect(await deleteRdv(rdv.id, admin)).toMatchObject({ ok: false, code: 'not_found' });
	});
});

describe('deleteRdv and the live planning', () => {
	it('tells the agents following the organisation’s planning that the RDV is deleted (not cancelled)', async () => {
		const server = http.createServer();
		const realtime = await attachRealtime(server, { recheckIntervalMs: 3_600_000 });
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { token } = await createSession(f.bob);
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectClient(
			`http://127.0.0.1:${(server.address() as AddressInfo).port}`,
			{
				path: '/socket.io',
				transports: ['websocket'],
				reconnection: false,
				forceNew: true,
				extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` }
			}
		);
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', reject);
			});
			expect(await socket.timeout(5000).emitWithAck('planning:join', f.arras)).toEqual({ ok: true });
			const seen: RdvChanged[] = [];
			socket.on('rdv.changed', (payload) => seen.push(payload));
			const rdv = await book('2027-04-15', '09:00');
			expect(await deleteRdv(rdv.id, admin, { version: 0 })).toEqual({ ok: true });
			// One socket receives in emission order: the booking's notice, then the delete's (Bob, of the motif's
			// service, sees the RDV: full cards).
			const ofRdv = () => seen.flatMap((p) => (p.audience === 'full' && p.rdvId === rdv.id ? [p] : []));
			await expect
				.poll(() => ofRdv().map((p) => [p.change, p.actorAgentId]))
				.toEqual([
					['created', f.alice],
					['deleted', admin.id]
				]);
			const [created, deleted] = ofRdv();
			expect(deleted).toEqual({
				node: created!.node,
				seq: created!.seq + 1,
				organisationId: f.arras,
				at: expect.any(String),
				audience: 'full',
				rdvId: rdv.id,
				change: 'deleted',
				// The RDV as it was, at the deletion's version: a client keeping the highest version drops it.
				card: expect.objectContaining({ id: rdv.id, version: 1 }),
				actor: { id: admin.id, firstName: 'Ada', lastName: 'Admin' },
				actorAgentId: admin.id
			});
		} finally {
			socket.disconnect();
			await realtime.stop();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('coverage of the document', () => {
	it('validated a success response of GET, PATCH and DELETE /rdvs/{rdvId}', () => {
		const own = apiEndpoints().filter((e) => e.path === '/api/v1/rdvs/{rdvId}');
		expect(own).toHaveLength(3);
		expect(unvalidated(own)).toEqual([]);
	});
});
