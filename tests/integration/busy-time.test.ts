/**
 * The availability read model (AgentBusyWeek): rebuilt from the RDVs after every write, consistent under
 * concurrent rebuilds, read by the searches the same way as the RDVs themselves, mended nightly.
 */
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { unpackBusy } from '../../src/lib/domain/busy-intervals.ts';
import { ensureBusyWeeks, refreshBusyWeeks } from '../../src/lib/server/db/busy-time.ts';
import { readModelsSettled } from '../../src/lib/server/db/read-models/background.ts';
import { AgentBusyWeek, Agent, Organisation, Rdv } from '../../src/lib/server/db/models/index.ts';
import { runJobNow, startJobs } from '../../src/lib/server/jobs/index.ts';
import { loadAgentBusy, loadAgentRdvs } from '../../src/lib/server/services/creneaux.ts';

const TZ = 'Europe/Paris';
const orgA = new Types.ObjectId();
const orgB = new Types.ObjectId();
/** An organisation of another territory, in New Caledonia (UTC+11). */
const orgN = new Types.ObjectId();
const territoryId = new Types.ObjectId();
const agent = new Types.ObjectId();
const other = new Types.ObjectId();
const usager = new Types.ObjectId();

/** A Tuesday a few weeks from now (the nightly pass looks ahead from today). */
const base = (() => {
	const d = new Date();
	d.setUTCDate(d.getUTCDate() + 21 + ((9 - d.getUTCDay()) % 7));
	d.setUTCHours(8, 0, 0, 0);
	return d;
})();
const at = (days: number, hour: number, minute = 0) =>
	new Date(base.getTime() + days * 86_400_000 + (hour - 8) * 3_600_000 + minute * 60_000);

function rdv(startsAt: Date, minutes: number, fields: Record<string, unknown> = {}) {
	return {
		startsAt,
		endsAt: new Date(startsAt.getTime() + minutes * 60_000),
		timeZone: TZ,
		organisationId: orgA,
		motifId: new Types.ObjectId(),
		serviceId: new Types.ObjectId(),
		locationType: 'phone',
		agentIds: [agent],
		participants: [{ usagerId: usager }],
		createdBy: { kind: 'agent' },
		...fields
	};
}

async function latest(key: string) {
	const versions = await AgentBusyWeek.find({ key }).lean();
	return versions.sort((a, b) => b.seq - a.seq)[0];
}

/** Saves RDVs one by one, as the booking service does (a document save runs the model's hooks). */
const createRdvs = (...docs: ReturnType<typeof rdv>[]) => Promise.all(docs.map((d) => new Rdv(d).save()));

const keyOf = async (id: Types.ObjectId) => (await Rdv.findById(id).lean())!.agentWeeks;
const iso = (d: unknown) => new Date(d as Date).toISOString();
/** Start instants of a packed week, in order. */
const starts = (busy: string) => unpackBusy(busy).map((i) => iso(i.startsAt));
const comparable = (list: { startsAt: unknown; endsAt: unknown; agentIds: string[] }[]) =>
	list
		.flatMap((r) =>
			r.agentIds.map(
				(a) => `${a}|${new Date(r.startsAt as Date).toISOString()}|${new Date(r.endsAt as Date).toISOString()}`
			)
		)
		.sort();

beforeAll(async () => {
	await Organisation.create([
		{ _id: orgA, territoryId, name: 'MDS A' },
		{ _id: orgB, territoryId, name: 'MDS B' },
		{ _id: orgN, territoryId: new Types.ObjectId(), name: 'Nouméa' }
	]);
	await Agent.create([
		{
			_id: agent,
			email: 'busy@test.fr',
			firstName: 'Bea',
			lastName: 'Busy',
			roles: [
				{ organisationId: orgA, level: 'basic' },
				{ organisationId: orgB, level: 'basic' }
			]
		},
		{
			_id: other,
			email: 'other@test.fr',
			firstName: 'Oto',
			lastName: 'Other',
			roles: [{ organisationId: orgA, level: 'basic' }]
		}
	]);
});

describe('AgentBusyWeek read model', () => {
	it('follows creation, cancellation and moves to another week, whatever the writer', async () => {
		const [created] = await createRdvs(rdv(at(0, 9), 30));
		const [key] = created.agentWeeks;
		expect(key).toMatch(new RegExp(`^${agent}:\\d{4}-W\\d{2}$`));
		let week = await latest(key);
		expect(unpackBusy(week.busy)).toEqual([{ startsAt: at(0, 9), endsAt: at(0, 9, 30) }]);
		expect(week.orgWeeks).toEqual([`${orgA}:${week.week}`]);

		const loaded = await Rdv.findById(created._id);
		loaded!.status = 'revoked';
		await loaded!.save();
		week = await latest(key);
		expect(week.busy).toBe('');
		// The organisation stays listed: readers selecting on it still reach the newest version.
		expect(week.orgWeeks).toEqual([`${orgA}:${week.week}`]);

		const moved = await Rdv.findById(created._id);
		moved!.status = 'unknown';
		moved!.startsAt = at(7, 10);
		moved!.endsAt = at(7, 11);
		await moved!.save();
		const [nextKey] = await keyOf(created._id);
		expect(nextKey).not.toBe(key);
		expect((await latest(key)).busy).toBe('');
		expect(unpackBusy((await latest(nextKey)).busy).map((i) => i.startsAt)).toEqual([at(7, 10)]);
		// Only the newest version of each key is kept (the older ones removed after the write).
		await readModelsSettled();
		expect(await AgentBusyWeek.countDocuments({ key })).toBe(1);

		await moved!.deleteOne();
		expect((await latest(nextKey)).busy).toBe('');

		// Bulk inserts (seed, imports) too.
		const [bulk] = await Rdv.insertMany([rdv(at(49, 9), 30)]);
		expect(starts((await latest(bulk.agentWeeks[0])).busy)).toEqual([iso(bulk.startsAt)]);

		// And query writes, which run no document hook: a status change, then a bulk delete (a seed's rollback).
		const [bulkKey] = bulk.agentWeeks;
		await Rdv.updateOne({ _id: bulk._id }, { $set: { status: 'revoked' } });
		expect((await latest(bulkKey)).busy).toBe('');
		await Rdv.updateOne({ _id: bulk._id }, { $set: { status: 'unknown' } });
		expect(starts((await latest(bulkKey)).busy)).toEqual([iso(bulk.startsAt)]);
		await Rdv.deleteMany({ _id: { $in: [bulk._id] } });
		expect((await latest(bulkKey)).busy).toBe('');
	});

	it('stays exact when rebuilds of one week race with RDV writes', async () => {
		const [first] = await createRdvs(rdv(at(14, 9), 15, { organisationId: orgB }));
		const [key] = first.agentWeeks;
		// 12 RDVs written one by one while 30 extra rebuilds of the same week run concurrently.
		await Promise.all([
			(async () => {
				for (let i = 1; i <= 12; i++) await createRdvs(rdv(at(14, 9, i * 20), 15));
			})(),
			...Array.from({ length: 30 }, () => refreshBusyWeeks([key]))
		]);
		const rdvs = await Rdv.find({ agentWeeks: key }).lean();
		expect(rdvs).toHaveLength(13);
		const week = await latest(key);
		expect(starts(week.busy)).toEqual(rdvs.map((r) => iso(r.startsAt)).sort());
		expect(week.orgWeeks.sort()).toEqual([`${orgA}:${week.week}`, `${orgB}:${week.week}`].sort());
		await readModelsSettled();
		expect(await AgentBusyWeek.countDocuments({ key })).toBe(1);
	});

	it('never lets a rebuild that read the RDVs before a write overwrite the rebuild that followed it', async () => {
		const [first] = await createRdvs(rdv(at(42, 9), 15));
		const [key] = first.agentWeeks;
		let written: Date | undefined;
		// A slow rebuild: another RDV is booked (and its own rebuild finishes) while it is between its steps.
		await refreshBusyWeeks([key], {
			afterVersionChosen: async () => {
				if (written) return;
				written = (await createRdvs(rdv(at(42, 11), 15)))[0].startsAt;
			}
		});
		expect(starts((await latest(key)).busy)).toEqual([iso(first.startsAt), iso(written!)]);
	});

	it('gives the searches the same busy time as the RDVs themselves, across organisations and agents', async () => {
		await createRdvs(
			rdv(at(21, 9), 30),
			rdv(at(21, 10), 45, { organisationId: orgB }),
			rdv(at(22, 14), 30, { agentIds: [agent, other] }),
			rdv(at(23, 9), 30, { status: 'excused' }),
			rdv(at(23, 23, 30), 60) // crosses midnight
		);
		const start = at(20, 0);
		const end = at(28, 0);
		const fromRdvs = (await loadAgentRdvs([String(agent), String(other)], start, end, String(orgA))).filter(
			(r) => r.status !== 'excused'
		);
		const fromBusy = await loadAgentBusy([String(agent), String(other)], start, end, String(orgA));
		expect(fromBusy.length).toBe(5); // 4 active RDVs, one of them shared by two agents
		expect(comparable(fromBusy)).toEqual(
			comparable(
				fromRdvs.map((r) => ({ ...r, agentIds: r.agentIds.filter((a) => a === String(agent) || a === String(other)) }))
			)
		);
	});

	it('reads the neighbouring weeks when an agent also works for a territory in another zone', async () => {
		// Sunday 21:00 UTC is still Sunday in Paris but already Monday 08:00 of the NEXT week in Nouméa, where an
		// RDV of the Nouméa organisation is keyed.
		const start = at(56, 0); // a Tuesday
		const end = at(61, 22); // the Sunday after, 22:00 UTC
		const paris = { id: String(territoryId), timeZone: TZ };
		const local = await createRdvs(rdv(at(61, 19), 30));
		const read = () => loadAgentBusy([String(agent)], start, end, String(orgA), undefined, paris);
		expect((await read()).map((r) => iso(r.startsAt))).toEqual([iso(local[0].startsAt)]);

		const member = await Agent.findById(agent);
		member!.roles.push({ organisationId: orgN, level: 'basic' } as never);
		await member!.save();
		const [far] = await createRdvs(rdv(at(61, 21), 30, { organisationId: orgN, timeZone: 'Pacific/Noumea' }));
		expect(far.agentWeeks[0]).not.toBe(local[0].agentWeeks[0]);
		expect((await read()).map((r) => iso(r.startsAt)).sort()).toEqual([iso(local[0].startsAt), iso(far.startsAt)]);
	});

	it('is built on start when missing and mended by the nightly job', async () => {
		const [keep] = await createRdvs(rdv(at(35, 9), 30));
		const [key] = keep.agentWeeks;
		await AgentBusyWeek.deleteMany({});
		await ensureBusyWeeks();
		expect(starts((await latest(key)).busy)).toEqual([iso(keep.startsAt)]);

		// A lost rebuild: the read model says free, the RDV says busy. The nightly pass mends it.
		await AgentBusyWeek.deleteMany({ key });
		await AgentBusyWeek.create({ key, seq: 1, agentId: agent, week: key.split(':')[1], busy: '' });
		const worker = await startJobs({ schedulePeriodic: false, processEveryMs: 200 });
		try {
			await (
				await runJobNow('reconcile-busy-weeks', {})
			).finished;
		} finally {
			await worker.stop();
		}
		expect(starts((await latest(key)).busy)).toEqual([iso(keep.startsAt)]);
	});
});
