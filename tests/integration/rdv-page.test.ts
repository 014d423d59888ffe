/**
 * The RDV page (agents/org/[orgId]/rdvs/[rdvId]) on the real database: what it shows, its status and cancel
 * actions with the history they leave, a stale form refused with the other agent's name, who may open it, and
 * the agenda events that link to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toAgendaEvent } from '../../src/lib/agenda-events.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Agent, Rdv, RdvClaim, Usager } from '../../src/lib/server/db/models/index.ts';
import { listAgendaRdvs } from '../../src/lib/server/services/agenda.ts';
import { bookRdv, changeRdvStatus, editRdv } from '../../src/lib/server/services/booking/index.ts';
import { actions, load } from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/+page.server.ts';
import {
	actions as editActions,
	load as editLoad
} from '../../src/routes/agents/org/[orgId]/rdvs/[rdvId]/modifier/+page.server.ts';
import { runRoute } from '../helpers/route-outcome.ts';
import {
	createFixtureUsager,
	bookFixtureRdv,
	createSchedulingFixture,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

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
					stale: true,
					warnings: []
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

/** A future RDV of Alice for an usager of its own, booked now. */
async function futureRdv(day: string, time: string) {
	const usager = await createFixtureUsager(f);
	return { rdv: await bookFixtureRdv(f, day, time, { usagerIds: [usager] }), usager };
}

const editRoute = (rdvId: string) => ({
	path: `/agents/org/${f.arras}/rdvs/${rdvId}/modifier`,
	params: { orgId: f.arras, rdvId }
});

describe('RDV edit form (modifier)', () => {
	it('starts from the RDV as saved and answers 403 to another service', async () => {
		const { rdv } = await futureRdv('2027-04-05', '09:00');
		expect(await runRoute(editLoad, { ...editRoute(rdv.id), agent: f.agents.bob })).toMatchObject({
			data: {
				rdv: { id: rdv.id, version: 0 },
				active: true,
				initial: { jour: '2027-04-05', heure: '09:00', duree: '30', lieu: f.lieu, adresse: '', context: '' },
				agentIds: [f.alice],
				members: expect.arrayContaining([{ id: f.carla, name: 'Carla Petit' }])
			}
		});
		expect(await runRoute(editLoad, { ...editRoute(rdv.id), agent: f.agents.carla })).toEqual({ status: 403 });
	});

	it('keeps what was typed next to French field errors, then saves and goes back to the RDV', async () => {
		const { rdv } = await futureRdv('2027-04-05', '10:00');
		const typed = {
			version: '0',
			jour: '2027-02-30',
			heure: '10:07',
			duree: '22',
			lieu: f.lieu,
			adresse: '4 rue Haute',
			agent: f.alice,
			context: 'Tapé'
		};
		const refused = await runRoute(editActions.default, { ...editRoute(rdv.id), agent: f.agents.alice, form: typed });
		expect(refused).toMatchObject({
			failure: {
				status: 400,
				data: {
					values: { jour: '2027-02-30', heure: '10:07', duree: '22', context: 'Tapé' },
					errors: {
						jour: expect.any(String),
						heure: 'L’heure doit tomber sur un multiple de 5 minutes.',
						duree: 'Durée invalide : de 5 à 1440 minutes, par pas de 5 minutes.',
						adresse: 'Choisissez un lieu ou une adresse, pas les deux.'
					}
				}
			}
		});
		const saved = await runRoute(editActions.default, {
			...editRoute(rdv.id),
			agent: f.agents.alice,
			form: { ...typed, jour: '2027-04-06', heure: '11:00', duree: '45', adresse: '' }
		});
		expect(saved).toEqual({ redirect: `/agents/org/${f.arras}/rdvs/${rdv.id}?modifie=1` });
		const page = await runRoute(load, {
			path: `/agents/org/${f.arras}/rdvs/${rdv.id}?modifie=1`,
			params: { orgId: f.arras, rdvId: rdv.id },
			agent: f.agents.alice
		});
		expect(page).toMatchObject({
			data: {
				notice: 'RDV modifié.',
				rdv: { durationMinutes: 45, context: 'Tapé', version: 1 },
				history: [{ summary: 'Déplacé au 06/04/2027 à 11:00 ; durée : 45 min ; note de contexte modifiée' }, {}]
			}
		});
	});

	it('lists the warnings to confirm, and refuses a stale save naming the other agent', async () => {
		const other = await futureRdv('2027-04-07', '09:00');
		const { rdv } = await futureRdv('2027-04-07', '10:00');
		const form = {
			version: '0',
			jour: '2027-04-07',
			heure: '09:00',
			duree: '30',
			lieu: f.lieu,
			agent: f.alice,
			context: ''
		};
		const warned = await runRoute(editActions.default, { ...editRoute(rdv.id), agent: f.agents.alice, form });
		expect(warned).toMatchObject({ failure: { status: 409, data: { warnings: [expect.stringContaining('RDV')] } } });
		await editRdv(rdv.id, { context: 'Par Bob', version: 0 }, f.agents.bob);
		const stale = await runRoute(editActions.default, {
			...editRoute(rdv.id),
			agent: f.agents.alice,
			form: { ...form, confirm: 'on' }
		});
		expect(stale).toMatchObject({
			failure: {
				status: 409,
				data: {
					stale: true,
					message: expect.stringContaining('par Bob Durand (Note de contexte modifiée)'),
					values: { heure: '09:00' }
				}
			}
		});
		expect((await Rdv.findById(rdv.id).lean())?.startsAt.toISOString()).toBe(
			paris('2027-04-07', '10:00').toISOString()
		);
		expect(other.rdv.id).not.toBe(rdv.id);
	});
});

describe('RDV page participants and delete', () => {
	it('finds an usager, adds them with their notification choices, changes them and removes them', async () => {
		const named = (firstName: string) =>
			Usager.create({ firstName, lastName: 'Participante', profiles: [{ organisationId: f.arras }] });
		const [zoe, zelie] = await Promise.all([named('Zoé'), named('Zélie')]);
		const [usager, relative] = [String(zoe._id), String(zelie._id)];
		const booked = await bookRdv(
			{
				organisationId: f.arras,
				motifId: f.motif,
				startsAt: paris('2027-04-08', '09:00'),
				lieuId: f.lieu,
				agentIds: [f.alice],
				usagerIds: [usager],
				confirm: true
			},
			{ kind: 'agent', agent: f.agents.alice }
		);
		if (!booked.ok) throw new Error(booked.message);
		const rdv = booked.rdv;
		const search = await runRoute(load, {
			path: `/agents/org/${f.arras}/rdvs/${rdv.id}?q=Participante`,
			params: { orgId: f.arras, rdvId: rdv.id },
			agent: f.agents.alice
		});
		// The one already taking part is not offered again.
		expect(search).toMatchObject({ data: { search: { q: 'Participante', usagers: [{ id: relative }] } } });
		const added = await runRoute(actions.addParticipant, {
			...route(rdv.id, 'addParticipant'),
			agent: f.agents.alice,
			form: { usager: relative, version: '0', lifecycle: 'on' }
		});
		expect(added).toEqual({ redirect: `/agents/org/${f.arras}/rdvs/${rdv.id}?ajoute=1` });
		const stale = await runRoute(actions.notifications, {
			...route(rdv.id, 'notifications'),
			agent: f.agents.alice,
			form: { usager: relative, version: '0', reminder: 'on' }
		});
		expect(stale).toMatchObject({ failure: { status: 409, data: { action: 'participant', stale: true } } });
		const changed = await runRoute(actions.notifications, {
			...route(rdv.id, 'notifications'),
			agent: f.agents.alice,
			form: { usager: relative, version: '1', reminder: 'on' }
		});
		expect(changed).toEqual({ data: { action: 'participant', done: 'Notifications du participant enregistrées.' } });
		const page = await runRoute(load, { ...route(rdv.id), agent: f.agents.alice });
		expect(page).toMatchObject({
			data: {
				participants: [
					{ usagerId: usager },
					{ usagerId: relative, sendLifecycleNotifications: false, sendReminderNotification: true }
				]
			}
		});
		const removed = await runRoute(actions.removeParticipant, {
			...route(rdv.id, 'removeParticipant'),
			agent: f.agents.alice,
			form: { usager: relative, version: '2' }
		});
		expect(removed).toEqual({ data: { action: 'participant', done: 'Participant retiré.' } });
		const last = await runRoute(actions.removeParticipant, {
			...route(rdv.id, 'removeParticipant'),
			agent: f.agents.alice,
			form: { usager, version: '3' }
		});
		expect(last).toMatchObject({ failure: { status: 400, data: { message: expect.stringContaining('au moins un') } } });
	});

	it('deletes only for an organisation admin, asking first without JavaScript', async () => {
		const { rdv } = await futureRdv('2027-04-09', '09:00');
		const basic = await runRoute(actions.delete, {
			...route(rdv.id, 'delete'),
			agent: f.agents.alice,
			form: { version: '0', confirmed: '1' }
		});
		expect(basic).toMatchObject({ failure: { status: 403 } });
		expect((await runRoute(load, { ...route(rdv.id), agent: f.agents.alice })) as object).toMatchObject({
			data: { canDelete: false }
		});
		await Agent.updateOne({ _id: f.bob }, { roles: [{ organisationId: f.arras, level: 'admin' }] });
		const bob = await loadSessionAgent(f.bob);
		if (!bob) throw new Error('fixture agent missing');
		try {
			expect(await runRoute(load, { ...route(rdv.id), agent: bob })).toMatchObject({ data: { canDelete: true } });
			const asked = await runRoute(actions.delete, { ...route(rdv.id, 'delete'), agent: bob, form: { version: '0' } });
			expect(asked).toEqual({ data: { action: 'delete', confirmDelete: true } });
			expect(await Rdv.exists({ _id: rdv.id })).not.toBeNull();
			const deleted = await runRoute(actions.delete, {
				...route(rdv.id, 'delete'),
				agent: bob,
				form: { version: '0', confirmed: '1' }
			});
			expect(deleted).toEqual({ redirect: `/agents/org/${f.arras}/rdvs?supprime=1` });
			expect(await Rdv.exists({ _id: rdv.id })).toBeNull();
			expect(await RdvClaim.countDocuments({ rdvId: rdv.id })).toBe(0);
			expect(await runRoute(load, { ...route(rdv.id), agent: bob })).toEqual({ status: 404 });
		} finally {
			await Agent.updateOne({ _id: f.bob }, { roles: [{ organisationId: f.arras, level: 'basic' }] });
		}
	});
});
