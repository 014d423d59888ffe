/**
 * The collective sessions list (service, page, GET /organisations/{orgId}/seances) and « Dupliquer » (page and
 * POST …/seances/{rdvId}/duplicate) against the real database: filters, order, seats, pagination, visibility,
 * duplication through the booking service with its warnings and refusals.
 */
import { isActionFailure } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/domain/local-time.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { Motif, Rdv } from '../../src/lib/server/db/models/index.ts';
import { bookRdv, cancelRdv } from '../../src/lib/server/services/booking/index.ts';
import { listSessions } from '../../src/lib/server/services/collective-sessions/index.ts';
import { GET as listSessionsApi } from '../../src/routes/api/v1/organisations/[orgId]/seances/+server.ts';
import { POST as duplicateApi } from '../../src/routes/api/v1/organisations/[orgId]/seances/[rdvId]/duplicate/+server.ts';
import { load as listLoad } from '../../src/routes/agents/org/[orgId]/seances/+page.server.ts';
import { load as wizardLoad } from '../../src/routes/agents/org/[orgId]/rdvs/nouveau/+page.server.ts';
import {
	actions as duplicateActions,
	load as duplicateLoad
} from '../../src/routes/agents/org/[orgId]/seances/[rdvId]/dupliquer/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { runEvent as run } from '../helpers/route-outcome.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	FIRST_MONDAY,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
let atelier: string;
let causerie: string;
let socialAtelier: string;
const s: Record<'full' | 'open' | 'unlimited' | 'other' | 'cancelled' | 'social' | 'later', string> = {
	full: '',
	open: '',
	unlimited: '',
	other: '',
	cancelled: '',
	social: '',
	later: ''
};
const day = (n: number) => addDays(FIRST_MONDAY, n);

async function session(
	motifId: string,
	n: number,
	time: string,
	agent: string,
	extra: Record<string, unknown> = {},
	by: SessionAgent = f.agents.alice
) {
	const result = await bookRdv(
		{ organisationId: f.arras, motifId, startsAt: paris(day(n), time), lieuId: f.lieu, agentIds: [agent], ...extra },
		{ kind: 'agent', agent: by }
	);
	if (!result.ok) throw new Error(result.message);
	return result.rdv.id;
}

beforeAll(async () => {
	f = await createSchedulingFixture();
	const collective = (name: string, serviceId = f.pmi) =>
		Motif.create({
			organisationId: f.arras,
			serviceId,
			name,
			durationMinutes: 90,
			locationType: 'public_office',
			collective: true
		}).then((m) => String(m._id));
	atelier = await collective('Atelier portage');
	causerie = await collective('Causerie');
	socialAtelier = await collective('Atelier budget', f.social);
	const two = [await createFixtureUsager(f), await createFixtureUsager(f)];
	// In start order: full (2/2), open (1/3), a causerie, unlimited, a cancelled one, Carla's social session, later.
	s.full = await session(atelier, 1, '14:00', f.alice, { maxParticipants: 2, usagerIds: two, title: 'Complet' });
	s.open = await session(atelier, 2, '14:00', f.alice, { maxParticipants: 3, usagerIds: [f.usager] });
	s.other = await session(causerie, 3, '14:00', f.bob);
	s.unlimited = await session(atelier, 8, '14:00', f.bob, { title: 'Sans maximum' });
	s.cancelled = await session(atelier, 9, '14:00', f.alice);
	const cancelled = await cancelRdv(s.cancelled, { kind: 'agent', agent: f.agents.alice }, 'revoked');
	if (!cancelled.ok) throw new Error(cancelled.message);
	s.social = await session(socialAtelier, 10, '14:00', f.carla, {}, f.agents.carla);
	s.later = await session(atelier, 40, '14:00', f.alice);
});

const ids = (items: { id: string }[] | undefined) => items?.map((i) => i.id);

describe('the sessions list', () => {
	it('lists the active sessions the agent may see, by start, with their seats', async () => {
		const page = await listSessions(f.agents.alice, { organisationId: f.arras, from: FIRST_MONDAY, limit: 100 });
		// Not the cancelled one, nor Carla's social session (Alice is PMI); the one 40 days on is within the year.
		expect(ids(page?.items)).toEqual([s.full, s.open, s.other, s.unlimited, s.later]);
		expect(page?.items[0]).toMatchObject({
			motif: { id: atelier, name: 'Atelier portage' },
			title: 'Complet',
			day: day(1),
			time: '14:00',
			lieu: { id: f.lieu },
			agents: [{ id: f.alice, firstName: 'Alice', lastName: 'Martin' }],
			participantCount: 2,
			maxParticipants: 2,
			seatsLeft: 0,
			full: true
		});
		expect(page?.items[3]).toMatchObject({ seatsLeft: null, full: false, participantCount: 0 });
		// Carla sees hers.
		const asCarla = await listSessions(f.agents.carla, { organisationId: f.arras, from: FIRST_MONDAY });
		expect(ids(asCarla?.items)).toContain(s.social);
	});

	it('filters by motif, from day and « avec places restantes »', async () => {
		const q = { organisationId: f.arras, from: FIRST_MONDAY };
		expect(ids((await listSessions(f.agents.alice, { ...q, motifId: causerie }))?.items)).toEqual([s.other]);
		expect(ids((await listSessions(f.agents.alice, { ...q, withSeats: true, motifId: atelier }))?.items)).toEqual([
			s.open,
			s.unlimited,
			s.later
		]);
		expect(ids((await listSessions(f.agents.alice, { ...q, from: day(3) }))?.items)).toEqual([
			s.other,
			s.unlimited,
			s.later
		]);
	});

	it('pages with a cursor, each session once, in order', async () => {
		const q = { organisationId: f.arras, from: FIRST_MONDAY, limit: 2 };
		const seen: string[] = [];
		let cursor: string | undefined;
		for (let i = 0; i < 20; i++) {
			const page = await listSessions(f.agents.alice, { ...q, cursor });
			seen.push(...(ids(page?.items) ?? []));
			if (!page?.nextCursor) break;
			cursor = page.nextCursor;
		}
		expect(seen).toEqual([s.full, s.open, s.other, s.unlimited, s.later]);
	});

	it('the page reads its filters from the URL and says which one is wrong', async () => {
		const { data } = (await run(listLoad, {
			path: `/agents/org/${f.arras}/seances?motif=${atelier}&du=${FIRST_MONDAY}&places=1`,
			params: { orgId: f.arras },
			agent: f.agents.alice
		})) as { data?: { items: { id: string }[]; motifs: { value: string }[]; filters: { withSeats: boolean } } };
		expect(ids(data?.items)).toEqual([s.open, s.unlimited, s.later]);
		expect(data?.filters.withSeats).toBe(true);
		// Only collective motifs of the agent's services are offered.
		expect(data?.motifs.map((m) => m.value).sort()).toEqual([atelier, causerie].sort());
		const impossible = (await run(listLoad, {
			path: `/agents/org/${f.arras}/seances?du=2027-02-30`,
			params: { orgId: f.arras },
			agent: f.agents.alice
		})) as { data?: { queryError: { field: string } } };
		expect(impossible.data?.queryError.field).toBe('from');
	});
});

describe('« Nouvelle séance »', () => {
	it('opens the wizard on the collective motifs only', async () => {
		const outcome = (await run(wizardLoad, {
			path: `/agents/org/${f.arras}/rdvs/nouveau?collectif=1`,
			params: { orgId: f.arras },
			agent: f.agents.alice
		})) as { data?: { mode: string; motifs: { value: string }[] } };
		expect(outcome.data?.mode).toBe('motif');
		expect(outcome.data?.motifs.map((m) => m.value).sort()).toEqual([atelier, causerie].sort());
	});
});

describe('GET and duplicate in the API', () => {
	const { call, unvalidated } = documentedApi(openApiDocument());
	let token = '';
	const base = () => `/api/v1/organisations/${f.arras}/seances`;
	beforeAll(async () => {
		token = (await createApiToken(f.alice, 'Tests séances')).token;
	});

	it('lists with the same filters and a cursor, as documented', async () => {
		const first = await call(listSessionsApi, {
			path: `${base()}?from=${FIRST_MONDAY}&motifId=${atelier}&withSeats=true&limit=2`,
			params: { orgId: f.arras },
			token
		});
		expect(first.status).toBe(200);
		const body = first.body as { data: { id: string }[]; nextCursor: string };
		expect(ids(body.data)).toEqual([s.open, s.unlimited]);
		const rest = await call(listSessionsApi, {
			path: `${base()}?from=${FIRST_MONDAY}&motifId=${atelier}&withSeats=true&limit=2&cursor=${body.nextCursor}`,
			params: { orgId: f.arras },
			token
		});
		expect(ids((rest.body as typeof body).data)).toEqual([s.later]);
		const bad = await call(listSessionsApi, { path: `${base()}?from=2027-02-30`, params: { orgId: f.arras }, token });
		expect(bad).toMatchObject({
			status: 422,
			body: { error: { details: [expect.objectContaining({ path: 'from' })] } }
		});
		const lens = await call(listSessionsApi, {
			path: `/api/v1/organisations/${new Types.ObjectId()}/seances`,
			params: { orgId: String(new Types.ObjectId()) },
			token
		});
		expect(lens.status).toBe(404);
	});

	it('duplicates a session at another time with its motif, lieu, agents, title and seats, without participants', async () => {
		const startsAt = paris(day(15), '14:00').toISOString();
		const res = await call(duplicateApi, {
			method: 'POST',
			path: `${base()}/${s.open}/duplicate`,
			params: { orgId: f.arras, rdvId: s.open },
			token,
			body: { startsAt }
		});
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({
			motifId: atelier,
			lieuId: f.lieu,
			agentIds: [f.alice],
			maxParticipants: 3,
			durationMinutes: 90,
			collective: true,
			participants: [],
			startsAt: new Date(startsAt).toISOString()
		});
		// The same time again: Alice's time is taken by the copy, which the agent must confirm knowingly.
		const again = await call(duplicateApi, {
			method: 'POST',
			path: `${base()}/${s.open}/duplicate`,
			params: { orgId: f.arras, rdvId: s.open },
			token,
			body: { startsAt }
		});
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({ error: { code: 'needs_confirmation' } });
	});

	it('answers 404 for an individual RDV, a session out of sight or of another organisation', async () => {
		const individual = await bookRdv(
			{
				organisationId: f.arras,
				motifId: f.motif,
				startsAt: paris(day(16), '09:00'),
				lieuId: f.lieu,
				agentIds: [f.alice],
				usagerIds: [f.usager]
			},
			{ kind: 'agent', agent: f.agents.alice }
		);
		if (!individual.ok) throw new Error(individual.message);
		for (const rdvId of [individual.rdv.id, s.social, String(new Types.ObjectId())]) {
			const res = await call(duplicateApi, {
				method: 'POST',
				path: `${base()}/${rdvId}/duplicate`,
				params: { orgId: f.arras, rdvId },
				token,
				body: { startsAt: paris(day(17), '14:00').toISOString() }
			});
			expect(res, rdvId).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
		}
	});

	it('validated the documented success responses of the sessions endpoints', () => {
		const own = apiEndpoints().filter((e) => e.path.startsWith('/api/v1/organisations/{orgId}/seances'));
		expect(own).toHaveLength(2);
		expect(unvalidated(own)).toEqual([]);
	});
});

describe('the « Dupliquer » page', () => {
	const path = (rdvId: string) => `/agents/org/${f.arras}/seances/${rdvId}/dupliquer`;
	const post = (rdvId: string, fields: Record<string, string>) => {
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) body.set(k, v);
		return run(duplicateActions.default, {
			method: 'POST',
			path: path(rdvId),
			params: { orgId: f.arras, rdvId },
			agent: f.agents.alice,
			body
		});
	};

	it('proposes the same time a week later, checks the fields, asks to confirm an overlap, then lists the copy', async () => {
		const { data } = (await run(duplicateLoad, {
			path: path(s.unlimited),
			params: { orgId: f.arras, rdvId: s.unlimited },
			agent: f.agents.alice
		})) as { data?: { values: { jour: string; heure: string }; session: { title: string; agents: string[] } } };
		expect(data?.values).toEqual({ jour: day(15), heure: '14:00' });
		expect(data?.session).toMatchObject({ title: 'Sans maximum', agents: ['Bob Durand'] });

		const invalid = (await post(s.unlimited, { jour: '', heure: '14:03' })).data as unknown;
		expect(isActionFailure(invalid)).toBe(true);
		expect(invalid).toMatchObject({
			status: 400,
			data: { errors: { jour: 'Choisissez le jour.', heure: 'L’heure doit tomber sur un multiple de 5 minutes.' } }
		});

		// Bob holds the causerie on day 3 at 14:00: a copy then overlaps it.
		const overlap = (await post(s.unlimited, { jour: day(3), heure: '14:30' })).data as unknown;
		expect(overlap).toMatchObject({ status: 409, data: { warnings: [expect.any(String)] } });
		const copied = await post(s.unlimited, { jour: day(3), heure: '14:30', confirm: 'on' });
		expect(copied.redirect).toBe(`/agents/org/${f.arras}/seances?motif=${atelier}&du=${day(3)}&dupliquee=1`);
		const copy = await Rdv.findOne({ motifId: atelier, startsAt: paris(day(3), '14:30') }).lean();
		expect(copy).toMatchObject({ title: 'Sans maximum', collective: true, participants: [] });
		expect(copy?.agentIds.map(String)).toEqual([f.bob]);
	});

	it('answers 404 for an individual RDV or a session the agent may not see', async () => {
		for (const rdvId of [s.social, String(new Types.ObjectId())]) {
			const outcome = await run(duplicateLoad, {
				path: path(rdvId),
				params: { orgId: f.arras, rdvId },
				agent: f.agents.alice
			});
			expect(outcome, rdvId).toEqual({ status: 404 });
		}
	});
});
