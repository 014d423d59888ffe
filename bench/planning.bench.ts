/**
 * Planning (issue 16): an organisation of 50 agents and 20,000 usagers with ~190 RDVs a weekday around today
 * (100,000 over two years of weekdays), on the embedded database, measured OVER HTTP against the built server
 * (bench/support.ts: the production build's handler with every hook, session cookie or bearer token) at 25,000,
 * 50,000 and 100,000 stored RDVs (the same days measured, only the collection grows):
 * - agenda_week: the agenda page's week feed (/agents/org/{org}/agenda/events, session cookie) of one agent and
 *   of 10 agents side by side (the metric is the worse);
 * - rdv_list_page: one page of GET /api/v1/rdvs with filters: the organisation's day (100 a page, the printed
 *   day list), one agent's « à renseigner » over a quarter, one motif over a month, the day's second page;
 * - usager_search: an usager search by name prefix (GET /api/v1/organisations/{org}/usagers?q=);
 * - move_rdv: a drag-and-drop move (PATCH /api/v1/rdvs/{id} with the version).
 * An endpoint the build does not answer yet (or no build at all) is measured in process instead, through its
 * service, and the results say so (`over`). Then where one list page's time goes, step by step, in process.
 * The metrics are the p95s at 100,000 RDVs.
 */
import os from 'node:os';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import mongoose, { Types } from 'mongoose';
import pg from 'pg';
import { addDays, isoWeekday, localDay, toInstant } from '../src/lib/domain/local-time.ts';
import type { SessionAgent } from '../src/lib/domain/types.ts';
import { createApiToken } from '../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../src/lib/server/auth/principal.ts';
import { createSession, SESSION_COOKIE } from '../src/lib/server/auth/session.ts';
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
import { readModelsSettled } from '../src/lib/server/db/read-models/background.ts';
import { ensureParticipantNames } from '../src/lib/server/db/read-models/participant-names.ts';
import {
	dayKey,
	readStoredDayCards,
	rebuildDayCards,
	refreshDayCards
} from '../src/lib/server/db/read-models/rdv-day-cards.ts';
import { agendaFeed } from '../src/lib/server/services/agenda/feed.ts';
import { editRdv } from '../src/lib/server/services/booking/index.ts';
import { getOrganisation } from '../src/lib/server/services/organisations.ts';
import { listRdvs, MAX_PAGE_SIZE } from '../src/lib/server/services/rdv-list.ts';
import { withCurrentNames } from '../src/lib/server/services/rdv-cards/read.ts';
import { FIRST_NAMES_ADULT, TERRITORIES } from '../src/lib/server/seed/data.ts';
import { Random } from '../src/lib/server/seed/random.ts';
import {
	hasBuild,
	measureWithin,
	startBuiltServer,
	table,
	writeResults,
	type BuiltServer,
	type Stats
} from './support.ts';

const TZ = 'Europe/Paris';
const AGENTS = 50;
const USAGERS = 20_000;
/** PLANNING_BENCH_SIZES=5000 for a quick try; the figures reported are the default sizes'. */
const SIZES = (process.env.PLANNING_BENCH_SIZES ?? '25000,50000,100000').split(',').map(Number);
/**
 * PLANNING_BENCH_ONLY=move: the move alone (over HTTP when built), then its round trips traced in process — a
 * quick look at one path on a busy machine, where the round trips say more than the milliseconds.
 */
const ONLY = process.env.PLANNING_BENCH_ONLY;
/** PLANNING_BENCH_HTTP=0: everything in process, even with a build (one built by someone else may be stale). */
const OVER_HTTP = process.env.PLANNING_BENCH_HTTP !== '0';
const RUNS = 20;
/** Each measure stops after about this long (a slow path reports fewer runs rather than stall the bench). */
const BUDGET_MS = 15_000;
const within = (fn: () => Promise<unknown>) => measureWithin(BUDGET_MS, RUNS, fn);

/** The demo seed's deterministic generator: the same world every run. */
const random = new Random(16);
const pick = <T>(list: readonly T[]): T => random.pick(list);

interface World {
	organisationId: string;
	serviceId: Types.ObjectId;
	motifIds: Types.ObjectId[];
	lieuIds: Types.ObjectId[];
	agentIds: Types.ObjectId[];
	usagers: { _id: Types.ObjectId; firstName: string; lastName: string }[];
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
	const lastNames = TERRITORIES[0]!.lastNames;
	const usagers: World['usagers'] = [];
	for (let done = 0; done < USAGERS; done += 2000) {
		const chunk = Array.from({ length: Math.min(2000, USAGERS - done) }, () => ({
			firstName: pick(FIRST_NAMES_ADULT),
			lastName: pick(lastNames),
			profiles: [{ organisationId }]
		}));
		const inserted = await Usager.insertMany(chunk);
		usagers.push(...inserted.map((u) => ({ _id: u._id, firstName: u.firstName, lastName: u.lastName })));
	}
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
		usagers,
		admin,
		days
	};
}

/**
 * `count` RDVs on random weekdays and agents, validated (keys computed) then inserted raw, as an importer would,
 * then the day cards of those days rebuilt. Each carries its participant's name as validation would store it
 * (the usager is known here: no lookup).
 */
async function insertRdvs(world: World, count: number, days: readonly string[]) {
	const now = Date.now();
	for (let done = 0; done < count; done += 2000) {
		const chunk = Array.from({ length: Math.min(2000, count - done) }, () => {
			const minutes = 8 * 60 + random.int(0, 119) * 5;
			const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
			const startsAt = toInstant(pick(days), time, TZ);
			const past = startsAt.getTime() < now;
			const agentId = pick(world.agentIds);
			const usager = pick(world.usagers);
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
				participants: [{ usagerId: usager._id }],
				participantNames: [{ usagerId: usager._id, firstName: usager.firstName, lastName: usager.lastName }],
				status: past ? (random.chance(0.1) ? 'unknown' : 'seen') : 'unknown',
				createdBy: { kind: 'agent', agentId }
			});
		});
		await Promise.all(chunk.map((d) => d.validate()));
		await Rdv.collection.insertMany(chunk.map((d) => d.toObject({ depopulate: true })));
	}
	// Raw inserts skip the model's hooks: an import rebuilds the organisation-day cards of the days it filled.
	await rebuildDayCards(days.map((d) => dayKey(world.organisationId, d)));
}

/**
 * A service function for the in-process fallbacks, from the first module that exists: services are being split
 * into folders while this bench measures them over HTTP.
 */
async function service<F>(name: string, modules: string[]): Promise<F> {
	for (const m of modules) {
		try {
			const mod = (await import(new URL(`../src/lib/server/services/${m}`, import.meta.url).href)) as Record<string, F>;
			if (mod[name]) return mod[name];
		} catch (err) {
			if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
		}
	}
	throw new Error(`${name} not found in ${modules.join(', ')}`);
}

type SearchUsagers = (organisationId: string, q: string) => Promise<unknown>;

interface Measured extends Stats {
	/** What failed (the scenario then has no figures, and the others still run). */
	error?: string;
	/** 'http' against the built server, or 'service' in process when the build does not answer it (yet). */
	over: 'http' | 'service';
}

async function fetchOk(url: string, init: RequestInit = {}): Promise<Response> {
	const res = await fetch(url, init);
	if (!res.ok)
		throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
	await res.arrayBuffer();
	return res;
}

/** Whether the built server answers this request with a success (an endpoint still being built does not). */
async function answers(url: string, init: RequestInit = {}): Promise<boolean> {
	const res = await fetch(url, init);
	const body = await res.text();
	if (!res.ok)
		console.log(`  ${init.method ?? 'GET'} ${new URL(url).pathname}: HTTP ${res.status}, measured in process`);
	return res.ok && body.length > 0;
}

/** One scenario's figures; a failure (an endpoint being changed, a 500) is reported instead of ending the run. */
async function measured(over: Measured['over'], fn: () => Promise<unknown>): Promise<Measured> {
	try {
		return { ...(await within(fn)), over };
	} catch (err) {
		const error = (err as Error).message.slice(0, 300);
		console.log(`  failed: ${error}`);
		return { p50: NaN, p95: NaN, mean: NaN, runs: 0, over, error };
	}
}

interface Ctx {
	world: World;
	server: BuiltServer | null;
	cookie: string;
	token: string;
	/** Per scenario: whether the build answers it. */
	overHttp: Map<string, boolean>;
}

/** The Monday of the week of `day`. */
const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));

/** The read scenarios: agenda weeks, RDV list pages, usager search. */
async function readScenarios(ctx: Ctx, out: Record<string, Measured>): Promise<void> {
	const { world, server } = ctx;
	const today = localDay(new Date(), TZ);
	const day = world.days.find((d) => d > today)!;
	const org = world.organisationId;
	const bearer = { authorization: `Bearer ${ctx.token}` };
	const cookie = { cookie: `${SESSION_COOKIE}=${ctx.cookie}` };

	// Agenda week: one agent, then 10 side by side.
	const monday = mondayOf(addDays(today, 7));
	const from = toInstant(monday, '00:00', TZ);
	const to = toInstant(addDays(monday, 7), '00:00', TZ);
	for (const n of [1, 10]) {
		const agentIds = world.agentIds.slice(0, n).map(String);
		const name = `agendaWeek${n}`;
		if (server) {
			const url = `${server.url}/agents/org/${org}/agenda/events?start=${encodeURIComponent(from.toISOString())}&end=${encodeURIComponent(to.toISOString())}&agentIds=${agentIds.join(',')}`;
			out[name] = await measured('http', () => fetchOk(url, { headers: cookie }));
		} else {
			out[name] = await measured('service', () => agendaFeed(world.admin, { organisationId: org, agentIds, from, to }));
		}
	}

	// RDV list pages.
	const lists: Record<string, Record<string, string>> = {
		listDay: { from: day, to: day, limit: String(MAX_PAGE_SIZE) },
		listAgentToFill: {
			from: addDays(today, -91),
			to: today,
			agentId: String(world.agentIds[7]),
			status: 'a_renseigner'
		},
		listMotifMonth: { from: today, to: addDays(today, 30), motifId: String(world.motifIds[2]) }
	};
	const first = await listRdvs(world.admin, { organisationId: org, from: day, to: day, limit: MAX_PAGE_SIZE });
	if (first?.nextCursor) lists.listDaySecondPage = { ...lists.listDay!, cursor: first.nextCursor };
	for (const [name, q] of Object.entries(lists)) {
		if (server) {
			const url = `${server.url}/api/v1/rdvs?${new URLSearchParams({ organisationId: org, ...q })}`;
			out[name] = await measured('http', () => fetchOk(url, { headers: bearer }));
		} else {
			const query = { organisationId: org, ...q, limit: q.limit ? Number(q.limit) : undefined };
			out[name] = await measured('service', () => listRdvs(world.admin, query as never));
		}
	}

	// Usager search by a name prefix (three letters of a common last name, then a first name).
	const prefixes = ['dub', 'lef', 'mar', 'ber', 'pet'];
	let i = 0;
	const searchUrl = (q: string) => `${server?.url}/api/v1/organisations/${org}/usagers?q=${encodeURIComponent(q)}`;
	if (!ctx.overHttp.has('usagerSearch'))
		ctx.overHttp.set('usagerSearch', !!server && (await answers(searchUrl('dub'), { headers: bearer })));
	const searchUsagers = await service<SearchUsagers>('searchUsagers', ['usagers/index.ts', 'usagers.ts']);
	out.usagerSearch = ctx.overHttp.get('usagerSearch')
		? await measured('http', () => fetchOk(searchUrl(prefixes[i++ % prefixes.length]!), { headers: bearer }))
		: await measured('service', () => searchUsagers(org, prefixes[i++ % prefixes.length]!));
}

async function scenarios(ctx: Ctx): Promise<Record<string, Measured>> {
	const { world, server } = ctx;
	const today = localDay(new Date(), TZ);
	const day = world.days.find((d) => d > today)!;
	const org = world.organisationId;
	const bearer = { authorization: `Bearer ${ctx.token}` };
	const out: Record<string, Measured> = {};

	if (ONLY !== 'move') await readScenarios(ctx, out);

	// Drag-and-drop move: one RDV back and forth between two free Saturday times, at the version last seen.
	const target = await Rdv.findOne({ days: day, organisationId: org }, { _id: 1, version: 1 }).lean();
	if (!target) throw new Error('no RDV to move');
	const saturday = addDays(mondayOf(day), 5);
	let version = target.version ?? 0;
	let flip = 0;
	const nextStart = () => toInstant(saturday, flip++ % 2 === 0 ? '10:00' : '11:00', TZ).toISOString();
	const moveUrl = `${server?.url}/api/v1/rdvs/${String(target._id)}`;
	const patch = async () => {
		const res = await fetch(moveUrl, {
			method: 'PATCH',
			headers: { ...bearer, 'content-type': 'application/json' },
			body: JSON.stringify({ startsAt: nextStart(), version, confirm: true })
		});
		if (!res.ok) throw new Error(`PATCH: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
		const body = (await res.json()) as { version?: number; data?: { version?: number } };
		version = body.version ?? body.data?.version ?? version + 1;
	};
	// The service the PATCH calls.
	const inProcess = async () => {
		const moved = await editRdv(String(target._id), { startsAt: nextStart(), version, confirm: true }, world.admin);
		if (!moved.ok) throw new Error(`move refused: ${moved.message}`);
		version = moved.rdv.version;
	};
	if (!ctx.overHttp.has('moveRdv')) {
		let ok = false;
		if (server)
			try {
				await patch();
				ok = true;
			} catch (err) {
				console.log(`  ${(err as Error).message.slice(0, 200)}: measured in process`);
			}
		ctx.overHttp.set('moveRdv', ok);
	}
	out.moveRdv = ctx.overHttp.get('moveRdv') ? await measured('http', patch) : await measured('service', inProcess);
	if (ONLY === 'move') {
		if (server) out.moveRdvInProcess = await measured('service', inProcess);
		await traceMove(inProcess);
	}
	return out;
}

interface Command {
	name: string;
	collection: string;
	start: number;
	end: number;
}

/**
 * The longest chain of commands each sent after the previous one answered: the round trips a request waits for
 * one after the other (commands sent together count once).
 */
function sequentialRoundTrips(commands: readonly Command[]): number {
	const byEnd = [...commands].sort((a, b) => a.end - b.end);
	const depth: number[] = [];
	byEnd.forEach((c, i) => {
		let before = 0;
		for (let j = 0; j < i; j++) if (byEnd[j]!.end <= c.start) before = Math.max(before, depth[j]!);
		depth.push(before + 1);
	});
	return Math.max(0, ...depth);
}

/**
 * Where a move's time goes, in process: the database commands it sends (the driver's command monitoring, for
 * which the connection is reopened), how many of them run one after the other, and those sent after it answered
 * (work left to run in the background). Prints the timeline of the median run.
 */
async function traceMove(move: () => Promise<void>, runs = 15): Promise<void> {
	const dbName = mongoose.connection.db!.databaseName;
	// The read models' housekeeping left by the moves measured before must not meet a closed connection.
	await readModelsSettled();
	await mongoose.disconnect();
	await mongoose.connect(process.env.MONGODB_URI!, { dbName, monitorCommands: true });
	const client = mongoose.connection.getClient();
	const open = new Map<number, Command>();
	let log: Command[] = [];
	let t0 = 0;
	const started = (e: CommandStartedEvent) => {
		const collection = e.command[e.commandName];
		open.set(e.requestId, {
			name: e.commandName,
			collection: typeof collection === 'string' ? collection : '',
			start: performance.now() - t0,
			end: NaN
		});
	};
	const ended = (e: CommandSucceededEvent | CommandFailedEvent) => {
		const c = open.get(e.requestId);
		if (!c) return;
		open.delete(e.requestId);
		c.end = performance.now() - t0;
		log.push(c);
	};
	client.on('commandStarted', started);
	client.on('commandSucceeded', ended);
	client.on('commandFailed', ended);
	const traced: { ms: number; before: Command[]; after: Command[] }[] = [];
	try {
		for (let i = 0; i < runs; i++) {
			log = [];
			t0 = performance.now();
			await move();
			const ms = performance.now() - t0;
			// Let the work the move left behind (not awaited) finish before the next one.
			await new Promise((resolve) => setTimeout(resolve, 300));
			traced.push({ ms, before: log.filter((c) => c.end <= ms), after: log.filter((c) => c.end > ms) });
		}
	} finally {
		client.off('commandStarted', started);
		client.off('commandSucceeded', ended);
		client.off('commandFailed', ended);
	}
	const median = [...traced].sort((a, b) => a.ms - b.ms)[Math.floor(traced.length / 2)]!;
	const round = (n: number) => Math.round(n * 10) / 10;
	console.log(
		`  move in process (${runs} runs, median): ${round(median.ms)} ms, ${median.before.length} commands before the answer, ` +
			`${sequentialRoundTrips(median.before)} one after the other, ${median.after.length} after it`
	);
	for (const c of [...median.before, ...median.after].sort((a, b) => a.start - b.start))
		console.log(
			`    ${round(c.start).toFixed(1).padStart(6)} → ${round(c.end).toFixed(1).padStart(6)}  ${c.name} ${c.collection}` +
				(c.end > median.ms ? '  (after the answer)' : '')
		);
}

/**
 * The SQL FerretDB sends for a day bucket (its pushed-down equality: `days` contains the day), timed in
 * PostgreSQL alone with its plan, to tell the database's share from FerretDB's decoding. Embedded database only.
 */
async function postgresDayQuery(day: string): Promise<Stats | null> {
	const pgUrl = process.env.GUICHET_EMBEDDED_PG_URL;
	if (!pgUrl) return null;
	const client = new pg.Client({ connectionString: pgUrl });
	await client.connect();
	try {
		const schema = mongoose.connection.db!.databaseName;
		const meta = await client.query<{ table: string }>(
			`SELECT _jsonb->>'table' AS table FROM ${pg.escapeIdentifier(schema)}._ferretdb_database_metadata WHERE _jsonb->>'_id' = 'rdvs'`
		);
		const table = meta.rows[0]?.table;
		if (!table) return null;
		const query = `SELECT _jsonb FROM ${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)} WHERE _jsonb->'days' @> $1::jsonb`;
		const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ANALYZE ${query}`, [JSON.stringify(day)]);
		console.log(`  PostgreSQL plan of a day bucket:\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
		return await within(() => client.query(query, [JSON.stringify(day)]));
	} finally {
		await client.end();
	}
}

/** Where one list page (the organisation's day, 100 a page) spends its time, step by step, in process. */
async function listSteps(world: World): Promise<Record<string, Stats>> {
	const today = localDay(new Date(), TZ);
	const day = world.days.find((d) => d > today)!;
	const org = world.organisationId;
	const lo = toInstant(day, '00:00', TZ);
	const hi = toInstant(addDays(day, 1), '00:00', TZ);
	const sql = await postgresDayQuery(day);
	return {
		...(sql ? { 'PostgreSQL alone: the day query FerretDB sends': sql } : {}),
		organisation: await within(() => getOrganisation(org)),
		// What the list read before the day cards, for comparison.
		'day RDVs, whole documents (not read any more)': await within(() =>
			Rdv.find({ organisationId: org, days: day, startsAt: { $gte: lo, $lt: hi } }).lean()
		),
		'day cards (the read model: one document)': await within(() => readStoredDayCards(org, [day])),
		'current names on the day cards (motifs, lieux; members cached)': await within(async () =>
			withCurrentNames(org, await readStoredDayCards(org, [day]))
		),
		'whole page (listRdvs)': await within(() =>
			listRdvs(world.admin, { organisationId: org, from: day, to: day, limit: MAX_PAGE_SIZE })
		),
		// What every write of an RDV of that day adds (the move measured above stays on a quiet Saturday).
		'day cards refresh after one RDV write (a full day)': await within(async () => {
			const one = await Rdv.findOne({ days: day, organisationId: org }, { _id: 1 }).lean();
			await refreshDayCards([dayKey(org, day)], [one!._id]);
		})
	};
}

export default async function run() {
	const started = performance.now();
	const step = (label: string) => console.log(`  … ${label} (${Math.round((performance.now() - started) / 1000)} s)`);
	await syncAllIndexes();
	// The server starts on the empty database, as a new deployment would: its start-up backfills (names on RDVs,
	// usagers' search keys, busy weeks) find nothing to do, and everything after is written through the models.
	let server: BuiltServer | null = null;
	if (OVER_HTTP && hasBuild()) {
		server = await startBuiltServer(process.env.MONGODB_URI!, mongoose.connection.db!.databaseName);
		step(`built server on ${server.url}`);
	} else {
		await ensureParticipantNames();
		console.log('  no build (run `npx vite build`): every measure is taken in process');
	}
	const world = await createWorld();
	step('organisation, agents and usagers created');
	const session = await createSession(String(world.agentIds[0]));
	const overHttp = new Map<string, boolean>();

	// Every size has the same density around today (that of the largest size over two years, ~190 RDVs a
	// weekday): the first RDVs fill the weekdays nearest today, the next ones go further into the past and the
	// future. The measured days look the same at every size; only the stored collection grows.
	const today = localDay(new Date(), TZ);
	const distance = (d: string) => Math.abs(Date.parse(d) - Date.parse(today));
	const byNearness = [...world.days].sort((a, b) => distance(a) - distance(b) || a.localeCompare(b));
	const daysFor = (size: number) => Math.max(1, Math.round((size / Math.max(...SIZES)) * byNearness.length));
	let daysFilled = 0;
	const results: Record<number, Record<string, Measured>> = {};
	let stored = 0;
	try {
		for (const size of SIZES) {
			const t0 = performance.now();
			await insertRdvs(world, size - stored, byNearness.slice(daysFilled, daysFor(size)));
			daysFilled = daysFor(size);
			stored = size;
			step(`${size} RDV stored (${Math.round(performance.now() - t0)} ms)`);
			// A token per size: each size's requests stay under the API's per-token rate limit.
			const { token } = await createApiToken(String(world.agentIds[0]), `Banc ${size}`);
			results[size] = await scenarios({ world, server, cookie: session.token, token, overHttp });
			step(`${size} RDV measured`);
		}
	} finally {
		await server?.stop();
		// Superseded read-model versions still being removed: done before the runner drops the database.
		await readModelsSettled();
	}
	table(
		SIZES.flatMap((size) =>
			Object.entries(results[size]!).map(([name, s]) => ({
				rdvs: size,
				scenario: name,
				over: s.over,
				p50: s.p50,
				p95: s.p95
			}))
		)
	);
	// A focused run prints its figures only: the results file keeps the last whole run's.
	if (ONLY) return;
	const steps = await listSteps(world);
	step('list steps measured');
	table(
		Object.entries(steps).map(([name, s]) => ({
			'list page step (in process, 100k RDVs)': name,
			p50: s.p50,
			p95: s.p95
		}))
	);
	const last = results[SIZES.at(-1)!]!;
	const worst = (prefix: string) =>
		Math.max(
			...Object.entries(last)
				.filter(([n]) => n.startsWith(prefix))
				.map(([, s]) => s.p95)
		);
	const metrics = {
		agenda_week_p95_ms: worst('agendaWeek'),
		rdv_list_page_p95_ms: worst('list'),
		usager_search_p95_ms: last.usagerSearch!.p95,
		move_rdv_p95_ms: last.moveRdv!.p95
	};
	for (const [name, value] of Object.entries(metrics)) console.log(`  ${name} = ${value}`);
	writeResults('planning', metrics, {
		world: { agents: AGENTS, usagers: USAGERS, sizes: SIZES, runsPerMeasure: RUNS },
		// The figures depend on what else runs: the 1, 5 and 15-minute load averages at the end, and the cores.
		machine: { cores: os.availableParallelism(), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
		seconds: Math.round((performance.now() - started) / 1000),
		over: server ? 'http (built server), unless a scenario says service' : 'service (no build)',
		results,
		listStepsAt100k: steps
	});
}
