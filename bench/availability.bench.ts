/**
 * Availability (issue 10): a generated organisation of 50 agents with recurring plages (Mon–Fri 09:00–12:00 and
 * 13:30–17:00) and 5,000 RDVs in the searched week, on the embedded database. Reports p50/p95 of
 * (a) the 7-day grid for one motif across all agents, engine only (input preloaded);
 * (b) next availability over 6 months, engine only: the first slot (typical) and a motif that never fits, which
 *     scans the whole 6 months (worst case, the reported metric);
 * (c) the same grid end to end: searchCreneaux (database load + engine + DTOs), and the GET /creneaux API
 *     route handler behind a real node:http server (bearer token, rate limit, zod, JSON);
 * and the brute-force oracle's time on (a)'s input. Then how the cost grows with agents, weeks and stored RDVs.
 */
import { createServer, type Server } from 'node:http';
import { registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { Types } from 'mongoose';
import { addDays, isoWeekday, localDay } from '../src/lib/domain/local-time.ts';
import { findSlots, mergeSlotsByTime, nextAvailability, type SlotQuery } from '../src/lib/domain/slots.ts';
import { oracleSlots } from '../src/lib/domain/slots-oracle.ts';
import { createApiToken } from '../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../src/lib/server/auth/principal.ts';
import { bookRdv, cancelRdv } from '../src/lib/server/services/booking/index.ts';
import { syncAllIndexes } from '../src/lib/server/db/indexes.ts';
import {
	Absence,
	Agent,
	Lieu,
	Motif,
	Organisation,
	PlageOuverture,
	Rdv,
	Service,
	Territory,
	Usager
} from '../src/lib/server/db/models/index.ts';
import { refreshBusyWeeks } from '../src/lib/server/db/busy-time.ts';
import {
	loadAgentBusy,
	loadAgentRdvs,
	loadAvailabilityInput,
	searchCreneaux
} from '../src/lib/server/services/creneaux.ts';
import { toInstant } from '../src/lib/domain/local-time.ts';
import { measure, table, type Stats } from './support.ts';
import { writeResults } from './support.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TZ = 'Europe/Paris';
const MAX_AGENTS = 200;
const BASE_AGENTS = 50;
const RDVS_PER_AGENT_IN_WINDOW = 100;

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const rand = random(42);

/** The Monday at least two weeks ahead: agents' searches leave out the past. */
function nextMonday(): string {
	let day = addDays(localDay(new Date(), TZ), 14);
	while (isoWeekday(day) !== 1) day = addDays(day, 1);
	return day;
}

interface World {
	organisationId: string;
	motifId: string;
	longMotifId: string;
	agentIds: string[];
	/** An admin of the organisation (books in the booking measure). */
	adminId: string;
	usagerId: Types.ObjectId;
	serviceId: Types.ObjectId;
	from: string;
}

interface Shared {
	serviceId: Types.ObjectId;
	territoryId: Types.ObjectId;
}

async function createTerritory(): Promise<Shared> {
	const serviceId = new Types.ObjectId();
	const territoryId = new Types.ObjectId();
	await Service.create({ _id: serviceId, name: 'PMI', shortName: 'PMI' });
	await Territory.create({
		_id: territoryId,
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: TZ,
		serviceIds: [serviceId]
	});
	return { serviceId, territoryId };
}

/** An organisation of `agentCount` agents, each with recurring plages (Mon–Fri mornings and afternoons). */
async function createWorld(name: string, agentCount: number, { serviceId, territoryId }: Shared): Promise<World> {
	const organisationId = new Types.ObjectId();
	await Organisation.create({ _id: organisationId, territoryId, name });
	const lieux = await Lieu.insertMany(
		[1, 2, 3].map((i) => ({ organisationId, name: `Lieu ${i}`, address: `${i} rue du Banc, 62000 Arras` }))
	);
	const [motif, longMotif] = await Motif.create([
		{ organisationId, serviceId, name: 'Consultation', durationMinutes: 30, locationType: 'public_office' },
		{ organisationId, serviceId, name: 'Bilan long', durationMinutes: 240, locationType: 'public_office' }
	]);
	const agents = await Agent.insertMany(
		Array.from({ length: agentCount }, (_, i) => ({
			email: `agent${i}@${organisationId}.bench.test`,
			firstName: 'Agent',
			lastName: `N°${String(i).padStart(3, '0')}`,
			serviceIds: [serviceId],
			roles: [{ organisationId, level: i === 0 ? 'admin' : 'basic' }]
		}))
	);
	const from = nextMonday();
	const plageStart = addDays(from, -7);
	await PlageOuverture.insertMany(
		agents.flatMap((a, i) =>
			[
				['09:00', '12:00'],
				['13:30', '17:00']
			].map(([startTime, endTime]) => ({
				agentId: a._id,
				organisationId,
				title: 'Permanence',
				lieuId: lieux[i % 3]._id,
				motifIds: [motif._id, longMotif._id],
				firstDay: plageStart,
				startTime,
				endTime,
				recurrence: { every: 'week', interval: 1, weekdays: [1, 2, 3, 4, 5] },
				timeZone: TZ
			}))
		)
	);
	const usager = await Usager.create({ firstName: 'Banc', lastName: 'Essai', profiles: [{ organisationId }] });
	return {
		organisationId: String(organisationId),
		motifId: String(motif._id),
		longMotifId: String(longMotif._id),
		agentIds: agents.map((a) => String(a._id)).sort(),
		adminId: String(agents[0]._id),
		usagerId: usager._id,
		serviceId,
		from
	};
}

/** `count` RDVs for each agent, on weekdays of the 7 days from `firstDay` + `weekOffset` weeks, 08:00–18:00. */
function rdvDocs(world: World, agentIds: string[], count: number, weeks: () => number) {
	const docs = [];
	for (const agentId of agentIds)
		for (let i = 0; i < count; i++) {
			const day = addDays(world.from, weeks() * 7 + Math.floor(rand() * 5));
			const minutes = 8 * 60 + Math.floor(rand() * 120) * 5;
			const startsAt = toInstant(
				day,
				`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`,
				TZ
			);
			docs.push({
				startsAt,
				endsAt: new Date(startsAt.getTime() + (15 + Math.floor(rand() * 4) * 10) * 60_000),
				timeZone: TZ,
				organisationId: world.organisationId,
				motifId: world.motifId,
				serviceId: world.serviceId,
				locationType: 'public_office',
				agentIds: [agentId],
				participants: [{ usagerId: world.usagerId }],
				status: rand() < 0.1 ? 'revoked' : 'unknown',
				createdBy: { kind: 'agent' }
			});
		}
	return docs;
}

/**
 * Bulk insert as an importer would: validate each RDV (computes its keys), insert the raw documents, then
 * rebuild the availability read model once for every agent-week touched.
 */
async function insertRdvs(docs: object[]) {
	const keys = new Set<string>();
	for (let i = 0; i < docs.length; i += 2000) {
		const chunk = docs.slice(i, i + 2000).map((d) => new Rdv(d));
		await Promise.all(chunk.map((d) => d.validate()));
		for (const d of chunk) for (const k of d.agentWeeks) keys.add(k);
		await Rdv.collection.insertMany(chunk.map((d) => d.toObject({ depopulate: true })));
	}
	await refreshBusyWeeks(keys);
}

// ---- The API route behind a real HTTP server ---------------------------------------------------------------

/** Lets plain Node load SvelteKit route files: `$lib/x` → src/lib/x.ts. */
function resolveSvelteKitAliases() {
	registerHooks({
		resolve(specifier, context, next) {
			if (specifier.startsWith('$lib/')) {
				const base = path.join(ROOT, 'src/lib', specifier.slice(5));
				const file = [base, `${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f) && f.match(/\.\w+$/));
				if (file) return next(pathToFileURL(file).href, context);
			}
			return next(specifier, context);
		}
	});
}

type RouteHandler = (event: unknown) => Promise<Response>;

async function startApiServer(
	handler: RouteHandler,
	params: Record<string, string>
): Promise<{ server: Server; port: number }> {
	const server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const request = new Request(url, { headers: req.headers as Record<string, string> });
		const response = await handler({
			request,
			url,
			params,
			route: { id: '/api/v1/organisations/[orgId]/creneaux' },
			locals: { requestId: 'bench', agent: null, sessionId: null },
			getClientAddress: () => '127.0.0.1',
			setHeaders: () => {}
		});
		res.writeHead(response.status, Object.fromEntries(response.headers));
		res.end(Buffer.from(await response.arrayBuffer()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

// ---------------------------------------------------------------------------------------------------------------

const ms = (s: Stats) => `${s.p50} / ${s.p95}`;
const started = performance.now();
const step = (label: string) => console.log(`  … ${label} (${Math.round(performance.now() - started)} ms)`);

export default async function run() {
	const t0 = performance.now();
	const shared = await createTerritory();
	const world = await createWorld('MDS Bench', BASE_AGENTS, shared);
	const base = world.agentIds;
	await insertRdvs(rdvDocs(world, base, RDVS_PER_AGENT_IN_WINDOW, () => 0));
	await syncAllIndexes();
	step('world created');
	const setupMs = Math.round(performance.now() - t0);

	const to = addDays(world.from, 7);
	const now = new Date();
	const query: SlotQuery = { from: world.from, to, now, audience: 'agent', agentIds: base };
	const loaded = await loadAvailabilityInput({
		organisationIds: [world.organisationId],
		motifId: world.motifId,
		from: world.from,
		to,
		agentIds: base
	});
	if (!loaded) throw new Error('bench world not found');
	const input = loaded.input;
	const rdvsInWindow = input.rdvs.length;

	step('input loaded');
	// (a) grid, engine only.
	let slotCount = 0;
	const grid = await measure(200, async () => {
		const r = findSlots(input, query);
		slotCount = mergeSlotsByTime(r.slots).length;
	});

	step('grid measured');
	// (b) next availability over 6 months, engine only (input for the whole horizon preloaded).
	const horizon = addDays(world.from, 183);
	const [sixMonths, sixMonthsLong] = await Promise.all(
		[world.motifId, world.longMotifId].map((motifId) =>
			loadAvailabilityInput({
				organisationIds: [world.organisationId],
				motifId,
				from: world.from,
				to: horizon,
				agentIds: base
			})
		)
	);
	const nextQuery = { from: world.from, now, audience: 'agent' as const, agentIds: base };
	const nextTypical = await measure(200, async () => nextAvailability(sixMonths!.input, nextQuery));
	let fullScanResult: unknown = undefined;
	const nextFullScan = await measure(50, async () => {
		fullScanResult = nextAvailability(sixMonthsLong!.input, nextQuery);
	});
	if (fullScanResult !== null) throw new Error('the long motif should never fit');

	step('next availability measured');
	// Where the end-to-end time goes: each load on its own.
	const start = toInstant(world.from, '00:00', TZ);
	const end = toInstant(to, '00:00', TZ);
	const parts = {
		'RDVs (booking checks)': await measure(3, () => loadAgentRdvs(base, start, end, world.organisationId), 1),
		'busy weeks (searches)': await measure(
			10,
			() =>
				loadAgentBusy(base, start, end, world.organisationId, undefined, {
					id: String(shared.territoryId),
					timeZone: TZ
				}),
			1
		),
		absences: await measure(5, () => Promise.all(base.map((agentId) => Absence.find({ agentId }).lean())), 1),
		plages: await measure(
			5,
			() => PlageOuverture.find({ organisationId: world.organisationId, motifIds: world.motifId }).lean(),
			1
		),
		members: await measure(5, () => Agent.find({ organisationIds: world.organisationId }).lean(), 1)
	};
	table(Object.entries(parts).map(([query, s]) => ({ query, 'p50 / p95 ms': ms(s) })));
	step('parts measured');

	// (c) end to end: service, then the HTTP route.
	const search = () =>
		searchCreneaux({
			organisationId: world.organisationId,
			motifId: world.motifId,
			from: world.from,
			to,
			audience: 'agent',
			agentIds: base
		});
	const service = await measure(10, search, 1);

	step('searchCreneaux measured');
	resolveSvelteKitAliases();
	const route = (await import(
		pathToFileURL(path.join(ROOT, 'src/routes/api/v1/organisations/[orgId]/creneaux/+server.ts')).href
	)) as {
		GET: RouteHandler;
	};
	const { token } = await createApiToken(world.agentIds[0], 'Benchmark');
	const { server, port } = await startApiServer(route.GET, { orgId: world.organisationId });
	const url = `http://127.0.0.1:${port}/api/v1/organisations/${world.organisationId}/creneaux?motifId=${world.motifId}&from=${world.from}&to=${to}&view=merged&${base.map((a) => `agentIds=${a}`).join('&')}`;
	let httpBytes = 0;
	const http = await measure(10, async () => {
		const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
		httpBytes = (await res.arrayBuffer()).byteLength;
	});
	server.close();

	step('http measured');
	// (d) booking then cancelling a free slot through the booking service (checks, claims, save, read model).
	const admin = await loadSessionAgent(world.adminId);
	const slot = (await search())?.merged[0];
	if (!admin || !slot) throw new Error('no admin or no free slot in the bench world');
	const actor = { kind: 'agent' as const, agent: admin };
	// An usager with no other RDV (the world's RDVs all share one usager and motif: same-time duplicates).
	const booker = await Usager.create({
		firstName: 'Banc',
		lastName: 'Réservation',
		profiles: [{ organisationId: world.organisationId }]
	});
	const bookAndCancel = await measure(10, async () => {
		const booked = await bookRdv(
			{
				organisationId: world.organisationId,
				motifId: world.motifId,
				startsAt: slot.startsAt,
				agentIds: [slot.agentIds[0]],
				usagerIds: [String(booker._id)],
				lieuId: slot.lieuId
			},
			actor
		);
		if (!booked.ok) throw new Error(`booking refused: ${booked.message}`);
		const cancelled = await cancelRdv(booked.rdv.id, actor, 'revoked');
		if (!cancelled.ok) throw new Error(`cancel refused: ${cancelled.message}`);
	});
	step('booking measured');
	// Oracle on (a)'s input.
	const oracle = await measure(2, async () => oracleSlots(input, query), 0);

	table([
		{ measure: '(a) 7-day grid, engine (p50 / p95 ms)', value: ms(grid), target: '≤ 10' },
		{ measure: '(b) next availability, first slot (ms)', value: ms(nextTypical), target: '' },
		{ measure: '(b) next availability, 6-month scan (ms)', value: ms(nextFullScan), target: '≤ 50' },
		{ measure: '(c) searchCreneaux, DB + engine (ms)', value: ms(service), target: '' },
		{ measure: '(c) GET /creneaux over HTTP (ms)', value: ms(http), target: '≤ 100' },
		{ measure: '(d) book + cancel one RDV, booking service (ms)', value: ms(bookAndCancel), target: '' },
		{
			measure: 'oracle, 7-day grid (ms)',
			value: ms(oracle),
			target: `× ${Math.round(oracle.p50 / Math.max(grid.p50, 0.001))}`
		}
	]);
	console.log(
		`${BASE_AGENTS} agents, ${rdvsInWindow} RDVs in the week, ${slotCount} merged slots, ${httpBytes} bytes over HTTP; setup ${setupMs} ms`
	);

	step('oracle measured');
	// ---- Growth -------------------------------------------------------------------------------------------------
	// Agents 10 → 200 (100 RDVs each in the week), in a second organisation of 200 agents.
	const big = await createWorld('MDS Croissance', MAX_AGENTS, shared);
	await insertRdvs(rdvDocs(big, big.agentIds, RDVS_PER_AGENT_IN_WINDOW, () => 0));
	const agentRows: Record<string, string | number>[] = [];
	for (const n of [10, 50, 100, 200]) {
		const agentIds = big.agentIds.slice(0, n);
		const l = await loadAvailabilityInput({
			organisationIds: [big.organisationId],
			motifId: big.motifId,
			source: 'busy-weeks',
			from: world.from,
			to,
			agentIds
		});
		const q = { ...query, agentIds };
		const engine = await measure(n > 100 ? 20 : 50, async () => mergeSlotsByTime(findSlots(l!.input, q).slots));
		const e2e = await measure(
			6,
			() =>
				searchCreneaux({
					organisationId: big.organisationId,
					motifId: big.motifId,
					from: world.from,
					to,
					audience: 'agent',
					agentIds
				}),
			1
		);
		agentRows.push({
			agents: n,
			'RDVs loaded': l!.input.rdvs.length,
			'engine p50/p95 ms': ms(engine),
			'searchCreneaux p50/p95 ms': ms(e2e)
		});
	}
	step('agents growth');
	table(agentRows);

	// Weeks 1 → 26 (50 agents; load + engine, since searchCreneaux caps a grid at 31 days).
	const weekRows: Record<string, string | number>[] = [];
	for (const weeks of [1, 4, 13, 26]) {
		const wTo = addDays(world.from, weeks * 7);
		const load = () =>
			loadAvailabilityInput({
				organisationIds: [world.organisationId],
				motifId: world.motifId,
				from: world.from,
				to: wTo,
				agentIds: base,
				source: 'busy-weeks'
			});
		const l = await load();
		const q = { ...query, to: wTo };
		const engine = await measure(weeks > 4 ? 10 : 30, async () => findSlots(l!.input, q));
		const e2e = await measure(6, async () => findSlots((await load())!.input, q), 1);
		weekRows.push({ weeks, 'engine p50/p95 ms': ms(engine), 'load + engine p50/p95 ms': ms(e2e) });
	}
	step('weeks growth');
	table(weekRows);

	// Stored RDVs: history in the 52 weeks before the window grows the collection; the searched week stays the same.
	const storedRows: Record<string, string | number>[] = [];
	const storedTarget = [25_000, 50_000, 100_000];
	const gridOnly = async () => {
		const e2e = await measure(6, search, 1);
		const count = await Rdv.estimatedDocumentCount();
		storedRows.push({ 'stored RDVs': count, 'searchCreneaux (50 agents) p50/p95 ms': ms(e2e) });
	};
	await gridOnly();
	for (const target of storedTarget.slice(1)) {
		const missing = target - (await Rdv.estimatedDocumentCount());
		const perAgent = Math.ceil(missing / BASE_AGENTS);
		await insertRdvs(rdvDocs(world, base, perAgent, () => -1 - Math.floor(rand() * 52)));
		await gridOnly();
	}
	table(storedRows);

	writeResults(
		'availability',
		{
			grid7d_p95_ms: grid.p95,
			next_availability_p95_ms: nextFullScan.p95,
			http_grid_p95_ms: http.p95,
			oracle_grid7d_ms: oracle.p50
		},
		{
			world: { agents: BASE_AGENTS, rdvsInWindow, mergedSlots: slotCount, from: world.from, setupMs },
			grid7d: grid,
			nextAvailabilityFirstSlot: nextTypical,
			nextAvailabilitySixMonthScan: nextFullScan,
			searchCreneaux: service,
			http: {
				...http,
				bytes: httpBytes,
				what: 'GET /api/v1/organisations/{orgId}/creneaux?view=merged via node:http + fetch'
			},
			bookAndCancel,
			oracle,
			growth: { agents: agentRows, weeks: weekRows, storedRdvs: storedRows }
		}
	);
}
