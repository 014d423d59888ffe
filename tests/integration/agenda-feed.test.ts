/**
 * The agenda's events feed on the scheduling fixture: plages as background blocks (another organisation's
 * anonymous), absences, public holidays, cancelled RDVs behind their toggle, several agendas side by side, what
 * the viewer may change, the weekend days, and the refusals.
 */
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgendaFeed, FeedEvent } from '../../src/lib/agenda-feed.ts';
import { Absence, PlageOuverture } from '../../src/lib/server/db/models/index.ts';
import { bookRdv, cancelRdv, type BookingActorInput } from '../../src/lib/server/services/booking/index.ts';
import { GET as getEvents } from '../../src/routes/agents/org/[orgId]/agenda/events/+server.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';
import { callEndpoint } from '../helpers/request-event.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';

let f: SchedulingFixture;
let asAlice: BookingActorInput;
/** Monday 22 March 2027 to Tuesday 30 March: the DST change on Sunday 28, Easter Monday on 29. */
const week = { start: '2027-03-22T00:00:00+01:00', end: '2027-03-30T00:00:00+02:00' };

async function feed(viewer: SessionAgent, query: Record<string, string>, orgId = f.arras) {
	const res = await callEndpoint(getEvents, {
		path: `/agents/org/${orgId}/agenda/events?${new URLSearchParams(query)}`,
		params: { orgId },
		agent: viewer
	});
	return { status: res.status, body: res.body as AgendaFeed & { error?: { code: string; details?: unknown } } };
}

const ofKind = (events: FeedEvent[], kind: string) => events.filter((e) => e.extendedProps.kind === kind);

async function book(day: string, time: string, extra: Record<string, unknown> = {}) {
	const result = await bookRdv(
		{
			organisationId: f.arras,
			motifId: f.motif,
			startsAt: paris(day, time),
			lieuId: f.lieu,
			agentIds: [f.alice],
			usagerIds: [await createFixtureUsager(f)],
			confirm: true,
			...extra
		},
		asAlice,
		NOW
	);
	if (!result.ok) throw new Error(result.message);
	return result.rdv;
}

beforeAll(async () => {
	f = await createSchedulingFixture();
	asAlice = { kind: 'agent', agent: f.agents.alice };
	// Alice also works in Lens: a plage there, whose title must not leave Lens.
	await PlageOuverture.create({
		agentId: f.alice,
		organisationId: f.lens,
		title: 'Permanence confidentielle Lens',
		lieuId: f.lensLieu,
		motifIds: [f.lensMotif],
		firstDay: '2027-03-23',
		startTime: '14:00',
		endTime: '17:00',
		timeZone: 'Europe/Paris'
	});
	await Absence.create([
		{
			agentId: f.alice,
			title: 'Formation',
			firstDay: '2027-03-24',
			endDay: '2027-03-25',
			startTime: '13:00',
			endTime: '12:00',
			timeZone: 'Europe/Paris'
		},
		{
			agentId: f.bob,
			title: 'Réunion d’équipe',
			firstDay: '2027-03-01',
			endDay: '2027-03-01',
			startTime: '08:00',
			endTime: '09:00',
			recurrence: { every: 'week', interval: 1, weekdays: [1] },
			timeZone: 'Europe/Paris'
		}
	]);
});

describe('GET /agents/org/:orgId/agenda/events — background blocks', () => {
	it('draws the agent’s plages of the period as background blocks, at their local times', async () => {
		const { status, body } = await feed(f.agents.alice, { ...week, agentIds: f.alice });
		expect(status).toBe(200);
		const plages = ofKind(body.events, 'plage').filter((e) => !e.className.includes('agenda-foreign'));
		// Weekdays 09:00–12:00 from Monday 22; Easter Monday 29 is in the series too (the holiday greys it).
		expect(plages.map((e) => e.start)).toEqual(
			['2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26', '2027-03-29'].map((d) =>
				paris(d, '09:00').toISOString()
			)
		);
		for (const plage of plages) {
			expect(plage).toMatchObject({
				display: 'background',
				title: 'Permanence PMI',
				extendedProps: { agentIds: [f.alice] }
			});
			expect(plage.className).toContain('agenda-open');
		}
		// After the clock change, 09:00 in Paris is 07:00 UTC.
		expect(plages.at(-1)?.start).toBe('2027-03-29T07:00:00.000Z');
	});

	it('greys another organisation’s plage without naming it', async () => {
		const { body } = await feed(f.agents.alice, { ...week, agentIds: f.alice });
		const foreign = body.events.filter((e) => e.className.includes('agenda-foreign'));
		expect(foreign).toHaveLength(1);
		expect(foreign[0]).toMatchObject({
			title: 'Plage d’une autre organisation',
			start: paris('2027-03-23', '14:00').toISOString(),
			display: 'background'
		});
		expect(foreign[0].className).toContain('agenda-closed');
		expect(JSON.stringify(body)).not.toMatch(/confidentielle/);
		// In Lens, the same plage is Lens's own, named.
		const lens = await feed(f.agents.alice, { ...week, agentIds: f.alice }, f.lens);
		expect(ofKind(lens.body.events, 'plage').map((e) => e.title)).toContain('Permanence confidentielle Lens');
	});

	it('greys absences: one block over several days, one block per day of a recurring one', async () => {
		const alice = await feed(f.agents.alice, { ...week, agentIds: f.alice });
		expect(ofKind(alice.body.events, 'absence')).toEqual([
			expect.objectContaining({
				title: 'Indisponible : Formation',
				start: paris('2027-03-24', '13:00').toISOString(),
				end: paris('2027-03-25', '12:00').toISOString(),
				display: 'background'
			})
		]);
		const bob = await feed(f.agents.alice, { ...week, agentIds: f.bob });
		expect(ofKind(bob.body.events, 'absence').map((e) => e.start)).toEqual([
			paris('2027-03-22', '08:00').toISOString(),
			paris('2027-03-29', '08:00').toISOString()
		]);
	});

	it('greys the public holidays that close the agendas, in every requested column', async () => {
		const { body } = await feed(f.agents.alice, { ...week, agentIds: `${f.alice},${f.bob}` });
		expect(ofKind(body.events, 'holiday')).toEqual([
			expect.objectContaining({
				title: 'Jour férié : Lundi de Pâques',
				start: paris('2027-03-29', '00:00').toISOString(),
				end: paris('2027-03-30', '00:00').toISOString(),
				extendedProps: { kind: 'holiday', agentIds: [f.alice, f.bob] }
			})
		]);
	});
});

describe('GET /agents/org/:orgId/agenda/events — RDVs', () => {
	it('hides cancelled RDVs unless asked for, and lets only active ones be moved', async () => {
		const kept = await book('2027-03-23', '09:00');
		const cancelled = await book('2027-03-23', '10:00');
		expect((await cancelRdv(cancelled.id, asAlice, 'revoked')).ok).toBe(true);

		const plain = await feed(f.agents.alice, { ...week, agentIds: f.alice });
		const ids = ofKind(plain.body.events, 'rdv').map((e) => e.id);
		expect(ids).toContain(kept.id);
		expect(ids).not.toContain(cancelled.id);

		const all = await feed(f.agents.alice, { ...week, agentIds: f.alice, cancelled: '1' });
		const events = new Map(ofKind(all.body.events, 'rdv').map((e) => [e.id, e]));
		expect(events.get(cancelled.id)).toMatchObject({
			editable: false,
			extendedProps: { status: 'revoked', details: { status: 'Annulé par le service' } }
		});
		expect(events.get(cancelled.id)?.className).toContain('rdv-status-revoked');
		expect(events.get(kept.id)).toMatchObject({
			editable: true,
			url: `/agents/org/${f.arras}/rdvs/${kept.id}`,
			extendedProps: {
				version: 0,
				durationMinutes: 30,
				agentIds: [f.alice],
				details: {
					time: '09:00 – 09:30',
					motif: 'Consultation PMI',
					lieu: 'MDS Arras centre',
					status: 'À venir',
					agents: 'Alice Martin'
				}
			}
		});
	});

	it('shows several agendas at once, each event naming its agents', async () => {
		const both = await book('2027-03-26', '11:00', { agentIds: [f.alice, f.bob] });
		const bobs = await book('2027-03-26', '10:00', { agentIds: [f.bob] });
		const { body } = await feed(f.agents.alice, { ...week, agentIds: `${f.alice},${f.bob}` });
		const rdvs = new Map(ofKind(body.events, 'rdv').map((e) => [e.id, e]));
		expect(rdvs.get(both.id)?.extendedProps.agentIds.sort()).toEqual([f.alice, f.bob].sort());
		expect(rdvs.get(bobs.id)?.extendedProps.agentIds).toEqual([f.bob]);
		// Alice's agenda alone leaves Bob's RDV out.
		const alone = await feed(f.agents.alice, { ...week, agentIds: f.alice });
		expect(ofKind(alone.body.events, 'rdv').map((e) => e.id)).not.toContain(bobs.id);
	});

	it('says when something is on a Saturday or a Sunday, so those days show', async () => {
		const before = await feed(f.agents.alice, { ...week, agentIds: f.bob });
		expect(before.body.weekend).toEqual({ saturday: false, sunday: false });
		await book('2027-03-28', '10:00', { agentIds: [f.bob] });
		const after = await feed(f.agents.alice, { ...week, agentIds: f.bob });
		expect(after.body.weekend).toEqual({ saturday: false, sunday: true });
	});

	it('refuses an agenda the viewer may not see, naming it, and bad parameters with 400', async () => {
		// Carla (Service social) shares no service with Alice and Bob (PMI).
		const refused = await feed(f.agents.carla, { ...week, agentIds: `${f.carla},${f.alice}` });
		expect(refused.status).toBe(403);
		expect(refused.body.error).toMatchObject({ code: 'forbidden', details: { agentIds: [f.alice] } });
		expect((await feed(f.agents.carla, { ...week, agentIds: f.carla })).status).toBe(200);
		const badToggle = await feed(f.agents.alice, { ...week, agentIds: f.alice, cancelled: 'oui' });
		expect(badToggle.status).toBe(400);
		expect(badToggle.body.error).toMatchObject({ code: 'invalid_query', details: { cancelled: [expect.any(String)] } });
		const tooLong = await feed(f.agents.alice, {
			start: week.start,
			end: '2027-05-10T00:00:00+02:00',
			agentIds: f.alice
		});
		expect(tooLong.status).toBe(400);
		const backwards = await feed(f.agents.alice, { start: week.end, end: week.start, agentIds: f.alice });
		expect(backwards.status).toBe(400);
	});
});

describe('GET /agents/org/:orgId/agenda/events — what it reads', () => {
	/** The collections read (find) while `fn` runs, with each query's filter. */
	async function reads(fn: () => Promise<unknown>) {
		const seen: { collection: string; filter: Record<string, unknown> }[] = [];
		mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
			if (method === 'find' || method === 'findOne')
				seen.push({ collection, filter: filter as Record<string, unknown> });
		});
		try {
			await fn();
		} finally {
			mongoose.set('debug', false);
		}
		return seen;
	}

	it('reads the organisation’s day cards by one key per local day of the period, never the RDVs', async () => {
		const seen = await reads(() => feed(f.agents.alice, { ...week, agentIds: `${f.alice},${f.bob}` }));
		expect(seen.filter((r) => r.collection === 'rdvs')).toEqual([]);
		const keys = seen.filter((r) => r.collection === 'rdvdaycards').map((r) => r.filter.key);
		// Monday 22 to Monday 29 March in Paris (the period ends at Tuesday 30's midnight), whatever the UTC offsets.
		expect(keys.sort()).toEqual(['22', '23', '24', '25', '26', '27', '28', '29'].map((d) => `${f.arras}:2027-03-${d}`));
	});

	it('serves members, plages and absences from the per-node caches until a write changes them', async () => {
		const query = { ...week, agentIds: `${f.alice},${f.bob}` };
		await feed(f.agents.alice, query);
		const again = await reads(() => feed(f.agents.alice, query));
		// Alice also works in Lens: only her plages there are read again (Lens's writes do not bump Arras's stamp).
		expect(again.filter((r) => ['agents', 'absences'].includes(r.collection))).toEqual([]);
		expect(again.filter((r) => r.collection === 'plageouvertures').map((r) => String(r.filter.agentId))).toEqual([
			f.alice
		]);

		// A new absence and a new plage show at the next request (their writes bump the stamps).
		await Absence.create({
			agentId: f.bob,
			title: 'Visite à domicile',
			firstDay: '2027-03-26',
			endDay: '2027-03-26',
			startTime: '14:00',
			endTime: '15:00',
			timeZone: 'Europe/Paris'
		});
		await PlageOuverture.create({
			agentId: f.bob,
			organisationId: f.arras,
			title: 'Permanence du samedi',
			lieuId: f.lieu,
			motifIds: [f.motif],
			firstDay: '2027-03-27',
			startTime: '09:00',
			endTime: '11:00',
			timeZone: 'Europe/Paris'
		});
		const { body } = await feed(f.agents.alice, query);
		expect(ofKind(body.events, 'absence').map((e) => e.title)).toContain('Indisponible : Visite à domicile');
		expect(ofKind(body.events, 'plage').map((e) => e.title)).toContain('Permanence du samedi');
		expect(body.weekend.saturday).toBe(true);
	});
});
