/**
 * The RDV page (agents/org/[orgId]/rdvs/[rdvId]) on the real database: what it shows, its status and cancel
 * actions with the history they leave, a stale form refused with the other agent's name, who may open it, and
 * the agenda events that link to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toAgendaEvent } from '../../src/lib/agenda-events.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { RdvClaim } from '../../src/lib/server/db/models/index.ts';
import { listAgendaRdvs } from '../../src/lib/server/services/agenda.ts';
import { bookRdv, changeRdvStatus } from '../../src/lib/server/services/booking/index.ts';
import { actions, load } from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/+page.server.ts';
import { runRoute } from '../helpers/route-outcome.ts';
import { createSchedulingFixture, paris, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;

/** An RDV that has started (so it can be marked « Honoré »), booked by Alice for the fixture's usager. */
async function pastRdv(time: string) {
	const result = await bookRdv(
		{
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris('2026-11-16', time),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [f.usager],
			context: 'Premier contact',
			confirm: true
		},
		{ kind: 'agent', agent: f.agents.alice }
	);
	if (!result.ok) throw new Error(result.message);
	return result.rdv;
}

const route = (rdvId: string, action?: string) => ({
	path: `/agents/org/${f.arras}/rdvs/${rdvId}${action ? `?/${action}` : ''}`,
	params: { orgId: f.arras, rdvId }
});

beforeAll(async () => {
	f = await createSchedulingFixture();
});

describe('RDV page', () => {
	it('shows every field, the participants and who created it', async () => {
		const rdv = await pastRdv('09:00');
		const outcome = await runRoute(load, { ...route(rdv.id), agent: f.agents.bob });
		expect(outcome).toMatchObject({
			data: {
				rdv: { id: rdv.id, status: 'unknown', durationMinutes: 30, context: 'Premier contact', version: 0 },
				motif: { name: expect.any(String) },
				lieu: { name: expect.any(String), address: expect.any(String) },
				agents: [{ id: f.alice, name: 'Alice Martin' }],
				participants: [{ usagerId: f.usager, status: 'unknown', sendLifecycleNotifications: true }],
				createdBy: 'Alice Martin (agent)',
				history: [{ version: 0, by: 'Alice Martin (agent)', summary: 'Création du RDV' }],
				allowedStatuses: ['unknown', 'seen', 'excused', 'revoked', 'noshow']
			}
		});
	});

	it('marks it « Honoré » and the history says who did it and what', async () => {
		const rdv = await pastRdv('10:00');
		const done = await runRoute(actions.status, {
			...route(rdv.id, 'status'),
			agent: f.agents.bob,
			form: { status: 'seen', version: '0' }
		});
		expect(done).toEqual({ data: { action: 'status', done: 'Statut du RDV : « Honoré ».' } });
		const page = await runRoute(load, { ...route(rdv.id), agent: f.agents.alice });
		expect(page).toMatchObject({
			data: {
				rdv: { status: 'seen', version: 1 },
				history: [
					{ version: 1, by: 'Bob Durand', summary: 'Statut : Honoré' },
					{ version: 0, summary: 'Création du RDV' }
				]
			}
		});
	});

	it('refuses a form over a newer change with the name of the agent who made it, and offers to reload', async () => {
		const rdv = await pastRdv('11:00');
		await changeRdvStatus(rdv.id, { status: 'noshow', version: 0 }, f.agents.bob);
		const stale = await runRoute(actions.status, {
			...route(rdv.id, 'status'),
			agent: f.agents.alice,
			form: { status: 'seen', version: '0' }
		});
		expect(stale).toEqual({
			failure: {
				status: 409,
				data: {
					action: 'status',
					message:
						'Ce RDV a été modifié entre-temps par Bob Durand (Statut : Absent non excusé) : rechargez-le avant d’enregistrer.',
					stale: true
				}
			}
		});
		const early = await runRoute(actions.status, {
			...route(rdv.id, 'status'),
			agent: f.agents.alice,
			form: { status: 'bof', version: '1' }
		});
		expect(early).toMatchObject({ failure: { status: 400, data: { message: 'Choisissez un statut.' } } });
	});

	it('cancels it by the service, freeing the time, and a second cancel says it is already cancelled', async () => {
		const rdv = await pastRdv('14:00');
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(6);
		const cancelled = await runRoute(actions.cancel, {
			...route(rdv.id, 'cancel'),
			agent: f.agents.alice,
			form: { status: 'revoked', version: '0' }
		});
		expect(cancelled).toEqual({ data: { action: 'cancel', done: 'RDV annulé (annulé par le service).' } });
		expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(0);
		const again = await runRoute(actions.cancel, {
			...route(rdv.id, 'cancel'),
			agent: f.agents.alice,
			form: { status: 'revoked', version: '1' }
		});
		expect(again).toMatchObject({ failure: { status: 409, data: { message: 'Ce RDV est déjà annulé.' } } });
		const page = await runRoute(load, { ...route(rdv.id), agent: f.agents.alice });
		expect(page).toMatchObject({
			data: { rdv: { status: 'revoked' }, history: [{ summary: 'Statut : Annulé par le service' }, {}] }
		});
	});

	it('answers 403 to an agent of another service, 404 under another organisation or for an unknown id', async () => {
		const rdv = await pastRdv('15:00');
		expect(await runRoute(load, { ...route(rdv.id), agent: f.agents.carla })).toEqual({ status: 403 });
		const dora = await loadSessionAgent(f.dora);
		if (!dora) throw new Error('fixture agent missing');
		// Dora has no role in Arras: the organisation itself refuses her, like every page under it.
		expect(await runRoute(load, { ...route(rdv.id), agent: dora })).toEqual({ status: 403 });
		// Alice works in both: the RDV of Arras under Lens's path is not found there.
		expect(
			await runRoute(load, {
				path: `/agents/org/${f.lens}/rdvs/${rdv.id}`,
				params: { orgId: f.lens, rdvId: rdv.id },
				agent: f.agents.alice
			})
		).toEqual({ status: 404 });
		expect(await runRoute(load, { ...route('0123456789abcdef01234567'), agent: f.agents.alice })).toEqual({
			status: 404
		});
		expect(await runRoute(load, { ...route('nope'), agent: f.agents.alice })).toEqual({ status: 404 });
	});

	it('is where an agenda event leads', async () => {
		const rdv = await pastRdv('16:00');
		const rdvs = await listAgendaRdvs({
			organisationId: f.arras,
			agentIds: [f.alice],
			from: paris('2026-11-16', '00:00'),
			to: paris('2026-11-17', '00:00')
		});
		const event = toAgendaEvent(rdvs.find((r) => r.id === rdv.id)!);
		expect(event.url).toBe(`/agents/org/${f.arras}/rdvs/${rdv.id}`);
	});
});
