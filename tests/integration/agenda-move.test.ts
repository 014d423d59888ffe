/**
 * Dragging or resizing an RDV in the agenda: POST /agents/org/:orgId/agenda/rdvs/:rdvId/deplacer saves it through
 * moveRdv — moved with its claims (the old time is free again), warnings to confirm, a taken time, a stale
 * version naming who changed the RDV, cancelled RDVs, and who may not move it.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { RdvClaim } from '../../src/lib/server/db/models/index.ts';
import { claimAgentTime } from '../../src/lib/server/services/claims.ts';
import {
	bookRdv,
	cancelRdv,
	getRdv,
	moveRdv,
	type BookingActorInput
} from '../../src/lib/server/services/booking/index.ts';
import { POST as move } from '../../src/routes/agents/org/[orgId]/agenda/rdvs/[rdvId]/deplacer/+server.ts';
import { callEndpoint } from '../helpers/request-event.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';

let f: SchedulingFixture;
let asAlice: BookingActorInput;
let dora: SessionAgent;

async function book(day: string, time: string) {
	const result = await bookRdv(
		{
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris(day, time),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [await createFixtureUsager(f)]
		},
		asAlice,
		NOW
	);
	if (!result.ok) throw new Error(result.message);
	return result.rdv;
}

function post(viewer: SessionAgent, rdvId: string, body: unknown, orgId = f.arras) {
	return callEndpoint(move, {
		method: 'POST',
		path: `/agents/org/${orgId}/agenda/rdvs/${rdvId}/deplacer`,
		params: { orgId, rdvId },
		agent: viewer,
		body
	});
}

beforeAll(async () => {
	f = await createSchedulingFixture();
	asAlice = { kind: 'agent', agent: f.agents.alice };
	const loaded = await loadSessionAgent(f.dora);
	if (!loaded) throw new Error('fixture agent missing');
	dora = loaded;
});

describe('POST /agents/org/:orgId/agenda/rdvs/:rdvId/deplacer', () => {
	it('moves an RDV to another day and resizes it; its old time is free again', async () => {
		const rdv = await book('2027-03-23', '09:00');
		const res = await post(f.agents.alice, rdv.id, {
			startsAt: paris('2027-03-24', '10:00').toISOString(),
			durationMinutes: 45,
			version: 0
		});
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			rdv: {
				id: rdv.id,
				startsAt: paris('2027-03-24', '10:00').toISOString(),
				endsAt: paris('2027-03-24', '10:45').toISOString(),
				durationMinutes: 45,
				version: 1
			}
		});
		expect(await getRdv(rdv.id)).toMatchObject({ startsAt: paris('2027-03-24', '10:00').toISOString(), version: 1 });
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(9);
		// Tuesday 09:00 is free again: booking it asks nothing (no overlap to confirm).
		const again = await book('2027-03-23', '09:00');
		expect(again.startsAt).toBe(paris('2027-03-23', '09:00').toISOString());
	});

	it('lists the warnings to confirm, then moves on an explicit confirmation', async () => {
		const [a, b] = [await book('2027-03-25', '09:00'), await book('2027-03-25', '10:00')];
		const onto = { startsAt: paris('2027-03-25', '10:00').toISOString(), durationMinutes: 30, version: 0 };
		const asked = await post(f.agents.alice, a.id, onto);
		expect(asked.status).toBe(409);
		expect(asked.body).toMatchObject({
			error: { code: 'needs_confirmation', details: { warnings: [expect.objectContaining({ code: 'rdv_overlap' })] } }
		});
		expect((await getRdv(a.id))?.startsAt).toBe(paris('2027-03-25', '09:00').toISOString());
		const confirmed = await post(f.agents.alice, a.id, { ...onto, confirm: true });
		expect(confirmed.status).toBe(200);
		expect((await getRdv(a.id))?.startsAt).toBe((await getRdv(b.id))?.startsAt);
	});

	it('refuses a time another booking is taking, and leaves the RDV where it was', async () => {
		const rdv = await book('2027-03-26', '09:00');
		// A booking in flight holds Friday 11:00 (its claims are in, its RDV not saved yet).
		await claimAgentTime([f.alice], paris('2027-03-26', '11:00'), paris('2027-03-26', '11:30'), new Types.ObjectId());
		const res = await post(f.agents.alice, rdv.id, {
			startsAt: paris('2027-03-26', '11:00').toISOString(),
			durationMinutes: 30,
			version: 0
		});
		expect(res.status).toBe(409);
		expect(res.body).toMatchObject({ error: { code: 'conflict', message: expect.stringMatching(/plus disponible/) } });
		expect(await getRdv(rdv.id)).toMatchObject({ startsAt: paris('2027-03-26', '09:00').toISOString(), version: 0 });
	});

	it('refuses a move over a newer change, naming the agent who made it', async () => {
		const rdv = await book('2027-03-30', '09:00');
		// Bob (same service) moved it first.
		const first = await moveRdv(
			rdv.id,
			{ startsAt: paris('2027-03-30', '10:00'), expectedVersion: 0 },
			{ kind: 'agent', agent: f.agents.bob },
			NOW
		);
		expect(first.ok).toBe(true);
		const res = await post(f.agents.alice, rdv.id, {
			startsAt: paris('2027-03-31', '09:00').toISOString(),
			durationMinutes: 30,
			version: 0
		});
		expect(res.status).toBe(409);
		expect(res.body).toMatchObject({
			error: {
				code: 'conflict',
				message: expect.stringContaining('Bob Durand'),
				details: { changedBy: { version: 1, agentName: 'Bob Durand' } }
			}
		});
		expect((await getRdv(rdv.id))?.startsAt).toBe(paris('2027-03-30', '10:00').toISOString());
	});

	it('answers already_cancelled for a cancelled RDV', async () => {
		const rdv = await book('2027-03-31', '11:00');
		expect((await cancelRdv(rdv.id, asAlice, 'excused')).ok).toBe(true);
		const res = await post(f.agents.alice, rdv.id, {
			startsAt: paris('2027-04-01', '11:00').toISOString(),
			durationMinutes: 30,
			version: 1
		});
		expect(res.status).toBe(409);
		expect(res.body).toMatchObject({ error: { code: 'already_cancelled' } });
	});

	it('answers 404 to who may not see the RDV, or through another organisation, and 403 outside the organisation', async () => {
		const rdv = await book('2027-04-01', '09:00');
		const body = { startsAt: paris('2027-04-02', '09:00').toISOString(), durationMinutes: 30, version: 0 };
		// Carla (Service social) may not see a PMI RDV: answered like an unknown one.
		const hidden = await post(f.agents.carla, rdv.id, body);
		expect(hidden.status).toBe(404);
		const unknown = await post(f.agents.carla, new Types.ObjectId().toHexString(), body);
		expect(unknown).toMatchObject({ status: 404, body: hidden.body });
		// Alice works in Lens too, but this RDV is Arras's.
		expect((await post(f.agents.alice, rdv.id, body, f.lens)).status).toBe(404);
		// Dora is a member of Lens only.
		const outside = await post(dora, rdv.id, body);
		expect(outside.status).toBe(403);
		expect(outside.body).toMatchObject({ error: { code: 'forbidden' } });
		const anonymous = await callEndpoint(move, {
			method: 'POST',
			path: `/agents/org/${f.arras}/agenda/rdvs/${rdv.id}/deplacer`,
			params: { orgId: f.arras, rdvId: rdv.id },
			agent: null,
			body
		});
		expect(anonymous.status).toBe(401);
		expect(await getRdv(rdv.id)).toMatchObject({ startsAt: paris('2027-04-01', '09:00').toISOString(), version: 0 });
	});

	it('answers bad input with precise JSON errors', async () => {
		const rdv = await book('2027-04-02', '10:00');
		const missing = await post(f.agents.alice, rdv.id, { startsAt: 'demain' });
		expect(missing.status).toBe(422);
		expect(missing.body).toMatchObject({
			error: {
				code: 'validation_failed',
				details: {
					startsAt: [expect.stringContaining('ISO 8601')],
					durationMinutes: [expect.any(String)],
					version: [expect.any(String)]
				}
			}
		});
		const offGrain = await post(f.agents.alice, rdv.id, {
			startsAt: paris('2027-04-02', '10:07').toISOString(),
			durationMinutes: 30,
			version: 0
		});
		expect(offGrain.status).toBe(422);
		expect(offGrain.body).toMatchObject({
			error: { code: 'validation_failed', details: { startsAt: expect.stringContaining('5 minutes') } }
		});
		const notJson = await post(f.agents.alice, rdv.id, '{oops');
		expect(notJson.status).toBe(400);
		expect(notJson.body).toMatchObject({ error: { code: 'invalid_json' } });
	});
});
