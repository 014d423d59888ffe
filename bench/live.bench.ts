/**
 * Live planning (issue 17): how long an RDV change takes to reach every open planning it concerns.
 *
 * The built server runs as the production entry does (bench/support.ts `realtime`: the runtime on the HTTP
 * server, Socket.IO beside the handler), on the bench's embedded database. 10 organisations of 10 agents over
 * three services (two agents belong to two services, so some agents see an agenda but not an RDV on it: the
 * « busy » audience); real `socket.io-client` sockets, each with an agent's real session cookie, join their
 * organisation's planning (`planning:join`), spread round-robin over the organisations and their agents (several
 * sockets of one agent share its session, as a browser's tabs do). Then a stream of RDV changes, one after the
 * other, written through the HTTP API with each organisation's admin's bearer token, so the server process
 * commits and publishes them: create → move (PATCH) → status « excusé » → status « à venir » (reactivation) →
 * cancel (revoked), round-robin over the organisations.
 *
 * What is timed, per change: from the write's commit to the moment EVERY follower of the organisation's planning
 * holds its message: the full card at the new version (agents who may see the RDV), the busy entry (agents who
 * see one of its agents' agendas only), or the bare sequence number (the others; they must get one too, or
 * their sequence shows a gap and they refetch). The commit instant is the RDV document's `updatedAt`, read back
 * after the API answered: Mongoose stamps it as the save is sent, the document commits within that save's round
 * trip (a few ms), and the event is published only once the save resolved, after its post-save read models
 * (busy weeks, organisation-day cards). The figure thus includes those, reading the card and fanning it out,
 * not only the transport: the message's own `at` (stamped by the bridge as it hears the event) would leave them
 * out, so commit → publish and publish → client are printed beside it. Both clocks are this machine's. Each
 * client stamps a message when socket.io-client hands it over, parsed: that is when it holds the data (no
 * refetch follows).
 * One change at a time (the next starts once every follower has it, or after a 2 s timeout counted as missed),
 * so every message is attributed to its change without ambiguity; the stream's rate is the write path's.
 *
 * Runs: one node (no Redis) with 100, then 300, then 1,000 clients (each step adds sockets to the previous),
 * then two nodes (two server processes sharing Debian's redis-server, started on a free port as `npm test`
 * does, through the Socket.IO Redis adapter), clients alternating between the nodes, every write on node A.
 * The 1,000-client step uses the same client loop: a message handler only stamps the time and files the
 * message, so one bench process keeps up (what it costs it is inside the figures, an upper bound).
 * Each message is also checked: the audience the permissions module gives (canSeeRdv / canSeeAgenda), no
 * usager name outside full cards, nothing to sockets of other organisations, no gap in the sequence numbers.
 *
 * Metrics: the p95 over changes of that every-follower time at 300 clients, on one node and across two;
 * kib_per_socket: the server's resident memory growth (VmRSS) from before the first socket to 1,000 sockets
 * joined, per socket (the largest step, for the least noise). `npm run bench live`: about 2½ minutes of
 * measures on the shared 2-core machine, after the wait for the e2e lock to copy build/ (a Playwright run may
 * hold it for a few minutes).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import mongoose from 'mongoose';
import { io as connectClient, type Socket } from 'socket.io-client';
import { addDays, localDay, toInstant } from '../src/lib/domain/local-time.ts';
import { canSeeAgenda, canSeeRdv } from '../src/lib/domain/permissions.ts';
import type { ClientToServerEvents, RdvChanged, ServerToClientEvents } from '../src/lib/domain/realtime.ts';
import type { AgentPrincipal } from '../src/lib/domain/types.ts';
import { findRedisServer, startThrowawayRedis, type ThrowawayRedis } from '../src/bin/redis.ts';
import { createApiToken } from '../src/lib/server/auth/api-token.ts';
import { createSession, SESSION_COOKIE } from '../src/lib/server/auth/session.ts';
import { syncAllIndexes } from '../src/lib/server/db/indexes.ts';
import { Agent, Motif, Organisation, Rdv, Service, Territory, Usager } from '../src/lib/server/db/models/index.ts';
import { startBuiltServer, table, writeResults, type BuiltServer } from './support.ts';

const TZ = 'Europe/Paris';
const ORGANISATIONS = 10;
const AGENTS_PER_ORGANISATION = 10;
const USAGERS_PER_ORGANISATION = 40;
/** The client counts of the growth steps (LIVE_BENCH_CLIENTS=100,300 for a quick try); the metrics are at 300. */
const STEPS = (process.env.LIVE_BENCH_CLIENTS ?? '100,300,1000').split(',').map(Number);
const METRIC_CLIENTS = 300;
/** Measured changes per step (after a few unmeasured ones). */
const CHANGES = Number(process.env.LIVE_BENCH_CHANGES ?? 200);
const WARMUP_CHANGES = 5;
/** A follower without its message this long after the API answered counts as missed. */
const TIMEOUT_MS = 2000;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface BenchAgent {
	id: string;
	principal: AgentPrincipal;
	serviceIds: string[];
	cookie: string;
}

interface BenchOrganisation {
	id: string;
	motifs: { id: string; serviceId: string }[];
	agents: BenchAgent[];
	usagers: { id: string; lastName: string }[];
	/** The admin's bearer token: the writes go through the API as an agent would. */
	token: string;
	/** The RDV going through its lifecycle, and where the next one goes. */
	current?: { id: string; version: number; serviceId: string; agentIds: string[]; usagerLastName: string };
	step: number;
	slot: number;
}

interface LiveClient {
	socket: Client;
	organisation: number;
	agent: BenchAgent;
	node: number;
	/** Messages of the change under way (stamped on arrival). */
	inbox: { t: number; m: RdvChanged }[];
	/** Last sequence number seen per publishing node. */
	seqs: Map<string, number>;
}

const LIFECYCLE = ['create', 'move', 'excused', 'reactivate', 'cancel'] as const;
type Action = (typeof LIFECYCLE)[number];

const now = () => performance.timeOrigin + performance.now();

const benchStart = performance.now();
/** A progress line with the seconds since the start. */
const step = (label: string) => console.log(`  … ${label} (${Math.round((performance.now() - benchStart) / 1000)} s)`);

// ---- World -----------------------------------------------------------------------------------------------------

async function createWorld(): Promise<BenchOrganisation[]> {
	const services = await Service.insertMany(
		['PMI', 'RSA', 'Social'].map((name) => ({ name: `${name} (banc)`, shortName: name }))
	);
	const serviceIds = services.map((s) => String(s._id));
	const territory = await Territory.create({
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: TZ,
		serviceIds: services.map((s) => s._id)
	});
	const out: BenchOrganisation[] = [];
	for (let o = 0; o < ORGANISATIONS; o++) {
		const organisation = await Organisation.create({ territoryId: territory._id, name: `MDS Live ${o}` });
		const organisationId = String(organisation._id);
		const motifs = await Motif.insertMany(
			serviceIds.map((serviceId, i) => ({
				organisationId,
				serviceId,
				name: `Motif ${i}`,
				durationMinutes: 30,
				locationType: 'phone'
			}))
		);
		// Agent 0 is the admin; 1 and 2 belong to two services each (their agendas are seen by agents of both,
		// their RDVs of one service only by that service's agents: the others get busy entries).
		const agentServices = (i: number) => (i === 1 ? [0, 1] : i === 2 ? [1, 2] : [i === 0 ? 0 : i % serviceIds.length]);
		const agents = await Agent.insertMany(
			Array.from({ length: AGENTS_PER_ORGANISATION }, (_, i) => ({
				email: `agent${i}@org${o}.live.bench.test`,
				firstName: 'Agent',
				lastName: `${o}-${i}`,
				serviceIds: agentServices(i).map((s) => serviceIds[s]),
				roles: [{ organisationId, level: i === 0 ? 'admin' : 'basic' }],
				rdvNotificationLevel: 'none'
			}))
		);
		const usagers = await Usager.insertMany(
			Array.from({ length: USAGERS_PER_ORGANISATION }, (_, i) => ({
				firstName: 'Usager',
				lastName: `Banclive${o}x${i}`,
				profiles: [{ organisationId }]
			}))
		);
		const benchAgents: BenchAgent[] = [];
		for (const a of agents) {
			const { token } = await createSession(String(a._id));
			const ids = a.serviceIds.map(String);
			benchAgents.push({
				id: String(a._id),
				serviceIds: ids,
				cookie: `${SESSION_COOKIE}=${token}`,
				principal: {
					id: String(a._id),
					roles: [{ organisationId, level: a.roles[0]!.level }],
					serviceIds: ids,
					secretariat: false,
					territorialRoles: []
				}
			});
		}
		const { token } = await createApiToken(benchAgents[0]!.id, 'Banc temps réel');
		out.push({
			id: organisationId,
			motifs: motifs.map((m) => ({ id: String(m._id), serviceId: String(m.serviceId) })),
			agents: benchAgents,
			usagers: usagers.map((u) => ({ id: String(u._id), lastName: u.lastName })),
			token,
			step: 0,
			slot: 0
		});
	}
	return out;
}

/** What a follower should get for an RDV, as the permissions module decides. */
function expectedAudience(agent: BenchAgent, org: BenchOrganisation): RdvChanged['audience'] {
	const rdv = org.current!;
	const target = { organisationId: org.id, serviceId: rdv.serviceId, agentIds: rdv.agentIds };
	if (canSeeRdv(agent.principal, target)) return 'full';
	const seesAnAgenda = rdv.agentIds.some((agentId) =>
		canSeeAgenda(agent.principal, {
			organisationId: org.id,
			agentId,
			agentServiceIds: org.agents.find((a) => a.id === agentId)!.serviceIds
		})
	);
	return seesAnAgenda ? 'busy' : 'none';
}

// ---- Writes ----------------------------------------------------------------------------------------------------

let rng = 17;
/** A small deterministic generator: the same stream of changes every run. */
const random = (n: number) => {
	rng = (rng * 1103515245 + 12345) % 2147483648;
	return rng % n;
};

/** One step of the organisation's RDV lifecycle through the API; the RDV's id and new version. */
async function write(url: string, org: BenchOrganisation): Promise<{ action: Action; rdvId: string; version: number }> {
	const action = LIFECYCLE[org.step % LIFECYCLE.length]!;
	const headers = { authorization: `Bearer ${org.token}`, 'content-type': 'application/json' };
	const call = async (method: string, path: string, body: unknown) => {
		const res = await fetch(`${url}/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
		const json = (await res.json()) as { id?: string; version?: number; error?: { code: string; message: string } };
		if (!res.ok) throw new Error(`${action} ${method} ${path}: HTTP ${res.status} ${JSON.stringify(json.error)}`);
		return json as { id: string; version: number };
	};
	// Two RDVs a slot hour, half an hour apart (created at :00, moved to :30), on the days after tomorrow.
	const day = addDays(localDay(new Date(), TZ), 2 + Math.floor(org.slot / 10));
	const hour = String(8 + (org.slot % 10)).padStart(2, '0');
	const rdv = org.current;
	let result: { id: string; version: number };
	switch (action) {
		case 'create': {
			const motif = org.motifs[random(org.motifs.length)]!;
			const agents = org.agents.filter((a) => a.serviceIds.includes(motif.serviceId));
			const agent = agents[random(agents.length)]!;
			const usager = org.usagers[random(org.usagers.length)]!;
			result = await call('POST', '/rdvs', {
				organisationId: org.id,
				motifId: motif.id,
				startsAt: toInstant(day, `${hour}:00`, TZ).toISOString(),
				agentIds: [agent.id],
				usagerIds: [usager.id],
				notifications: [{ usagerId: usager.id, sendLifecycleNotifications: false, sendReminderNotification: false }],
				confirm: true
			});
			org.current = {
				id: result.id,
				version: result.version,
				serviceId: motif.serviceId,
				agentIds: [agent.id],
				usagerLastName: usager.lastName
			};
			break;
		}
		case 'move':
			result = await call('PATCH', `/rdvs/${rdv!.id}`, {
				startsAt: toInstant(day, `${hour}:30`, TZ).toISOString(),
				version: rdv!.version,
				confirm: true
			});
			break;
		case 'excused':
		case 'reactivate':
			result = await call('POST', `/rdvs/${rdv!.id}/status`, {
				status: action === 'excused' ? 'excused' : 'unknown',
				version: rdv!.version
			});
			break;
		case 'cancel':
			result = await call('POST', `/rdvs/${rdv!.id}/cancel`, { status: 'revoked', version: rdv!.version });
			org.slot++;
			break;
	}
	org.current!.version = result.version;
	org.step++;
	return { action, rdvId: result.id, version: result.version };
}

// ---- Clients ---------------------------------------------------------------------------------------------------

interface ChangeUnderWay {
	organisation: number;
	/** Known once the API answered. */
	expect?: { rdvId: string; version: number };
	/** Followers still waiting for their entry. */
	pending: Set<LiveClient>;
	/** First arrival of each follower's entry. */
	held: Map<LiveClient, { t: number; m: RdvChanged }>;
	done?: () => void;
}

interface Tally {
	/** Messages whose audience is not the permissions module's. */
	wrongAudience: number;
	/** Busy or bare messages carrying an usager's name. */
	personalDataLeaks: number;
	/** Messages to sockets not following the changed organisation. */
	otherOrganisation: number;
	/** Messages that carry no entry (an id to refetch, or an older version). */
	withoutEntry: number;
	sequenceGaps: number;
	/** Messages arriving after their change timed out. */
	late: number;
	/** Entries held, by audience (the world gives all three). */
	full: number;
	busy: number;
	none: number;
}

const noTally = (): Tally => ({
	wrongAudience: 0,
	personalDataLeaks: 0,
	otherOrganisation: 0,
	withoutEntry: 0,
	sequenceGaps: 0,
	late: 0,
	full: 0,
	busy: 0,
	none: 0
});

class Fleet {
	clients: LiveClient[] = [];
	change: ChangeUnderWay | null = null;
	tally = noTally();

	private readonly orgs: BenchOrganisation[];

	constructor(orgs: BenchOrganisation[]) {
		this.orgs = orgs;
	}

	/** Adds clients up to `count`, alternating between the nodes, each joined to its organisation's planning. */
	async grow(count: number, urls: string[]): Promise<void> {
		const batch: Promise<void>[] = [];
		for (let i = this.clients.length; i < count; i++) {
			const organisation = i % this.orgs.length;
			const agents = this.orgs[organisation]!.agents;
			const agent = agents[Math.floor(i / this.orgs.length) % agents.length]!;
			batch.push(this.connect(organisation, agent, i % urls.length, urls[i % urls.length]!));
			if (batch.length === 50) await Promise.all(batch.splice(0));
		}
		await Promise.all(batch);
	}

	private async connect(organisation: number, agent: BenchAgent, node: number, url: string): Promise<void> {
		const socket: Client = connectClient(url, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			extraHeaders: { cookie: agent.cookie }
		});
		const client: LiveClient = { socket, organisation, agent, node, inbox: [], seqs: new Map() };
		socket.on('rdv.changed', (m) => this.receive(client, m, now()));
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const joined = await socket.timeout(10_000).emitWithAck('planning:join', this.orgs[organisation]!.id);
		if (!joined.ok) throw new Error(`planning:join refused: ${joined.error}`);
		this.clients.push(client);
	}

	private receive(client: LiveClient, m: RdvChanged, t: number): void {
		if (typeof m.seq === 'number' && typeof m.node === 'string') {
			const last = client.seqs.get(m.node);
			if (last !== undefined && m.seq !== last + 1) this.tally.sequenceGaps++;
			client.seqs.set(m.node, m.seq);
		}
		const change = this.change;
		if (!change) {
			this.tally.late++;
			return;
		}
		if (client.organisation !== change.organisation) {
			this.tally.otherOrganisation++;
			return;
		}
		client.inbox.push({ t, m });
		if (change.expect) this.settle(change, client);
	}

	/** Files the client's messages for the change; true when it holds the new entry. */
	private settle(change: ChangeUnderWay, client: LiveClient): void {
		const { rdvId, version } = change.expect!;
		const org = this.orgs[change.organisation]!;
		for (const { t, m } of client.inbox.splice(0)) {
			const holds =
				m.audience === 'full'
					? m.rdvId === rdvId && m.card?.version === version
					: m.audience === 'busy'
						? m.rdvId === rdvId
						: m.audience === 'none';
			if (!holds) {
				this.tally.withoutEntry++;
				continue;
			}
			if (m.audience !== expectedAudience(client.agent, org)) this.tally.wrongAudience++;
			if (m.audience !== 'full' && JSON.stringify(m).includes(org.current!.usagerLastName))
				this.tally.personalDataLeaks++;
			if (m.audience === 'full' || m.audience === 'busy' || m.audience === 'none') this.tally[m.audience]++;
			if (!change.held.has(client)) change.held.set(client, { t, m });
			change.pending.delete(client);
		}
		if (change.pending.size === 0) change.done?.();
	}

	/** One change, written on `writeUrl`; the times at which each follower held it. */
	async measureChange(org: number, writeUrl: string) {
		const followers = this.clients.filter((c) => c.organisation === org);
		const change: ChangeUnderWay = { organisation: org, pending: new Set(followers), held: new Map() };
		this.change = change;
		const sent = now();
		const { action, rdvId, version } = await write(writeUrl, this.orgs[org]!);
		const answered = now();
		const doc = await Rdv.findById(rdvId, { updatedAt: 1 }).lean<{ updatedAt?: Date }>();
		const committed = doc?.updatedAt?.getTime() ?? sent;
		const all = new Promise<void>((resolve) => (change.done = resolve));
		change.expect = { rdvId, version };
		for (const c of followers) this.settle(change, c);
		if (change.pending.size === 0) change.done?.();
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([all, new Promise((r) => (timer = setTimeout(r, TIMEOUT_MS)))]);
		clearTimeout(timer);
		this.change = null;
		for (const c of followers) c.inbox.length = 0;
		const arrivals = [...change.held.values()];
		const remote = [...change.held].filter(([c]) => c.node > 0).map(([, a]) => a.t - committed);
		return {
			action,
			followers: followers.length,
			missed: change.pending.size,
			writeMs: answered - sent,
			/** Commit → every follower holds it (only when none missed). */
			everyMs: change.pending.size === 0 ? Math.max(...arrivals.map((a) => a.t - committed)) : NaN,
			deliveriesMs: arrivals.map((a) => a.t - committed),
			/** Commit → every follower on the other node(s) holds it, through Redis. */
			remoteMs: change.pending.size === 0 && remote.length > 0 ? Math.max(...remote) : NaN,
			publishToClientMs: arrivals.filter((a) => a.m.at).map((a) => a.t - Date.parse(a.m.at)),
			/** Commit → publish (reading the card), once per change. */
			commitToPublishMs: arrivals[0]?.m.at ? Date.parse(arrivals[0].m.at) - committed : NaN
		};
	}

	close(): void {
		for (const c of this.clients) c.socket.disconnect();
		this.clients = [];
	}
}

// ---- Measures --------------------------------------------------------------------------------------------------

const round = (n: number) => Math.round(n * 10) / 10;
function quantile(values: number[], q: number): number {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

/** The server process's resident memory, in KiB. */
function rssKib(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((l) => l.startsWith('VmRSS:'));
	return Number(line?.match(/\d+/)?.[0] ?? NaN);
}

interface StepResult {
	nodes: number;
	clients: number;
	changes: number;
	/** Changes some follower did not get within the timeout. */
	missedChanges: number;
	every_p50_ms: number;
	every_p95_ms: number;
	/** Two nodes: the followers on node B only (every write is made on node A). */
	node_b_p95_ms: number;
	delivery_p50_ms: number;
	delivery_p95_ms: number;
	publish_to_client_p95_ms: number;
	commit_to_publish_p50_ms: number;
	write_p50_ms: number;
	rss_growth_kib: number;
	kib_per_socket: number;
	tally: Tally;
}

async function measureNodes(orgs: BenchOrganisation[], servers: BuiltServer[]): Promise<StepResult[]> {
	const fleet = new Fleet(orgs);
	const urls = servers.map((s) => s.url);
	const writeUrl = urls[0]!;
	let next = 0;
	const changeOf = () => fleet.measureChange(next++ % orgs.length, writeUrl);
	// The write path warmed (and the server's memory settled) before the baseline.
	for (let i = 0; i < WARMUP_CHANGES; i++) await changeOf();
	await new Promise((r) => setTimeout(r, 1000));
	const baseline = servers.map((s) => rssKib(s.pid));
	const results: StepResult[] = [];
	try {
		for (const clients of STEPS) {
			await fleet.grow(clients, urls);
			step(`${clients} clients connected to ${servers.length} node(s)`);
			for (let i = 0; i < WARMUP_CHANGES; i++) await changeOf();
			fleet.tally = noTally();
			const changes = [];
			for (let i = 0; i < CHANGES; i++) changes.push(await changeOf());
			await new Promise((r) => setTimeout(r, 1000));
			const growth = servers.reduce((sum, s, i) => sum + rssKib(s.pid) - baseline[i]!, 0);
			const result: StepResult = {
				nodes: servers.length,
				clients,
				changes: changes.length,
				missedChanges: changes.filter((c) => c.missed > 0).length,
				every_p50_ms: quantile(
					changes.map((c) => c.everyMs),
					0.5
				),
				every_p95_ms: quantile(
					changes.map((c) => c.everyMs),
					0.95
				),
				node_b_p95_ms: quantile(
					changes.map((c) => c.remoteMs),
					0.95
				),
				delivery_p50_ms: quantile(
					changes.flatMap((c) => c.deliveriesMs),
					0.5
				),
				delivery_p95_ms: quantile(
					changes.flatMap((c) => c.deliveriesMs),
					0.95
				),
				publish_to_client_p95_ms: quantile(
					changes.flatMap((c) => c.publishToClientMs),
					0.95
				),
				commit_to_publish_p50_ms: quantile(
					changes.map((c) => c.commitToPublishMs),
					0.5
				),
				write_p50_ms: quantile(
					changes.map((c) => c.writeMs),
					0.5
				),
				rss_growth_kib: growth,
				kib_per_socket: round(growth / clients),
				tally: fleet.tally
			};
			results.push(result);
			step(
				`${servers.length} node(s), ${clients} clients: every follower p50/p95 ${result.every_p50_ms}/${result.every_p95_ms} ms, ${result.missedChanges} of ${result.changes} changes missed by someone`
			);
		}
	} finally {
		fleet.close();
	}
	return results;
}

export default async function run() {
	const started = benchStart;
	const dbName = mongoose.connection.db!.databaseName;
	const uri = process.env.MONGODB_URI!;
	const results: StepResult[] = [];

	// One node, without Redis (even if the caller's environment names one). Started first, on the empty
	// database, as a new deployment would be; its start-up backfills then find nothing to do.
	await syncAllIndexes();
	let servers: BuiltServer[];
	try {
		servers = [await startBuiltServer(uri, dbName, { realtime: true, env: { REDIS_URL: '' } })];
	} catch (err) {
		console.log(`  ${(err as Error).message}: the live bench needs the built server, skipped`);
		return;
	}
	step('one node started');
	let orgs: BenchOrganisation[];
	try {
		orgs = await createWorld();
	} catch (err) {
		await servers[0]!.stop();
		throw err;
	}
	step('organisations, agents, sessions and tokens created');
	try {
		results.push(...(await measureNodes(orgs, servers)));
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
	}

	// Two nodes through Redis.
	let redis: ThrowawayRedis | undefined;
	const external = process.env.REDIS_URL;
	const binary = findRedisServer();
	if (external || binary) {
		try {
			redis = external ? undefined : await startThrowawayRedis(binary!);
			const env = { REDIS_URL: external ?? redis!.url };
			servers = [];
			servers.push(await startBuiltServer(uri, dbName, { realtime: true, env }));
			servers.push(await startBuiltServer(uri, dbName, { realtime: true, env }));
			step('two nodes and Redis started');
			results.push(...(await measureNodes(orgs, servers)));
		} catch (err) {
			// The one-node figures are still written.
			console.log(`  two nodes failed: ${(err as Error).message.slice(0, 300)}`);
		} finally {
			await Promise.all(servers.map((s) => s.stop()));
			await redis?.stop();
		}
	} else {
		console.log('  no redis-server (Debian’s `redis-server` package) nor REDIS_URL: two nodes not measured');
	}

	table(
		results.map((r) => ({
			nodes: r.nodes,
			clients: r.clients,
			'every follower p50': r.every_p50_ms,
			'every follower p95': r.every_p95_ms,
			'node B p95': r.node_b_p95_ms,
			'delivery p95': r.delivery_p95_ms,
			'commit→publish p50': r.commit_to_publish_p50_ms,
			'publish→client p95': r.publish_to_client_p95_ms,
			'missed changes': r.missedChanges,
			'write p50': r.write_p50_ms,
			'KiB/socket': r.kib_per_socket
		}))
	);
	table(results.map((r) => ({ nodes: r.nodes, clients: r.clients, ...r.tally })));
	const at = (nodes: number, clients: number) => results.find((r) => r.nodes === nodes && r.clients === clients);
	const largest = results.filter((r) => r.nodes === 1).at(-1);
	const metrics = {
		live_p95_ms_one_node: at(1, METRIC_CLIENTS)?.every_p95_ms ?? NaN,
		live_p95_ms_two_nodes: at(2, METRIC_CLIENTS)?.every_p95_ms ?? NaN,
		kib_per_socket: largest?.kib_per_socket ?? NaN,
		clients: METRIC_CLIENTS
	};
	for (const [name, value] of Object.entries(metrics)) console.log(`  ${name} = ${value}`);
	writeResults('live', metrics, {
		world: {
			organisations: ORGANISATIONS,
			agentsPerOrganisation: AGENTS_PER_ORGANISATION,
			changesPerStep: CHANGES,
			steps: STEPS,
			timeoutMs: TIMEOUT_MS
		},
		machine: { cores: os.availableParallelism(), loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
		seconds: Math.round((performance.now() - started) / 1000),
		results
	});
}
