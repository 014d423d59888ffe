/**
 * Planning (issue 16), the RDV list only: an organisation of 50 agents with RDVs spread over two years of
 * weekdays (about 200 a day), on the embedded database. Reports p50/p95 of one page of the list, in process
 * (listRdvs: the equality-selected day or agent-week reads, the filters, the names), for:
 * (a) one day of the whole organisation (« RDV du jour », 100 per page, the printed day list);
 * (b) one agent's « à renseigner » over the last quarter (the banner's link, week by week on agentWeeks);
 * (c) one motif over a month (50 per page: day by day with the motif pushed down as an equality);
 * (d) the second page of (a), from its cursor.
 * at 50,000 then 100,000 stored RDVs: the reads select equalities, so the cost follows what a page reads
 * (one day, one agent-week), not the collection. rdv_list_page_p95_ms is the worst p95 at 100,000.
 */
import { Types } from 'mongoose';
import { addDays, isoWeekday, localDay, toInstant } from '../src/lib/domain/local-time.ts';
import type { SessionAgent } from '../src/lib/domain/types.ts';
import { syncAllIndexes } from '../src/lib/server/db/indexes.ts';
import {
	Agent,
	Lieu,
	Motif,
	Organisation,
	Rdv,
	Service,
	Territory,
	Usager
} from '../src/lib/server/db/models/index.ts';
import { loadSessionAgent } from '../src/lib/server/auth/principal.ts';
import { listRdvs, MAX_PAGE_SIZE, type RdvListQuery } from '../src/lib/server/services/rdv-list.ts';
import { Random } from '../src/lib/server/seed/random.ts';
import { measure, table, writeResults, type Stats } from './support.ts';

const TZ = 'Europe/Paris';
const AGENTS = 50;
const USAGERS = 2_000;

/** The demo seed's deterministic generator: the same world every run. */
const random = new Random(16);
const rand = () => random.next();
const pick = <T>(list: readonly T[]): T => random.pick(list);

interface World {
	organisationId: string;
	serviceId: Types.ObjectId;
	motifIds: Types.ObjectId[];
	lieuIds: Types.ObjectId[];
	agentIds: Types.ObjectId[];
	usagerIds: Types.ObjectId[];
	admin: SessionAgent;
	/** The weekdays RDVs are spread over (the past year and the coming one). */
	days: string[];
}

async function createWorld(): Promise<World> {
	const serviceId = new Types.ObjectId();
	const territoryId = new Types.ObjectId();
	const organisationId = new Types.ObjectId();
	await Service.create({ _id: serviceId, name: 'PMI', shortName: 'PMI' });
	await Territory.create({
		_id: territoryId,
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: TZ,
		serviceIds: [serviceId]
	});
	await Organisation.create({ _id: organisationId, territoryId, name: 'MDS Banc' });
	const lieux = await Lieu.insertMany(
		[1, 2, 3].map((i) => ({ organisationId, name: `Lieu ${i}`, address: `${i} rue du Banc, 62000 Arras` }))
	);
	const motifs = await Motif.insertMany(
		[1, 2, 3, 4, 5].map((i) => ({
			organisationId,
			serviceId,
			name: `Motif ${i}`,
			durationMinutes: 30,
			locationType: 'public_office'
		}))
	);
	const agents = await Agent.insertMany(
		Array.from({ length: AGENTS }, (_, i) => ({
			email: `agent${i}@planning.bench.test`,
			firstName: 'Agent',
			lastName: `N°${String(i).padStart(3, '0')}`,
			serviceIds: [serviceId],
			roles: [{ organisationId, level: i === 0 ? 'admin' : 'basic' }]
		}))
	);
	const usagers = await Usager.insertMany(
		Array.from({ length: USAGERS }, (_, i) => ({
			firstName: 'Usager',
			lastName: `N°${i}`,
			profiles: [{ organisationId }]
		}))
	);
	const today = localDay(new Date(), TZ);
	const admin = await loadSessionAgent(String(agents[0]!._id));
	if (!admin) throw new Error('bench admin missing');
	const days: string[] = [];
	for (let d = addDays(today, -365); d <= addDays(today, 365); d = addDays(d, 1)) if (isoWeekday(d) <= 5) days.push(d);
	return {
		organisationId: String(organisationId),
		serviceId,
		motifIds: motifs.map((m) => m._id),
		lieuIds: lieux.map((l) => l._id),
		agentIds: agents.map((a) => a._id),
		usagerIds: usagers.map((u) => u._id),
		admin,
		days
	};
}

/** `count` RDVs on random weekdays and agents, validated (keys computed) then inserted raw, as an importer would. */
async function insertRdvs(world: World, count: number) {
	const now = Date.now();
	for (let done = 0; done < count; done += 2000) {
		const chunk = Array.from({ length: Math.min(2000, count - done) }, () => {
			const minutes = 8 * 60 + Math.floor(rand() * 120) * 5;
			const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
			const startsAt = toInstant(pick(world.days), time, TZ);
			const past = startsAt.getTime() < now;
			const agentId = pick(world.agentIds);
			return new Rdv({
				startsAt,
				endsAt: new Date(startsAt.getTime() + 30 * 60_000),
				timeZone: TZ,
				organisationId: world.organisationId,
				motifId: pick(world.motifIds),
				serviceId: world.serviceId,
				locationType: 'public_office',
				lieuId: pick(world.lieuIds),
				agentIds: [agentId],
				participants: [{ usagerId: pick(world.usagerIds) }],
				status: past ? (rand() < 0.1 ? 'unknown' : 'seen') : 'unknown',
				createdBy: { kind: 'agent', agentId }
			});
		});
		await Promise.all(chunk.map((d) => d.validate()));
		await Rdv.collection.insertMany(chunk.map((d) => d.toObject({ depopulate: true })));
	}
}

async function scenarios(world: World): Promise<Record<string, Stats>> {
	const today = localDay(new Date(), TZ);
	const day = world.days.find((d) => d > today)!;
	const base = { organisationId: world.organisationId };
	const page = async (q: Omit<RdvListQuery, 'organisationId'>) => {
		const result = await listRdvs(world.admin, { ...base, ...q });
		if (!result) throw new Error('no page');
		return result;
	};
	const dayQuery = { from: day, to: day, limit: MAX_PAGE_SIZE };
	const second = (await page(dayQuery)).nextCursor ?? undefined;
	return {
		day: await measure(20, () => page(dayQuery)),
		agentToFill: await measure(20, () =>
			page({
				from: addDays(today, -91),
				to: today,
				agentId: String(world.agentIds[7]),
				status: 'a_renseigner'
			})
		),
		motifMonth: await measure(20, () =>
			page({ from: today, to: addDays(today, 30), motifId: String(world.motifIds[2]) })
		),
		daySecondPage: await measure(20, () => page({ ...dayQuery, cursor: second }))
	};
}

export default async function run() {
	await syncAllIndexes();
	const world = await createWorld();
	const sizes = [50_000, 100_000];
	const results: Record<number, Record<string, Stats>> = {};
	let stored = 0;
	for (const size of sizes) {
		const t0 = performance.now();
		await insertRdvs(world, size - stored);
		stored = size;
		console.log(`  ${size} RDV stored (${Math.round(performance.now() - t0)} ms)`);
		results[size] = await scenarios(world);
	}
	table(
		sizes.flatMap((size) =>
			Object.entries(results[size]!).map(([name, s]) => ({ rdvs: size, scenario: name, p50: s.p50, p95: s.p95 }))
		)
	);
	const last = results[sizes.at(-1)!]!;
	const metrics = { rdv_list_page_p95_ms: Math.max(...Object.values(last).map((s) => s.p95)) };
	console.log(`  rdv_list_page_p95_ms = ${metrics.rdv_list_page_p95_ms}`);
	writeResults('planning', metrics, { agents: AGENTS, results });
}
