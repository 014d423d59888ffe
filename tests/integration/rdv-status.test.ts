/**
 * Status changes of RDVs and of their participants (PRODUCT.md §5) through the booking service and the API:
 * the rules and their propagation, the agents' time released on cancel and taken back on reactivation (refused
 * once someone else has it), and a stale version refused with the name of the agent who made the newer change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Motif, RdvClaim, RdvRevision } from '../../src/lib/server/db/models/index.ts';
import { events } from '../../src/lib/server/events.ts';
import { bookRdv, cancelRdv, changeRdvStatus, moveRdv } from '../../src/lib/server/services/booking/index.ts';
import { POST as changeStatusRoute } from '../../src/routes/api/v1/rdvs/[rdvId]/status/+server.ts';
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

let f: SchedulingFixture;
const { call, unvalidated } = documentedApi(openApiDocument());
const tokens = { alice: '', bob: '', carla: '', dora: '' };
/** After every RDV of these tests has started. */
const LATER = new Date('2027-06-01T08:00:00Z');

const claimsOf = (rdvId: string) => RdvClaim.countDocuments({ rdvId });

const book = (day: string, time: string, usagerIds = [f.usager], agentId = f.alice) =>
	bookFixtureRdv(f, day, time, { usagerIds, agentIds: [agentId], now: NOW });

const statusCall = (rdvId: string, body: unknown, token = tokens.alice) =>
	call(changeStatusRoute, {
		method: 'POST',
		path: `/api/v1/rdvs/${rdvId}/status`,
		params: { rdvId },
		body,
		token
	});

beforeAll(async () => {
	f = await createSchedulingFixture();
	for (const name of ['alice', 'bob', 'carla', 'dora'] as const)
		tokens[name] = (await createApiToken(f[name], 'Tests statuts')).token;
});

describe('changeRdvStatus', () => {
	it('marks an RDV « Honoré » once started, never before, and its participants follow', async () => {
		const relative = await createFixtureUsager(f, { firstName: 'Enfant' });
		const rdv = await book('2027-04-05', '09:00', [f.usager, relative]);
		const early = await changeRdvStatus(rdv.id, { status: 'seen' }, f.agents.alice, NOW);
		expect(early).toMatchObject({
			ok: false,
			code: 'invalid',
			fieldErrors: { status: expect.stringMatching(/commencé/) }
		});

		const seen = rdvOf(await changeRdvStatus(rdv.id, { status: 'seen', version: 0 }, f.agents.alice, LATER));
		expect(seen.status).toBe('seen');
		expect(seen.participants.map((p) => p.status)).toEqual(['seen', 'seen']);
		expect(seen.version).toBe(1);
		const revision = await RdvRevision.findOne({ rdvId: rdv.id, version: 1 }).lean();
		expect(revision).toMatchObject({ summary: 'Statut : Honoré', change: 'update' });
		expect(String(revision?.agentId)).toBe(f.alice);
		// Honoured still holds the agent's time.
		expect(await claimsOf(rdv.id)).toBe(6);

		const same = await changeRdvStatus(rdv.id, { status: 'seen' }, f.agents.alice, LATER);
		expect(same).toMatchObject({ ok: false, code: 'conflict', message: 'Le RDV a déjà ce statut.' });
	});

	it('derives the RDV’s status from its participants: all excused → excused, and the time is released', async () => {
		const relative = await createFixtureUsager(f, { firstName: 'Parent' });
		const rdv = await book('2027-04-05', '10:00', [f.usager, relative]);
		const cancelled: string[] = [];
		const off = events.on('rdv.cancelled', (e) => void cancelled.push(e.rdvId));
		try {
			const one = rdvOf(
				await changeRdvStatus(rdv.id, { status: 'excused', participantUsagerId: relative }, f.agents.alice, NOW)
			);
			expect(one.status).toBe('unknown');
			expect(one.participants.map((p) => p.status)).toEqual(['unknown', 'excused']);
			expect(await claimsOf(rdv.id)).toBe(6);

			const both = rdvOf(
				await changeRdvStatus(rdv.id, { status: 'excused', participantUsagerId: f.usager }, f.agents.alice, NOW)
			);
			expect(both.status).toBe('excused');
			expect(both.cancelledAt).toBeDefined();
			expect(await claimsOf(rdv.id)).toBe(0);
			expect(cancelled).toEqual([rdv.id]);
			const revision = await RdvRevision.findOne({ rdvId: rdv.id, version: 2 }).lean();
			expect(revision).toMatchObject({
				change: 'cancel',
				summary: 'Statut d’un participant : Annulé par l’usager ; Statut : Annulé par l’usager'
			});
		} finally {
			off();
		}
		// A participant the RDV does not have is refused by field.
		const stranger = await createFixtureUsager(f);
		expect(
			await changeRdvStatus(rdv.id, { status: 'seen', participantUsagerId: stranger }, f.agents.alice, LATER)
		).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { participantUsagerId: expect.any(String) } });
	});

	it('takes the time back when a cancelled RDV becomes active again, and refuses when it was taken meanwhile', async () => {
		const rdv = await book('2027-04-06', '09:00');
		rdvOf(await changeRdvStatus(rdv.id, { status: 'revoked' }, f.agents.alice, NOW));
		expect(await claimsOf(rdv.id)).toBe(0);
		const back = rdvOf(await changeRdvStatus(rdv.id, { status: 'unknown' }, f.agents.alice, NOW));
		expect(back).toMatchObject({ status: 'unknown', participants: [{ status: 'unknown' }] });
		expect(back.cancelledAt).toBeUndefined();
		expect(await claimsOf(rdv.id)).toBe(6);

		rdvOf(await changeRdvStatus(rdv.id, { status: 'revoked' }, f.agents.alice, NOW));
		const other = await book('2027-04-06', '09:15', [await createFixtureUsager(f)]);
		const refused = await changeRdvStatus(rdv.id, { status: 'unknown' }, f.agents.alice, NOW);
		expect(refused).toMatchObject({
			ok: false,
			code: 'conflict',
			message: expect.stringMatching(/pris par un autre RDV/)
		});
		// Nothing half-done: still revoked, no claim kept, the other RDV's claims untouched.
		expect(await claimsOf(rdv.id)).toBe(0);
		expect(await claimsOf(other.id)).toBe(6);
		const again = await changeRdvStatus(rdv.id, { status: 'revoked' }, f.agents.alice, NOW);
		expect(again).toMatchObject({ ok: false, code: 'conflict', message: 'Le RDV a déjà ce statut.' });
	});

	it('refuses a stale version with the name of the agent who made the newer change, and what it was', async () => {
		const rdv = await book('2027-04-07', '09:00');
		rdvOf(await changeRdvStatus(rdv.id, { status: 'seen', version: 0 }, f.agents.bob, LATER));
		const stale = await changeRdvStatus(rdv.id, { status: 'noshow', version: 0 }, f.agents.alice, LATER);
		expect(stale).toMatchObject({
			ok: false,
			code: 'conflict',
			message: expect.stringMatching(/par Bob Durand \(Statut : Honoré\)/),
			changedBy: { version: 1, agentId: f.bob, agentName: 'Bob Durand', summary: 'Statut : Honoré' }
		});
		// The sibling writes name the agent the same way.
		expect(
			await moveRdv(
				rdv.id,
				{ startsAt: paris('2027-04-07', '11:00'), expectedVersion: 0 },
				{ kind: 'agent', agent: f.agents.alice },
				NOW
			)
		).toMatchObject({
			ok: false,
			changedBy: { agentName: 'Bob Durand' }
		});
		expect(
			await cancelRdv(rdv.id, { kind: 'agent', agent: f.agents.alice }, 'revoked', { expectedVersion: 0 })
		).toMatchObject({
			ok: false,
			changedBy: { agentName: 'Bob Durand' }
		});
	});

	it('leaves a short summary on every revision: moves and joins too, never an usager’s name', async () => {
		const rdv = await book('2027-04-07', '14:00');
		const alice = { kind: 'agent' as const, agent: f.agents.alice };
		rdvOf(await moveRdv(rdv.id, { startsAt: paris('2027-04-08', '15:30'), expectedVersion: 0 }, alice, NOW));
		rdvOf(await cancelRdv(rdv.id, alice, 'excused', { expectedVersion: 1 }));
		const revisions = await RdvRevision.find({ rdvId: rdv.id }).sort({ version: 1 }).lean();
		expect(revisions.map((r) => [r.version, r.change, r.summary])).toEqual([
			[1, 'update', 'Déplacé au 08/04/2027 à 15:30'],
			[2, 'cancel', 'Statut : Annulé par l’usager']
		]);
	});

	it('lets exactly one of concurrent changes from the same version through', async () => {
		const rdv = await book('2027-04-08', '09:00');
		const results = await Promise.all(
			(['seen', 'noshow', 'revoked', 'excused'] as const).map((status) =>
				changeRdvStatus(rdv.id, { status, version: 0 }, f.agents.alice, LATER)
			)
		);
		const won = results.filter((r) => r.ok);
		expect(won).toHaveLength(1);
		for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ code: 'conflict' });
		expect(await claimsOf(rdv.id)).toBe(['revoked', 'excused'].includes(rdvOf(won[0]).status) ? 0 : 6);
	});

	it('keeps collective sessions to unknown, seen and revoked; revoking spares those who excused themselves', async () => {
		const motif = await Motif.create({
			organisationId: f.arras,
			serviceId: f.pmi,
			name: 'Atelier statuts',
			durationMinutes: 60,
			locationType: 'public_office',
			collective: true
		});
		const session = rdvOf(
			await bookRdv(
				{
					organisationId: f.arras,
					motifId: String(motif._id),
					startsAt: paris('2027-04-09', '14:00'),
					lieuId: f.lieu,
					agentIds: [f.alice],
					maxParticipants: 5
				},
				{ kind: 'agent', agent: f.agents.alice },
				NOW
			)
		);
		const [u1, u2] = [await createFixtureUsager(f), await createFixtureUsager(f)];
		rdvOf(
			await bookRdv(
				{
					organisationId: f.arras,
					motifId: String(motif._id),
					startsAt: paris('2027-04-09', '14:00'),
					usagerIds: [u1, u2],
					sessionId: session.id
				},
				{ kind: 'agent', agent: f.agents.alice },
				NOW
			)
		);
		const joined = await RdvRevision.findOne({ rdvId: session.id, version: 1 }).lean();
		expect(joined?.summary).toBe('2 participants ajoutés');
		expect(await changeRdvStatus(session.id, { status: 'noshow' }, f.agents.alice, LATER)).toMatchObject({
			ok: false,
			code: 'invalid'
		});
		rdvOf(await changeRdvStatus(session.id, { status: 'excused', participantUsagerId: u1 }, f.agents.alice, NOW));
		const revoked = rdvOf(await changeRdvStatus(session.id, { status: 'revoked' }, f.agents.alice, NOW));
		expect(revoked.participants.map((p) => p.status)).toEqual(['excused', 'revoked']);
		const seen = rdvOf(await changeRdvStatus(session.id, { status: 'seen' }, f.agents.alice, LATER));
		expect(seen.participants.map((p) => p.status)).toEqual(['excused', 'seen']);
		// One participant absent: the session read from its participants is back « à renseigner ».
		const absent = rdvOf(
			await changeRdvStatus(session.id, { status: 'noshow', participantUsagerId: u2 }, f.agents.alice, LATER)
		);
		expect(absent.status).toBe('unknown');
	});

	it('answers another service’s agent like for an unknown RDV, and changes nothing', async () => {
		const rdv = await book('2027-04-12', '09:00');
		expect(await changeRdvStatus(rdv.id, { status: 'revoked' }, f.agents.carla, NOW)).toEqual({
			ok: false,
			code: 'not_found',
			message: 'RDV introuvable.'
		});
		expect(await claimsOf(rdv.id)).toBe(6);
	});
});

describe('POST /api/v1/rdvs/{rdvId}/status', () => {
	it('changes the status, and answers 409 with details.changedBy on a stale version', async () => {
		const rdv = await book('2027-04-13', '09:00');
		const first = await statusCall(rdv.id, { status: 'excused', version: 0 }, tokens.bob);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ status: 'excused', version: 1, participants: [{ status: 'excused' }] });
		expect(await claimsOf(rdv.id)).toBe(0);

		const stale = await statusCall(rdv.id, { status: 'revoked', version: 0 });
		expect(stale.status).toBe(409);
		expect(stale.body).toMatchObject({
			error: {
				code: 'conflict',
				message: expect.stringMatching(/Bob Durand/),
				details: {
					changedBy: { version: 1, agentId: f.bob, agentName: 'Bob Durand', summary: 'Statut : Annulé par l’usager' }
				}
			}
		});
	});

	it('answers 422 on a bad body, 404 out of the organisation and for another service', async () => {
		const rdv = await book('2027-04-14', '09:00');
		expect((await statusCall(rdv.id, { status: 'honoré' })).status).toBe(422);
		expect((await statusCall(rdv.id, { status: 'revoked', extra: 1 })).status).toBe(422);
		const foreign = await statusCall(rdv.id, { status: 'revoked' }, tokens.dora);
		expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		const otherService = await statusCall(rdv.id, { status: 'revoked' }, tokens.carla);
		expect(otherService).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		// « seen » before the start: 422 with the field.
		const early = await statusCall(rdv.id, { status: 'seen' });
		expect(early.status).toBe(422);
	});
});

describe('coverage of the document', () => {
	// Runs last: the status endpoint's success response was validated against the document above.
	it('validated a success response of POST /rdvs/{rdvId}/status', () => {
		const own = apiEndpoints().filter((e) => e.path === '/api/v1/rdvs/{rdvId}/status');
		expect(own).toHaveLength(1);
		expect(unvalidated(own)).toEqual([]);
	});
});
