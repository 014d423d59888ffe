/**
 * The participants of an RDV and of a collective session through the booking service and
 * /api/v1/rdvs/{rdvId}/participants on the real database: adding with notification choices and the usagers'
 * rules, the seats of a session (full at its max, one winner for the last seat), removing (never the last
 * participant of an individual RDV), and the version every change carries.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Motif, RdvClaim, RdvRevision } from '../../src/lib/server/db/models/index.ts';
import {
	addRdvParticipants,
	bookRdv,
	changeRdvStatus,
	removeRdvParticipant,
	updateRdvParticipant
} from '../../src/lib/server/services/booking/index.ts';
import { POST as addRoute } from '../../src/routes/api/v1/rdvs/[rdvId]/participants/+server.ts';
import {
	DELETE as removeRoute,
	PATCH as updateRoute
} from '../../src/routes/api/v1/rdvs/[rdvId]/participants/[usagerId]/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import {
	createFixtureUsager,
	createFixtureUsagers,
	bookFixtureRdv,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';
import { rdvOf } from '../helpers/service-result.ts';

let f: SchedulingFixture;
let collectiveMotif: string;
const { call, unvalidated } = documentedApi(openApiDocument());
const tokens = { alice: '', carla: '' };

async function individual(day: string, time: string) {
	const usager = await createFixtureUsager(f);
	const rdv = await bookFixtureRdv(f, day, time, { usagerIds: [usager], now: NOW });
	return { rdv, usager };
}

async function session(day: string, maxParticipants: number) {
	return rdvOf(
		await bookRdv(
			{
				organisationId: f.arras,
				motifId: collectiveMotif,
				startsAt: paris(day, '14:00'),
				durationMinutes: 60,
				lieuId: f.lieu,
				agentIds: [f.bob],
				maxParticipants,
				confirm: true
			},
			{ kind: 'agent', agent: f.agents.bob },
			NOW
		)
	);
}

const add = (rdvId: string, usagerIds: string[], version: number, extra: object = {}) =>
	addRdvParticipants(rdvId, { usagerIds, version, ...extra }, f.agents.alice, NOW);

beforeAll(async () => {
	f = await createSchedulingFixture();
	const motif = await Motif.findById(f.motif).lean();
	if (!motif) throw new Error('fixture motif missing');
	collectiveMotif = String(new Types.ObjectId());
	await Motif.create({
		_id: collectiveMotif,
		organisationId: f.arras,
		serviceId: motif.serviceId,
		name: 'Atelier parents',
		durationMinutes: 60,
		locationType: 'public_office',
		bookableBy: 'agents',
		collective: true
	});
	tokens.alice = (await createApiToken(f.alice, 'Tests participants')).token;
	tokens.carla = (await createApiToken(f.carla, 'Tests participants')).token;
});

describe('participants of an individual RDV', () => {
	it('adds a relative with their notification choices, sharing the RDV’s status, and records it', async () => {
		const { rdv } = await individual('2027-04-05', '09:00');
		const relative = await createFixtureUsager(f, { firstName: 'Enfant' });
		const added = rdvOf(await add(rdv.id, [relative], 0, { sendReminderNotification: false }));
		expect(added.version).toBe(1);
		expect(added.participants[1]).toEqual({
			usagerId: relative,
			status: 'unknown',
			sendLifecycleNotifications: true,
			sendReminderNotification: false
		});
		expect((await RdvRevision.findOne({ rdvId: rdv.id, version: 1 }).lean())?.summary).toBe('Un participant ajouté');
		const again = await add(rdv.id, [relative], 1);
		expect(again).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { usagerIds: expect.any(String) } });
	});

	it('asks to confirm when the usager has the same motif that day, and refuses an identical RDV', async () => {
		const first = await individual('2027-04-06', '09:00');
		const { rdv } = await individual('2027-04-06', '10:00');
		const sameDay = await add(rdv.id, [first.usager], 0);
		expect(sameDay).toMatchObject({ ok: false, code: 'needs_confirmation' });
		expect(!sameDay.ok && sameDay.warnings?.map((w) => w.code)).toEqual(['usager_same_day']);
		rdvOf(await add(rdv.id, [first.usager], 0, { confirm: true }));
	});

	it('removes a participant but never the last one, and follows the status of those left', async () => {
		const { rdv, usager } = await individual('2027-04-07', '09:00');
		const relative = await createFixtureUsager(f, { firstName: 'Enfant' });
		rdvOf(await add(rdv.id, [relative], 0));
		const last = await removeRdvParticipant(rdv.id, relative, { version: 1 }, f.agents.alice);
		expect(rdvOf(last).participants.map((p) => p.usagerId)).toEqual([usager]);
		const refused = await removeRdvParticipant(rdv.id, usager, { version: 2 }, f.agents.alice);
		expect(refused).toMatchObject({ ok: false, code: 'invalid' });
		expect(await removeRdvParticipant(rdv.id, relative, { version: 2 }, f.agents.alice)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
		const stale = await removeRdvParticipant(rdv.id, usager, { version: 0 }, f.agents.alice);
		expect(stale).toMatchObject({ ok: false, code: 'conflict', changedBy: { version: 2, agentName: 'Alice Martin' } });
	});

	it('cancels the RDV and frees its time when the only ones left had cancelled', async () => {
		const { rdv, usager } = await individual('2027-04-09', '09:00');
		const relative = await createFixtureUsager(f, { firstName: 'Enfant' });
		rdvOf(await add(rdv.id, [relative], 0));
		rdvOf(
			await changeRdvStatus(rdv.id, { status: 'excused', participantUsagerId: usager, version: 1 }, f.agents.alice, NOW)
		);
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(6);
		const left = rdvOf(await removeRdvParticipant(rdv.id, relative, { version: 2 }, f.agents.alice));
		expect(left).toMatchObject({ status: 'excused', participants: [{ usagerId: usager, status: 'excused' }] });
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(0);
		expect((await RdvRevision.findOne({ rdvId: rdv.id, version: 3 }).lean())?.summary).toBe(
			'Un participant retiré ; Statut : Annulé par l’usager'
		);
	});

	it('changes a participant’s notification choices, at the version read', async () => {
		const { rdv, usager } = await individual('2027-04-08', '09:00');
		const updated = rdvOf(
			await updateRdvParticipant(rdv.id, usager, { sendLifecycleNotifications: false, version: 0 }, f.agents.alice)
		);
		expect(updated.participants[0]).toMatchObject({
			sendLifecycleNotifications: false,
			sendReminderNotification: true
		});
		expect(await updateRdvParticipant(rdv.id, usager, { version: 0 }, f.agents.alice)).toMatchObject({
			ok: false,
			code: 'conflict'
		});
		expect(await updateRdvParticipant(rdv.id, usager, { version: 1 }, f.agents.carla)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
	});
});

describe('seats of a collective session', () => {
	it('fills up to its max, refuses beyond, and frees a seat when a participant is removed', async () => {
		const seance = await session('2027-04-12', 2);
		const [a, b, c] = await createFixtureUsagers(f, 3);
		const two = rdvOf(await add(seance.id, [a, b], 0));
		expect(two.participants).toHaveLength(2);
		const full = await add(seance.id, [c], 1);
		expect(full).toMatchObject({ ok: false, code: 'conflict', message: 'Cette séance est complète.' });
		rdvOf(await removeRdvParticipant(seance.id, a, { version: 1 }, f.agents.alice));
		expect(rdvOf(await add(seance.id, [c], 2)).participants.map((p) => p.usagerId)).toEqual([b, c]);
		// A session may end up empty; it keeps its agent's time.
		rdvOf(await removeRdvParticipant(seance.id, b, { version: 3 }, f.agents.alice));
		rdvOf(await removeRdvParticipant(seance.id, c, { version: 4 }, f.agents.alice));
		expect(await RdvClaim.countDocuments({ rdvId: seance.id })).toBe(12);
	});

	it('gives the last seat to exactly one of two concurrent adds', async () => {
		const seance = await session('2027-04-13', 1);
		const [a, b] = await createFixtureUsagers(f, 2);
		const results = await Promise.all([add(seance.id, [a], 0), add(seance.id, [b], 0)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, code: 'conflict' });
	});
});

describe('/api/v1/rdvs/{rdvId}/participants', () => {
	const post = (rdvId: string, body: unknown, headers?: Record<string, string>, token = tokens.alice) =>
		call(addRoute, {
			method: 'POST',
			path: `/api/v1/rdvs/${rdvId}/participants`,
			params: { rdvId },
			body,
			headers,
			token
		});
	const one = (
		method: 'PATCH' | 'DELETE',
		rdvId: string,
		usagerId: string,
		init: { body?: unknown; headers?: Record<string, string> }
	) =>
		call(method === 'PATCH' ? updateRoute : removeRoute, {
			method,
			path: `/api/v1/rdvs/${rdvId}/participants/${usagerId}`,
			params: { rdvId, usagerId },
			body: init.body,
			headers: init.headers,
			token: tokens.alice
		});

	it('adds, updates and removes with the version, 428 without, 409 on a full session or a stale version', async () => {
		const seance = await session('2027-04-14', 1);
		const [a, b] = await createFixtureUsagers(f, 2);
		expect(await post(seance.id, { usagerIds: [a] })).toMatchObject({
			status: 428,
			body: { error: { code: 'precondition_required' } }
		});
		const added = await post(seance.id, { usagerIds: [a], sendLifecycleNotifications: false }, { 'if-match': '"0"' });
		expect(added).toMatchObject({
			status: 200,
			body: { version: 1, participants: [{ usagerId: a, sendLifecycleNotifications: false }] }
		});
		expect(added.headers.get('etag')).toBe('"1"');
		expect(await post(seance.id, { usagerIds: [b], version: 1 })).toMatchObject({
			status: 409,
			body: { error: { code: 'conflict', message: 'Cette séance est complète.' } }
		});
		const updated = await one('PATCH', seance.id, a, { body: { sendReminderNotification: false, version: 1 } });
		expect(updated).toMatchObject({ status: 200, body: { participants: [{ sendReminderNotification: false }] } });
		expect(await one('DELETE', seance.id, a, {})).toMatchObject({ status: 428 });
		expect(await one('DELETE', seance.id, a, { headers: { 'if-match': '"1"' } })).toMatchObject({
			status: 409,
			body: { error: { code: 'conflict', details: { changedBy: { version: 2 } } } }
		});
		expect(await one('DELETE', seance.id, a, { headers: { 'if-match': '"2"' } })).toMatchObject({
			status: 200,
			body: { participants: [], version: 3 }
		});
		expect(await one('DELETE', seance.id, a, { headers: { 'if-match': '"3"' } })).toMatchObject({ status: 404 });
		expect(await post(seance.id, { usagerIds: [b], version: 3 }, undefined, tokens.carla)).toMatchObject({
			status: 404
		});
		expect((await post(seance.id, { usagerIds: [], version: 3 })).status).toBe(422);
	});

	it('validated a success response of each participants endpoint', () => {
		const own = apiEndpoints().filter((e) => e.path.startsWith('/api/v1/rdvs/{rdvId}/participants'));
		expect(own).toHaveLength(3);
		expect(unvalidated(own)).toEqual([]);
	});
});
