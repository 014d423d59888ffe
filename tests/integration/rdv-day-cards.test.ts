/**
 * RDV cards and the organisation-day read model: a card as the live push reads it, and the day documents kept
 * equal to the cards rebuilt from the RDVs after concurrent writes of one day (creates, moves, status changes,
 * cancellations), deletions, moves to another day, usagers' renames, query writes and raw imports.
 */
import mongoose, { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RdvCard } from '../../src/lib/domain/rdv-card.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { Agent, Rdv, RdvDayCards, Usager } from '../../src/lib/server/db/models/index.ts';
import { readModelsSettled } from '../../src/lib/server/db/read-models/background.ts';
import {
	dayKey,
	ensureDayCards,
	readStoredDayCards,
	rebuildDayCards,
	refreshDayCards
} from '../../src/lib/server/db/read-models/rdv-day-cards.ts';
import {
	bookRdv,
	cancelRdv,
	changeRdvStatus,
	deleteRdv,
	moveRdv
} from '../../src/lib/server/services/booking/index.ts';
import {
	CARD_PROJECTION,
	loadRdvCard,
	loadRdvCards,
	type CardRdv
} from '../../src/lib/server/services/rdv-cards/card.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import {
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';
import { rdvOf } from '../helpers/service-result.ts';

let f: SchedulingFixture;
let admin: SessionAgent;
/** After every RDV of the tests: statuses of past RDVs may be filled in. */
const LATER = new Date('2027-06-01T08:00:00Z');

async function book(day: string, time: string, agentIds = [f.alice], usagerId?: string) {
	return rdvOf(
		await bookRdv(
			{
				organisationId: f.arras,
				motifId: f.motif,
				startsAt: paris(day, time),
				lieuId: f.lieu,
				agentIds,
				usagerIds: [usagerId ?? (await createFixtureUsager(f))],
				confirm: true
			},
			{ kind: 'agent', agent: f.agents.alice },
			NOW
		)
	);
}

/** The cards of these days as rebuilt now from the RDVs themselves. */
async function rebuilt(days: string[]): Promise<RdvCard[]> {
	const rows = await Promise.all(
		days.map((day) => Rdv.find({ days: day, organisationId: f.arras }, CARD_PROJECTION).lean<CardRdv[]>())
	);
	const unique = new Map(rows.flat().map((r) => [String(r._id), r]));
	const cards = await loadRdvCards([...unique.values()]);
	return cards.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

const ids = (cards: RdvCard[]) => cards.map((c) => c.id);

beforeAll(async () => {
	f = await createSchedulingFixture();
	const created = await Agent.create({
		email: `admin-cards-${f.alice.slice(-6)}@example.org`,
		firstName: 'Ines',
		lastName: 'Admin',
		serviceIds: [f.pmi],
		roles: [{ organisationId: f.arras, level: 'admin' }]
	});
	const loaded = await loadSessionAgent(String(created._id));
	if (!loaded) throw new Error('admin without principal');
	admin = loaded;
});

describe('loadRdvCard', () => {
	it('gives the RDV with its names, its version and who changed it last; null when unknown', async () => {
		const usagerId = await createFixtureUsager(f, { firstName: 'Léa' });
		const rdv = await book('2027-04-05', '09:00', [f.alice, f.bob], usagerId);
		const card = await loadRdvCard(rdv.id);
		expect(card).toMatchObject({
			id: rdv.id,
			organisationId: f.arras,
			version: 0,
			startsAt: paris('2027-04-05', '09:00').toISOString(),
			durationMinutes: 30,
			timeZone: 'Europe/Paris',
			days: ['2027-04-05'],
			status: 'unknown',
			motif: { id: f.motif, name: 'Consultation PMI', serviceId: f.pmi, locationType: 'public_office' },
			lieu: { id: f.lieu },
			agents: [
				{ id: f.alice, firstName: 'Alice', lastName: 'Martin' },
				{ id: f.bob, firstName: 'Bob', lastName: 'Durand' }
			],
			participants: [{ usagerId, firstName: 'Léa', lastName: 'Usager', status: 'unknown' }],
			collective: false,
			// Booked by Alice.
			updatedBy: { id: f.alice, firstName: 'Alice', lastName: 'Martin' }
		});
		rdvOf(await changeRdvStatus(rdv.id, { status: 'seen', version: 0 }, f.agents.bob, LATER));
		expect(await loadRdvCard(rdv.id)).toMatchObject({
			version: 1,
			status: 'seen',
			updatedBy: { id: f.bob, firstName: 'Bob', lastName: 'Durand' }
		});
		expect(await loadRdvCard(new Types.ObjectId().toHexString())).toBeNull();
		expect(await loadRdvCard('pas-un-id')).toBeNull();
	});
});

describe('the organisation-day cards', () => {
	it('equal the cards rebuilt from the RDVs after concurrent writes of one day', async () => {
		const day = '2027-04-06';
		const next = '2027-04-07';
		const first = await Promise.all(['08:00', '08:30', '09:00', '09:30', '10:00', '10:30'].map((t) => book(day, t)));
		const [toMove, toNextDay, toSee, toCancel, toSeeToo] = first;
		const results = await Promise.all([
			moveRdv(
				toMove!.id,
				{ startsAt: paris(day, '13:00').toISOString(), confirm: true },
				{ kind: 'agent', agent: f.agents.alice },
				NOW
			),
			moveRdv(
				toNextDay!.id,
				{ startsAt: paris(next, '09:00').toISOString(), confirm: true },
				{ kind: 'agent', agent: f.agents.alice },
				NOW
			),
			changeRdvStatus(toSee!.id, { status: 'seen' }, f.agents.bob, LATER),
			cancelRdv(toCancel!.id, { kind: 'agent', agent: f.agents.alice }, 'excused', { now: NOW }),
			changeRdvStatus(toSeeToo!.id, { status: 'noshow' }, f.agents.alice, LATER),
			book(day, '14:00').then(() => ({ ok: true })),
			book(day, '14:30', [f.bob]).then(() => ({ ok: true })),
			book(day, '15:00').then(() => ({ ok: true }))
		]);
		for (const r of results) expect(r).toMatchObject({ ok: true });
		const stored = await readStoredDayCards(f.arras, [day]);
		expect(stored).toEqual(await rebuilt([day]));
		expect(stored).toHaveLength(8);
		expect(ids(stored)).not.toContain(toNextDay!.id);
		expect(stored.find((c) => c.id === toSee!.id)).toMatchObject({ status: 'seen', version: 1 });
		expect(stored.find((c) => c.id === toCancel!.id)).toMatchObject({ status: 'excused' });
		// The RDV moved to the next day left this one and is on that one.
		expect(ids(await readStoredDayCards(f.arras, [next]))).toEqual([toNextDay!.id]);
		// One version per day is left, once the older ones are removed (after the answers).
		await readModelsSettled();
		expect(await RdvDayCards.countDocuments({ key: dayKey(f.arras, day) })).toBe(1);
	});

	it('lose a deleted RDV', async () => {
		const day = '2027-04-08';
		const [kept, gone] = await Promise.all([book(day, '09:00'), book(day, '09:30')]);
		expect(ids(await readStoredDayCards(f.arras, [day]))).toEqual([kept!.id, gone!.id]);
		expect(await deleteRdv(gone!.id, admin, { version: 0 })).toEqual({ ok: true });
		expect(ids(await readStoredDayCards(f.arras, [day]))).toEqual([kept!.id]);
	});

	it('follow an usager’s rename and a write made through a query', async () => {
		const day = '2027-04-09';
		const usagerId = await createFixtureUsager(f, { firstName: 'Avant' });
		const rdv = await book(day, '09:00', [f.alice], usagerId);
		const usager = await Usager.findById(usagerId);
		usager!.firstName = 'Après';
		await usager!.save();
		expect((await readStoredDayCards(f.arras, [day]))[0]!.participants[0]).toMatchObject({ firstName: 'Après' });
		await Rdv.updateOne({ _id: rdv.id }, { $set: { status: 'revoked' } });
		expect((await readStoredDayCards(f.arras, [day]))[0]).toMatchObject({ id: rdv.id, status: 'revoked' });
		expect(await readStoredDayCards(f.arras, [day])).toEqual(await rebuilt([day]));
	});

	it('keep a write that lands while a refresh is between its version and its read', async () => {
		const day = '2027-04-12';
		const rdv = await book(day, '09:00');
		let interleaved = false;
		// A stale refresh: it picks its version, then a status change lands (with its own refresh) before it reads.
		await refreshDayCards([dayKey(f.arras, day)], [rdv.id], {
			afterVersionChosen: async () => {
				if (interleaved) return;
				interleaved = true;
				rdvOf(await changeRdvStatus(rdv.id, { status: 'seen', version: 0 }, f.agents.alice, LATER));
			}
		});
		expect(interleaved).toBe(true);
		expect((await readStoredDayCards(f.arras, [day]))[0]).toMatchObject({ status: 'seen', version: 1 });
	});

	it('are rebuilt for RDVs inserted raw, as an import does', async () => {
		const day = '2027-04-13';
		const model = new Rdv({
			startsAt: paris(day, '11:00'),
			endsAt: paris(day, '11:30'),
			timeZone: 'Europe/Paris',
			organisationId: f.arras,
			motifId: f.motif,
			serviceId: f.pmi,
			locationType: 'public_office',
			lieuId: f.lieu,
			agentIds: [f.alice],
			participants: [{ usagerId: f.usager }],
			createdBy: { kind: 'agent', agentId: f.alice }
		});
		await model.validate();
		await Rdv.collection.insertOne(model.toObject({ depopulate: true }));
		expect(await readStoredDayCards(f.arras, [day])).toEqual([]);
		await rebuildDayCards([dayKey(f.arras, day)]);
		const cards = await readStoredDayCards(f.arras, [day]);
		expect(cards).toEqual(await rebuilt([day]));
		expect(cards[0]).toMatchObject({
			id: String(model._id),
			participants: [{ usagerId: f.usager, firstName: 'Paul', lastName: 'Usager' }],
			updatedBy: { id: f.alice }
		});
	});

	it('are built once at start for the RDVs stored before them', async () => {
		const day = '2027-04-06';
		const before = await readStoredDayCards(f.arras, [day]);
		expect(before.length).toBeGreaterThan(0);
		await RdvDayCards.deleteMany({});
		await mongoose.connection.collection<{ _id: string }>('readmodelmarkers').deleteMany({ _id: 'rdv-day-cards' });
		expect(await ensureDayCards()).toBeGreaterThan(0);
		expect(await readStoredDayCards(f.arras, [day])).toEqual(before);
		// Once: a later start reads the marker and does nothing.
		await RdvDayCards.deleteMany({ key: dayKey(f.arras, day) });
		expect(await ensureDayCards()).toBe(0);
		expect(await readStoredDayCards(f.arras, [day])).toEqual([]);
	});
});
