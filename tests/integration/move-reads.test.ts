/**
 * What a move (PATCH /rdvs/{id} → editRdv) reads and writes on the real database (issue 16's move_rdv target):
 * every read model it refreshes ends right, while the motif is read once, the territory beside the organisation,
 * and the day cards are built from what the save knows (no revision nor organisation read back); superseded
 * versions go after the answer. Counted from Mongoose's command log (collection and method of each operation).
 */
import mongoose from 'mongoose';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unpackBusy } from '../../src/lib/domain/busy-intervals.ts';
import { AgentBusyWeek, Rdv, RdvDayCards, Usager } from '../../src/lib/server/db/models/index.ts';
import { pickReadModelsBeforeSave } from '../../src/lib/server/db/models/rdv.ts';
import { readModelsSettled } from '../../src/lib/server/db/read-models/background.ts';
import { dayKey, readStoredDayCards } from '../../src/lib/server/db/read-models/rdv-day-cards.ts';
import { editRdv } from '../../src/lib/server/services/booking/index.ts';
import { readDayCards } from '../../src/lib/server/services/rdv-cards/index.ts';
import {
	bookFixtureRdv,
	createFixtureUsager,
	createSchedulingFixture,
	NOW,
	paris,
	type SchedulingFixture
} from '../helpers/scheduling-fixture.ts';
import { rdvOf } from '../helpers/service-result.ts';

let f: SchedulingFixture;

beforeAll(async () => {
	f = await createSchedulingFixture();
});

afterEach(() => {
	mongoose.set('debug', false);
});

/** The operations `fn` sends, as 'collection.method', once the work left by earlier writes is done. */
async function operationsOf(fn: () => Promise<unknown>): Promise<string[]> {
	await readModelsSettled();
	const log: string[] = [];
	mongoose.set('debug', (collection: string, method: string) => void log.push(`${collection}.${method}`));
	await fn();
	mongoose.set('debug', false);
	return log;
}

const count = (log: string[], op: string) => log.filter((o) => o === op).length;

describe('a move', () => {
	it('reads the motif once, the territory beside the organisation, and neither the RDV, its revision nor the organisation back', async () => {
		const day = '2027-03-23';
		const rdv = await bookFixtureRdv(f, day, '09:00', { usagerIds: [await createFixtureUsager(f)] });
		// A first move teaches the node the organisation's territory; the second is the one counted.
		rdvOf(await editRdv(rdv.id, { startsAt: paris(day, '09:30'), version: 0, confirm: true }, f.agents.alice, NOW));
		const log = await operationsOf(async () =>
			rdvOf(await editRdv(rdv.id, { startsAt: paris(day, '10:00'), version: 1, confirm: true }, f.agents.alice, NOW))
		);
		expect(count(log, 'motifs.findOne')).toBe(1);
		expect(count(log, 'territories.findOne')).toBe(1);
		// The day cards name the writer from the revision just written and the organisation's stamps just read.
		expect(count(log, 'rdvrevisions.findOne')).toBe(0);
		// Nor the RDV itself: its versions were picked before the save, so the document saved is the newest.
		expect(count(log, 'rdvs.findOne')).toBe(1);
		// The organisation: once by the availability, once for its members' stamp (booking checks), not after.
		expect(count(log, 'organisations.findOne')).toBeLessThanOrEqual(2);

		// Yet the cards are those of the new time, by Alice, and the busy week has it.
		const [card] = await readDayCards(f.arras, [day]);
		expect(card).toMatchObject({
			id: rdv.id,
			version: 2,
			startsAt: paris(day, '10:00').toISOString(),
			updatedBy: { id: f.alice }
		});
		expect(card!.updatedBy!.lastName).not.toBe('');
		expect((await readStoredDayCards(f.arras, [day])).map((c) => c.id)).toEqual([rdv.id]);
	});

	it('leaves one version of each read model once the superseded ones are removed, after the answer', async () => {
		const day = '2027-03-24';
		const rdv = await bookFixtureRdv(f, day, '09:00', { usagerIds: [await createFixtureUsager(f)] });
		for (let version = 0; version < 3; version++)
			rdvOf(
				await editRdv(rdv.id, { startsAt: paris(day, `1${version}:00`), version, confirm: true }, f.agents.alice, NOW)
			);
		await readModelsSettled();
		const [weekKey] = (await Rdv.findById(rdv.id).lean())!.agentWeeks;
		expect(await RdvDayCards.countDocuments({ key: dayKey(f.arras, day) })).toBe(1);
		expect(await AgentBusyWeek.countDocuments({ key: weekKey })).toBe(1);
		// The busy week has the RDV at its last time (read ahead of the save, the RDV put in as saved).
		const [week] = await AgentBusyWeek.find({ key: weekKey }).lean();
		const inWeek = await Rdv.find({ agentWeeks: weekKey }).lean();
		const starts = (dates: Date[]) => dates.map((d) => d.toISOString()).sort();
		expect(starts(unpackBusy(week!.busy).map((i) => i.startsAt))).toEqual(starts(inWeek.map((r) => r.startsAt)));
		expect(starts(unpackBusy(week!.busy).map((i) => i.startsAt))).toContain(paris(day, '12:00').toISOString());
		expect((await readStoredDayCards(f.arras, [day])).map((c) => c.startsAt)).toEqual([
			paris(day, '12:00').toISOString()
		]);
	});

	it('names the agent of the version read, not of an earlier write by the same document', async () => {
		const day = '2027-03-25';
		const rdv = await bookFixtureRdv(f, day, '09:00', { usagerIds: [await createFixtureUsager(f)] });
		rdvOf(await editRdv(rdv.id, { startsAt: paris(day, '09:30'), version: 0, confirm: true }, f.agents.alice, NOW));
		// Bob edits the note from another request: the card names Bob, whatever a stale document would say.
		rdvOf(await editRdv(rdv.id, { context: 'Apporter le carnet', version: 1 }, f.agents.bob, NOW));
		const [card] = await readDayCards(f.arras, [day]);
		expect(card).toMatchObject({ id: rdv.id, version: 2, updatedBy: { id: f.bob } });
	});

	it('cards a participant’s new name when the rename lands between loading the RDV and saving its move', async () => {
		const day = '2027-03-26';
		const usagerId = await createFixtureUsager(f, { firstName: 'Avant' });
		const rdv = await bookFixtureRdv(f, day, '09:00', { usagerIds: [usagerId] });
		// The writer's document, loaded before the rename (which rewrites the names on the RDV without a version).
		const doc = (await Rdv.findById(rdv.id))!;
		const usager = (await Usager.findById(usagerId))!;
		usager.firstName = 'Après';
		await usager.save();
		// Then the move, saved as the booking service saves it: its version, its writer, its read models picked first.
		doc.startsAt = paris(day, '10:00');
		doc.endsAt = paris(day, '10:30');
		doc.version = 1;
		doc.$locals.revisionWriter = { version: 1, agentId: f.alice };
		pickReadModelsBeforeSave(doc);
		// As in a move, the picks are answered before the save is sent (there, the claims take longer than them).
		const picks = (await doc.$locals.earlyPicks) as {
			daysAnswered: () => boolean;
			days: Map<string, Promise<unknown>>;
		};
		await Promise.all(picks.days.values());
		await new Promise((resolve) => setImmediate(resolve));
		expect(picks.daysAnswered()).toBe(true);
		await doc.save();
		const [card] = await readStoredDayCards(f.arras, [day]);
		expect(card).toMatchObject({ id: rdv.id, version: 1, startsAt: paris(day, '10:00').toISOString() });
		expect(card!.participants.map((p) => p.firstName)).toEqual(['Après']);
	});

	it('keeps the busy week and the days exact when moves and bookings of one agent-week run at once', async () => {
		const [monday, tuesday] = ['2027-03-29', '2027-03-30'];
		const book = async (day: string, time: string) =>
			bookFixtureRdv(f, day, time, { usagerIds: [await createFixtureUsager(f)] });
		const booked = await Promise.all(['09:00', '09:30', '10:00', '10:30'].map((t) => book(monday, t)));
		const move = (i: number, day: string, time: string) =>
			editRdv(booked[i]!.id, { startsAt: paris(day, time), version: 0, confirm: true }, f.agents.alice, NOW).then(
				rdvOf
			);
		await Promise.all([
			move(0, monday, '14:00'),
			move(1, monday, '14:30'),
			move(2, tuesday, '15:00'),
			book(monday, '16:00'),
			book(tuesday, '16:30')
		]);
		const [key] = (await Rdv.findById(booked[3]!.id).lean())!.agentWeeks;
		const versions = await AgentBusyWeek.find({ key }).lean();
		const newest = versions.sort((a, b) => b.seq - a.seq)[0]!;
		const rdvs = await Rdv.find({ agentWeeks: key }).lean();
		expect(rdvs).toHaveLength(6);
		const starts = (dates: Date[]) => dates.map((d) => d.toISOString()).sort();
		expect(starts(unpackBusy(newest.busy).map((i) => i.startsAt))).toEqual(starts(rdvs.map((r) => r.startsAt)));
		for (const day of [monday, tuesday]) {
			const onDay = rdvs.filter((r) => r.days.includes(day));
			expect((await readStoredDayCards(f.arras, [day])).map((c) => [c.id, c.startsAt])).toEqual(
				onDay
					.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
					.map((r) => [String(r._id), r.startsAt.toISOString()])
			);
		}
	});
});
