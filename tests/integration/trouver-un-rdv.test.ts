/**
 * Trouver un RDV and the simple creation form, through their real loads and actions: the grid shows what the
 * créneaux service finds, permissions hold whatever the URL says, and booking the same slot twice is refused.
 * A collective motif shows its sessions (full ones disabled); the form adds usagers to one or creates one.
 */
import { isActionFailure } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/domain/local-time.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { Motif, Rdv } from '../../src/lib/server/db/models/index.ts';
import { bookRdv } from '../../src/lib/server/services/booking/index.ts';
import { searchCreneaux } from '../../src/lib/server/services/creneaux.ts';
import { load as searchLoad } from '../../src/routes/agents/org/[orgId]/trouver-un-rdv/+page.server.ts';
import { actions, load as newRdvLoad } from '../../src/routes/agents/org/[orgId]/rdvs/nouveau/+page.server.ts';
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

interface SearchData {
	motif: { id: string } | null;
	options: { services: { motifs: { id: string }[] }[] };
	results: {
		cards: { lieux: { lieu?: { id: string }; next: { day: string; time: string } | null }[] };
		grid: {
			lieuId: string;
			days: { day: string; holiday?: string; slots: { agentId: string; startsAt: string }[] }[];
		} | null;
		sessions: {
			days: { day: string; sessions: { rdvId: string; time: string; seatsLeft: number | null; full: boolean }[] }[];
			next: { rdvId: string; day: string } | null;
		} | null;
		wider: {
			results: { organisation: { id: string }; canBook: boolean; contact: Record<string, unknown> }[];
		} | null;
	} | null;
}

const search = (agent: SessionAgent, orgId: string, query: string) =>
	run(searchLoad, { path: `/agents/org/${orgId}/trouver-un-rdv?${query}`, params: { orgId }, agent }) as Promise<{
		data?: SearchData;
		status?: number;
	}>;

describe('Trouver un RDV page', () => {
	it('shows the lieu card and a 7-day grid equal to the créneaux service', async () => {
		const { data } = await search(f.agents.alice, f.arras, `motif=${f.motif}&date=${FIRST_MONDAY}&grille=${f.lieu}`);
		expect(data?.results?.cards.lieux).toEqual([
			{
				lieu: expect.objectContaining({ id: f.lieu }),
				next: expect.objectContaining({ day: FIRST_MONDAY, time: '09:00' })
			}
		]);
		const grid = data?.results?.grid;
		expect(grid?.lieuId).toBe(f.lieu);
		expect(grid?.days.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => addDays(FIRST_MONDAY, i)));

		const expected = await searchCreneaux({
			organisationId: f.arras,
			motifId: f.motif,
			from: FIRST_MONDAY,
			to: addDays(FIRST_MONDAY, 7),
			lieuIds: [f.lieu],
			audience: 'agent',
			viewer: f.agents.alice
		});
		const shown = grid?.days.flatMap((d) => d.slots.map((s) => `${d.day} ${s.startsAt} ${s.agentId}`)) ?? [];
		expect(shown).toEqual(expected?.slots.map((s) => `${s.day} ${s.startsAt} ${s.agentId}`));
		// Six 30-minute slots each weekday morning, none on Saturday and Sunday.
		expect(grid?.days.map((d) => d.slots.length)).toEqual([6, 6, 6, 6, 6, 0, 0]);
	});

	it('shows a single lieu’s grid without asking, and keeps the state from the query', async () => {
		const { data } = await search(f.agents.alice, f.arras, `motif=${f.motif}&date=${addDays(FIRST_MONDAY, 7)}`);
		expect(data?.results?.grid?.lieuId).toBe(f.lieu);
		expect(data?.results?.grid?.days[0].day).toBe(addDays(FIRST_MONDAY, 7));
		// Easter Monday 2027-03-29 is a holiday: no slot that day, and its column says why.
		expect(data?.results?.grid?.days[0].slots).toEqual([]);
		expect(data?.results?.grid?.days.map((d) => d.holiday)).toEqual(['Lundi de Pâques', ...Array(6).fill(undefined)]);
	});

	it('offers only the motifs of the agent’s services, and ignores a motif it may not use', async () => {
		const { data } = await search(f.agents.carla, f.arras, `motif=${f.motif}&date=${FIRST_MONDAY}`);
		expect(data?.options.services.flatMap((s) => s.motifs.map((m) => m.id))).not.toContain(f.motif);
		expect(data?.motif).toBeNull();
		expect(data?.results).toBeNull();
	});

	it('refuses another organisation to a basic agent who has no role there', async () => {
		expect((await search(f.agents.bob, f.lens, `motif=${f.lensMotif}&date=${FIRST_MONDAY}`)).status).toBe(403);
	});

	it('widens the search to the territory, booking only where the agent has access', async () => {
		const asBob = await search(f.agents.bob, f.arras, `motif=${f.motif}&date=${FIRST_MONDAY}&elargir=1`);
		expect(asBob.data?.results?.wider?.results).toEqual([
			expect.objectContaining({ organisation: expect.objectContaining({ id: f.lens }), canBook: false })
		]);
		const asAlice = await search(f.agents.alice, f.arras, `motif=${f.motif}&date=${FIRST_MONDAY}&elargir=1`);
		expect(asAlice.data?.results?.wider?.results[0].canBook).toBe(true);
	});
});

describe('simple creation form', () => {
	const slotStart = () => paris(addDays(FIRST_MONDAY, 1), '10:00').toISOString();
	const path = () => `/agents/org/${f.arras}/rdvs/nouveau`;

	function formFor(usager: Record<string, string>) {
		const body = new FormData();
		body.set('motif', f.motif);
		body.set('debut', slotStart());
		body.set('duree', '30');
		body.set('lieu', f.lieu);
		body.set('agent', f.alice);
		body.set('retour', `motif=${f.motif}&date=${FIRST_MONDAY}`);
		for (const [k, v] of Object.entries(usager)) body.set(k, v);
		return body;
	}

	const post = (body: FormData, agent: SessionAgent = f.agents.alice) =>
		run(actions.default, { method: 'POST', path: path(), params: { orgId: f.arras }, agent, body });

	it('loads the slot and finds usagers by name', async () => {
		const query = new URLSearchParams({
			motif: f.motif,
			debut: slotStart(),
			fin: slotStart(),
			agent: f.alice,
			lieu: f.lieu,
			q: 'usager'
		});
		const { data } = (await run(newRdvLoad, {
			path: `${path()}?${query}`,
			params: { orgId: f.arras },
			agent: f.agents.alice
		})) as {
			data?: { mode: string; values: Record<string, string>; usagers: { id: string }[]; agentIds: string[] };
		};
		// The wizard opens on the slot: its day, time, lieu and agent are the fields' starting values.
		expect(data?.mode).toBe('rdv');
		expect(data?.values).toMatchObject({ jour: addDays(FIRST_MONDAY, 1), heure: '10:00', lieu: f.lieu });
		expect(data?.usagers.map((u) => u.id)).toEqual([f.usager]);
		expect(data?.agentIds).toEqual([f.alice]);
		// fin = debut is no duration: the motif's applies.
		expect(data?.values.duree).toBe('30');
	});

	it('books, redirects to the agent’s agenda that day, then refuses the same slot', async () => {
		const first = await post(formFor({ usager: f.usager, context: 'Premier contact' }));
		expect(first.redirect).toBe(
			`/agents/org/${f.arras}/agenda?agent=${f.alice}&date=${addDays(FIRST_MONDAY, 1)}&rdv=cree`
		);
		const booked = await Rdv.find({ agentIds: f.alice, startsAt: new Date(slotStart()) }).lean();
		expect(booked).toHaveLength(1);
		expect(booked[0].context).toBe('Premier contact');

		// Another usager on the same slot: for whoever clicked a free slot, it is taken.
		const second = await post(formFor({ usager: await createFixtureUsager(f) }));
		const failure = second.data as unknown;
		expect(isActionFailure(failure)).toBe(true);
		expect(failure).toMatchObject({ status: 409, data: { slotTaken: true } });
		expect(await Rdv.countDocuments({ agentIds: f.alice, startsAt: new Date(slotStart()) })).toBe(1);
	});

	it('refuses the same RDV for the same usager as a duplicate, not as a taken slot, even confirmed', async () => {
		const body = formFor({ usager: f.usager, confirm: 'on' });
		const duplicate = (await post(body)).data as unknown;
		expect(duplicate).toMatchObject({
			status: 409,
			data: { slotTaken: false, message: 'Ce RDV existe déjà : même usager, même motif, même heure.' }
		});
		expect(await Rdv.countDocuments({ usagerIds: f.usager, startsAt: new Date(slotStart()) })).toBe(1);
	});

	it('asks to confirm the same motif the same day with the confirm box', async () => {
		const body = formFor({ usager: f.usager });
		body.set('debut', paris(addDays(FIRST_MONDAY, 1), '11:00').toISOString());
		const asked = (await post(body)).data as unknown;
		expect(asked).toMatchObject({
			status: 409,
			data: { slotTaken: false, warnings: ['L’usager a déjà un RDV pour ce motif le même jour (à 10h00).'] }
		});
		body.set('confirm', 'on');
		expect((await post(body)).redirect).toContain(`date=${addDays(FIRST_MONDAY, 1)}`);
	});

	it('creates the usager inline, with French field errors first', async () => {
		const invalid = (await post(formFor({ usager: 'nouveau', firstName: '', lastName: 'Nouveau' }))).data as unknown;
		expect(invalid).toMatchObject({ status: 400, data: { errors: { firstName: 'Saisissez le prénom.' } } });

		const body = formFor({ usager: 'nouveau', firstName: 'Inès', lastName: 'Nouveau', phone: '06 11 22 33 44' });
		body.set('debut', paris(addDays(FIRST_MONDAY, 2), '09:30').toISOString());
		const created = await post(body);
		expect(created.redirect).toContain(`date=${addDays(FIRST_MONDAY, 2)}`);
	});

	it('asks for an usager when none is chosen', async () => {
		const result = (await post(formFor({}))).data as unknown;
		expect(result).toMatchObject({ status: 400, data: { errors: { usager: 'Choisissez un usager ou créez-en un.' } } });
	});
});

describe('collective motif', () => {
	let motif: string;
	const sessions: Record<'open' | 'full' | 'later', string> = { open: '', full: '', later: '' };
	const day = (n: number) => addDays(FIRST_MONDAY, n);
	const path = () => `/agents/org/${f.arras}/rdvs/nouveau`;
	const post = (body: FormData, agent: SessionAgent = f.agents.alice) =>
		run(actions.default, { method: 'POST', path: path(), params: { orgId: f.arras }, agent, body });
	const form = (fields: Record<string, string | string[]>) => {
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
		return body;
	};

	beforeAll(async () => {
		const created = await Motif.create({
			organisationId: f.arras,
			serviceId: f.pmi,
			name: 'Atelier parents',
			durationMinutes: 120,
			locationType: 'public_office',
			collective: true
		});
		motif = String(created._id);
		const session = async (n: number, time: string, agent: string, extra: Record<string, unknown>) => {
			const result = await bookRdv(
				{
					organisationId: f.arras,
					motifId: motif,
					startsAt: paris(day(n), time),
					lieuId: f.lieu,
					agentIds: [agent],
					...extra
				},
				{ kind: 'agent', agent: f.agents.alice }
			);
			if (!result.ok) throw new Error(result.message);
			return result.rdv.id;
		};
		// Thursday afternoon with one seat left, Friday morning full (Bob), the next Tuesday without maximum.
		sessions.open = await session(3, '14:00', f.alice, { maxParticipants: 2, usagerIds: [f.usager] });
		sessions.full = await session(4, '09:00', f.bob, { maxParticipants: 1, usagerIds: [await createFixtureUsager(f)] });
		sessions.later = await session(8, '14:00', f.alice, { title: 'Atelier du mardi' });
	});

	it('shows the week’s sessions in the grid, full ones disabled, instead of lieu cards', async () => {
		const { data } = await search(f.agents.alice, f.arras, `motif=${motif}&date=${FIRST_MONDAY}`);
		expect(data?.results?.cards).toBeNull();
		expect(data?.results?.grid).toBeNull();
		const grid = data?.results?.sessions;
		expect(grid?.days.map((d) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => day(i)));
		expect(grid?.days.map((d) => d.sessions.map((s) => [s.rdvId, s.time, s.seatsLeft, s.full]))).toEqual([
			[],
			[],
			[],
			[[sessions.open, '14:00', 1, false]],
			[[sessions.full, '09:00', 0, true]],
			[],
			[]
		]);
		expect(grid?.next).toBeNull();
		// The next week has the session without maximum.
		const next = await search(f.agents.alice, f.arras, `motif=${motif}&date=${day(7)}`);
		expect(next.data?.results?.sessions?.days[1].sessions).toEqual([
			expect.objectContaining({ rdvId: sessions.later, seatsLeft: null, full: false })
		]);
	});

	it('points to the next session with seats when the week has none', async () => {
		const { data } = await search(f.agents.alice, f.arras, `motif=${motif}&date=${day(-7)}`);
		expect(data?.results?.sessions?.days.every((d) => d.sessions.length === 0)).toBe(true);
		expect(data?.results?.sessions?.next).toMatchObject({ rdvId: sessions.open, day: day(3) });
		// Carla's service is not the motif's: the motif is not offered, nothing is searched.
		const asCarla = await search(f.agents.carla, f.arras, `motif=${motif}&date=${FIRST_MONDAY}`);
		expect(asCarla.data?.results).toBeNull();
	});

	it('opens the form on a session and adds an usager to it, until it is full', async () => {
		const query = new URLSearchParams({ motif, seance: sessions.open, retour: `motif=${motif}` });
		const { data } = (await run(newRdvLoad, {
			path: `${path()}?${query}`,
			params: { orgId: f.arras },
			agent: f.agents.alice
		})) as { data?: { mode: string; asked: unknown; session: unknown } };
		expect(data?.mode).toBe('join');
		expect(data?.asked).toMatchObject({ day: day(3), time: '14:00' });
		expect(data?.session).toMatchObject({ id: sessions.open, participants: 1, seatsLeft: 1, maxParticipants: 2 });
		expect(data?.session).toMatchObject({ agents: ['Alice Martin'] });

		const newcomer = await createFixtureUsager(f, { firstName: 'Nora' });
		const joined = await post(form({ motif, seance: sessions.open, usager: newcomer }));
		expect(joined.redirect).toBe(`/agents/org/${f.arras}/agenda?agent=${f.alice}&date=${day(3)}&rdv=inscrit`);
		const rdv = await Rdv.findById(sessions.open).lean();
		expect(rdv?.participants.map((p) => String(p.usagerId))).toEqual([f.usager, newcomer]);

		const late = await post(form({ motif, seance: sessions.open, usager: await createFixtureUsager(f) }));
		expect(late.data).toMatchObject({ status: 409, data: { message: 'Cette séance est complète.' } });
		// A session of another motif, or none, is no session of this one.
		const wrong = new URLSearchParams({ motif, seance: f.plage, retour: '' });
		expect(
			(await run(newRdvLoad, { path: `${path()}?${wrong}`, params: { orgId: f.arras }, agent: f.agents.alice })).status
		).toBe(404);
	});

	it('creates a new session from the form, with title and seats, checking its fields first', async () => {
		const query = new URLSearchParams({ motif, jour: day(9), retour: `motif=${motif}` });
		const { data } = (await run(newRdvLoad, {
			path: `${path()}?${query}`,
			params: { orgId: f.arras },
			agent: f.agents.alice
		})) as { data?: { mode: string; values: { jour: string }; agentIds: string[]; lieux: { id: string }[] } };
		expect(data?.mode).toBe('session');
		expect(data?.values.jour).toBe(day(9));
		expect(data?.agentIds).toEqual([f.alice]);
		expect(data?.lieux.map((l) => l.id)).toContain(f.lieu);

		const fields = {
			motif,
			retour: `motif=${motif}`,
			jour: day(9),
			heure: '',
			duree: '90',
			lieu: f.lieu,
			agent: [f.alice, f.bob],
			titre: 'Atelier portage',
			places: '0',
			usager: 'aucun'
		};
		const invalid = await post(form(fields));
		expect(invalid.data).toMatchObject({
			status: 400,
			data: {
				errors: {
					heure: 'Indiquez l’heure de début (HH:MM).',
					places: 'Nombre de places invalide : de 1 à 500, ou vide sans maximum.'
				}
			}
		});
		const created = await post(form({ ...fields, heure: '14:30', places: '8' }));
		expect(created.redirect).toBe(`/agents/org/${f.arras}/agenda?agent=${f.alice}&date=${day(9)}&rdv=seance-creee`);
		const session = await Rdv.findOne({ motifId: motif, startsAt: paris(day(9), '14:30') }).lean();
		expect(session).toMatchObject({
			collective: true,
			title: 'Atelier portage',
			maxParticipants: 8,
			durationMinutes: 90,
			participants: []
		});
		expect(session?.agentIds.map(String)).toEqual([f.alice, f.bob]);
		// It appears in the grid with all its seats.
		const { data: grid } = await search(f.agents.alice, f.arras, `motif=${motif}&date=${day(7)}`);
		expect(grid?.results?.sessions?.days[2].sessions).toEqual([
			expect.objectContaining({ rdvId: String(session?._id), time: '14:30', seatsLeft: 8 })
		]);
	});
});
