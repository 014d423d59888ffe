/**
 * The RDV creation wizard (rdvs/nouveau) against the real database: opened from the agenda without a motif, each
 * section's checks, participants created inline with their relatives, several agents, per-participant
 * notification choices stored, warnings confirmed, an exact duplicate refused.
 */
import { isActionFailure } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/domain/local-time.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { Rdv, Usager } from '../../src/lib/server/db/models/index.ts';
import { actions, load } from '../../src/routes/agents/org/[orgId]/rdvs/nouveau/+page.server.ts';
import { runEvent as run } from '../helpers/route-outcome.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	FIRST_MONDAY,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;

beforeAll(async () => {
	f = await createSchedulingFixture();
});

const path = () => `/agents/org/${f.arras}/rdvs/nouveau`;

interface WizardData {
	mode: string;
	motifs: { value: string; label: string }[];
	asked: { day: string; time: string; durationMinutes: number | null; agents: string[] } | null;
	query: [string, string][];
	values: Record<string, string>;
	agentIds: string[];
	agents: { id: string }[];
	chosen: { id: string }[];
	relatives: { id: string; of: string }[];
	selected: string[];
	notifications: Record<string, { lifecycle: boolean; reminder: boolean }>;
}

const open = async (query: string, agent: SessionAgent = f.agents.alice) =>
	(await run(load, { path: `${path()}?${query}`, params: { orgId: f.arras }, agent })) as {
		data?: WizardData;
		status?: number;
	};

function form(fields: Record<string, string | string[]>) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
	return body;
}

const post = (fields: Record<string, string | string[]>, agent: SessionAgent = f.agents.alice) =>
	run(actions.default, { method: 'POST', path: path(), params: { orgId: f.arras }, agent, body: form(fields) });

/** A failure's data (status and fields), or throws with what came instead. */
function failure(outcome: { data?: unknown }) {
	const value = outcome.data as unknown;
	if (!isActionFailure(value)) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
	return value as unknown as { status: number; data: Record<string, unknown> & { errors: Record<string, string> } };
}

/** An RDV's fields as the wizard posts them (Tuesday of the first week, in Alice's plage). */
const rdvFields = (overrides: Record<string, string | string[]> = {}) => ({
	motif: f.motif,
	retour: '',
	jour: addDays(FIRST_MONDAY, 1),
	heure: '09:00',
	duree: '30',
	lieu: f.lieu,
	agent: [f.alice],
	...overrides
});

describe('opened from the agenda', () => {
	it('asks for the motif first, keeping the selected range and agent for the next step', async () => {
		const start = paris(addDays(FIRST_MONDAY, 2), '10:15').toISOString();
		const query = new URLSearchParams({ debut: start, duree: '45', agent: f.alice });
		const { data } = await open(String(query));
		expect(data?.mode).toBe('motif');
		expect(data?.motifs.map((m) => m.value)).toContain(f.motif);
		expect(data?.asked).toEqual({
			day: addDays(FIRST_MONDAY, 2),
			time: '10:15',
			durationMinutes: 45,
			agents: ['Alice Martin']
		});
		// The motif form (GET) carries the range: choosing the motif opens the next sections with it.
		expect(data?.query).toEqual([...query]);

		query.set('motif', f.motif);
		const next = await open(String(query));
		expect(next.data?.mode).toBe('rdv');
		expect(next.data?.values).toMatchObject({ jour: addDays(FIRST_MONDAY, 2), heure: '10:15', duree: '45' });
		expect(next.data?.agentIds).toEqual([f.alice]);
	});

	it('answers 404 for an unknown motif and 400 for an impossible start', async () => {
		expect((await open(`motif=${'0'.repeat(24)}`)).status).toBe(404);
		expect((await open(`motif=${f.lensMotif}`)).status).toBe(404);
		expect((await open(`debut=demain`)).status).toBe(400);
	});

	it('offers only the agents whose agenda the agent may fill (several, across the services it sees)', async () => {
		const { data } = await open(`motif=${f.motif}`);
		const ids = data?.agents.map((a) => a.id);
		expect(ids).toEqual(expect.arrayContaining([f.alice, f.bob]));
		expect(ids).not.toContain(f.carla);
		// Without an agent asked for, the agent herself.
		expect(data?.agentIds).toEqual([f.alice]);
	});
});

describe('each section’s checks', () => {
	it('says what is wrong next to each field, in one answer, keeping every value', async () => {
		const fields = rdvFields({ jour: '', heure: '9h', duree: '7', agent: [], context: 'À garder' });
		const refused = failure(await post(fields));
		expect(refused.status).toBe(400);
		expect(refused.data.errors).toEqual({
			jour: 'Choisissez le jour.',
			heure: 'Indiquez l’heure de début (HH:MM).',
			duree: 'Durée invalide : de 5 à 1440 minutes, par pas de 5 minutes.',
			agent: 'Choisissez au moins un agent.'
		});
		expect(refused.data.values).toMatchObject({ context: 'À garder', duree: '7', heure: '9h' });
	});

	it('asks for a participant, and for a lieu on an on-site motif', async () => {
		expect(failure(await post(rdvFields())).data.errors).toEqual({ usager: 'Choisissez un usager ou créez-en un.' });
		const noLieu = failure(await post(rdvFields({ lieu: '', usager: f.usager })));
		expect(noLieu.data.errors).toEqual({ lieu: 'Choisissez le lieu du RDV.' });
	});
});

describe('participants', () => {
	it('creates an usager inline and ticks them, then a relative of theirs; duplicates are confirmed first', async () => {
		const lastName = 'Wizard';
		const added = await post(
			rdvFields({ usager: 'nouveau', firstName: 'Inès', lastName, phone: '06 12 12 12 12', intent: 'ajouter-usager' })
		);
		const state = added.data as unknown as WizardData & { added: string };
		expect(state.added).toBe('Inès Wizard');
		const ines = await Usager.findOne({ lastName, firstName: 'Inès' }).lean();
		expect(state.selected).toEqual([String(ines?._id)]);
		// The creation fields are emptied for the next one; the rest is kept.
		expect(state.values).toMatchObject({ firstName: '', lastName: '', phone: '', duree: '30' });

		// Her daughter, created as her relative.
		const inesId = String(ines?._id);
		const relative = await post(
			rdvFields({
				usager: [inesId, 'nouveau'],
				firstName: 'Léa',
				lastName,
				responsable: inesId,
				intent: 'ajouter-usager'
			})
		);
		const lea = await Usager.findOne({ lastName, firstName: 'Léa' }).lean();
		expect(String(lea?.responsibleId)).toBe(inesId);
		expect((relative.data as unknown as WizardData).selected).toEqual([inesId, String(lea?._id)]);

		// Choosing Inès again later offers her relative.
		const { data } = await open(`motif=${f.motif}&usager=${inesId}`);
		expect(data?.relatives).toEqual([expect.objectContaining({ id: String(lea?._id), of: 'Inès Wizard' })]);

		// Someone with Inès's phone number: a possible duplicate, created only once confirmed.
		const twin = rdvFields({
			usager: 'nouveau',
			firstName: 'Inez',
			lastName: 'Autre',
			phone: '0612121212',
			intent: 'ajouter-usager'
		});
		const warned = failure(await post(twin));
		expect(warned.status).toBe(409);
		expect(warned.data.duplicates).toEqual([expect.objectContaining({ id: inesId })]);
		expect(warned.data.selected).toEqual(['nouveau']);
		expect(await Usager.countDocuments({ firstName: 'Inez' })).toBe(0);
		await post({ ...twin, allowDuplicates: 'on' });
		expect(await Usager.countDocuments({ firstName: 'Inez' })).toBe(1);
	});

	it('refuses a relative of a relative, next to the field', async () => {
		const parent = await createFixtureUsager(f, { firstName: 'Parent' });
		const child = await Usager.create({
			firstName: 'Enfant',
			lastName: 'Usager',
			responsibleId: parent,
			profiles: [{ organisationId: f.arras }]
		});
		const refused = failure(
			await post(
				rdvFields({
					usager: 'nouveau',
					firstName: 'Petit',
					lastName: 'Enfant',
					responsable: String(child._id),
					intent: 'ajouter-usager'
				})
			)
		);
		expect(refused.status).toBe(400);
		expect(refused.data.errors.responsable).toMatch(/lui-même un proche/);
	});
});

describe('creating the RDV', () => {
	it('books two participants with several agents and each one’s notification choices, then opens the RDV', async () => {
		const first = await createFixtureUsager(f, { firstName: 'Première' });
		const second = await createFixtureUsager(f, { firstName: 'Seconde' });
		const created = await post(
			rdvFields({
				jour: addDays(FIRST_MONDAY, 3),
				heure: '10:00',
				agent: [f.alice, f.bob],
				usager: [first, second],
				// First: both boxes shown, the reminder unticked. Second: both ticked.
				[`notif-${first}`]: ['false', 'true'],
				[`rappel-${first}`]: 'false',
				[`notif-${second}`]: ['false', 'true'],
				[`rappel-${second}`]: ['false', 'true'],
				context: 'Avec sa sœur'
			})
		);
		const rdv = await Rdv.findOne({ usagerIds: first, startsAt: paris(addDays(FIRST_MONDAY, 3), '10:00') }).lean();
		expect(created.redirect).toBe(`/agents/org/${f.arras}/rdvs/${String(rdv?._id)}`);
		expect(rdv?.agentIds.map(String)).toEqual([f.alice, f.bob]);
		expect(rdv?.context).toBe('Avec sa sœur');
		expect(
			rdv?.participants.map((p) => [String(p.usagerId), p.sendLifecycleNotifications, p.sendReminderNotification])
		).toEqual([
			[first, true, false],
			[second, true, true]
		]);
	});

	it('refuses an agent whose agenda the agent may not fill', async () => {
		const refused = failure(await post(rdvFields({ heure: '11:00', agent: [f.carla], usager: f.usager })));
		expect(refused.status).toBe(403);
		expect(refused.data.message).toBe('Vous ne pouvez pas modifier l’agenda d’un des agents choisis.');
	});

	it('lists the warnings to confirm, creates once confirmed, and refuses an exact duplicate even confirmed', async () => {
		const usager = await createFixtureUsager(f, { firstName: 'Confirmée' });
		const day = addDays(FIRST_MONDAY, 4);
		const firstRdv = await post(rdvFields({ jour: day, heure: '09:00', usager }));
		expect(firstRdv.redirect).toMatch(/\/rdvs\/[0-9a-f]{24}$/);

		// The same usager, same motif, same day: a warning, and the usager stays ticked.
		const later = rdvFields({ jour: day, heure: '11:00', usager });
		const asked = failure(await post(later));
		expect(asked.status).toBe(409);
		expect(asked.data.warnings).toEqual(['L’usager a déjà un RDV pour ce motif le même jour (à 9h00).']);
		expect(asked.data.selected).toEqual([usager]);
		expect((await post({ ...later, confirm: 'on' })).redirect).toMatch(/\/rdvs\/[0-9a-f]{24}$/);

		const same = failure(await post({ ...rdvFields({ jour: day, heure: '09:00', usager }), confirm: 'on' }));
		expect(same.status).toBe(409);
		expect(same.data.message).toBe('Ce RDV existe déjà : même usager, même motif, même heure.');
		expect(await Rdv.countDocuments({ usagerIds: usager })).toBe(2);
	});

	it('ticks the usager created by a refused booking, so the next attempt does not create them again', async () => {
		const day = addDays(FIRST_MONDAY, 8);
		const booked = await post(rdvFields({ jour: day, heure: '09:30', usager: await createFixtureUsager(f) }));
		expect(booked.redirect).toBeDefined();
		// Same agent, same time: the overlap must be confirmed; the new usager exists once, ticked.
		const refused = failure(
			await post(
				rdvFields({ jour: day, heure: '09:30', usager: 'nouveau', firstName: 'Nouvelle', lastName: 'Tentative' })
			)
		);
		expect(refused.status).toBe(409);
		const created = await Usager.find({ lastName: 'Tentative' }).lean();
		expect(created).toHaveLength(1);
		expect(refused.data.selected).toEqual([String(created[0]._id)]);
	});
});
