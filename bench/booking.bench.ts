/**
 * Online booking (issue 18), over HTTP against the built server (bench/support.ts: the production build's
 * handler with every hook) on the bench's embedded database:
 * - race: 100 different signed-in usagers confirm the SAME slot at once on the funnel's last step (the
 *   confirmation form action, posted as a form with each usager's session cookie); the slot has one free agent,
 *   so exactly one RDV may exist at that time afterwards (race_successes, counted in the database);
 * - public_creneaux: GET /api/v1/public/creneaux (a week of one motif at one lieu of 10 agents) under autocannon
 *   with 50 connections for 10 s: requests per second and the p95 latency. The server reads the client address
 *   from X-Forwarded-For (as behind a proxy) and each connection speaks for its own address: what is measured is
 *   the endpoint, not the per-address limit's refusals (those are counted apart, and should be none);
 * - funnel_booking: the same last step, sequential, 100 confirmations of distinct slots by distinct usagers:
 *   the p95 of the successful ones (slot re-check, least-loaded agent, claims, save, redirect).
 * Figures, not assertions.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import mongoose, { Types } from 'mongoose';
import { holidayOn } from '../src/lib/domain/holidays.ts';
import { addDays, isoWeekday, localDay, toInstant } from '../src/lib/domain/local-time.ts';
import { FUNNEL_PATHS, funnelHref, motifKey, type FunnelParams } from '../src/lib/domain/public-booking.ts';
import { createUsagerSession, USAGER_SESSION_COOKIE } from '../src/lib/server/auth/usager-session.ts';
import { syncAllIndexes } from '../src/lib/server/db/indexes.ts';
import {
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
import { hasBuild, startBuiltServer, table, writeResults, type BuiltServer } from './support.ts';

const TZ = 'Europe/Paris';
const DEPARTEMENT = '62';
/** Agents of the busy lieu (the créneaux load and the sequential bookings). */
const AGENTS = 10;
const RACERS = 100;
const FUNNEL_BOOKINGS = 100;
const LOAD_CONNECTIONS = 50;
const LOAD_SECONDS = 10;
const MORNING = ['09:00', '12:00'] as const;
const AFTERNOON = ['13:30', '17:00'] as const;
const SLOT_MINUTES = 30;

interface World {
	organisationId: string;
	serviceId: string;
	motifId: string;
	motifKey: string;
	/** The lieu of 10 agents. */
	lieuId: string;
	/** The lieu where one agent alone holds the raced slot. */
	raceLieuId: string;
	/** Weekdays without a holiday, from two weeks ahead: inside the motif's booking window. */
	days: string[];
}

/** Weekdays from two weeks ahead on, without a public holiday in the département. */
function workingDays(count: number): string[] {
	const days: string[] = [];
	for (let day = addDays(localDay(new Date(), TZ), 14); days.length < count; day = addDays(day, 1))
		if (isoWeekday(day) <= 5 && !holidayOn(DEPARTEMENT, day)) days.push(day);
	return days;
}

async function createWorld(): Promise<World> {
	const serviceId = new Types.ObjectId();
	const territoryId = new Types.ObjectId();
	const organisationId = new Types.ObjectId();
	await Service.create({ _id: serviceId, name: 'PMI', shortName: 'PMI' });
	await Territory.create({
		_id: territoryId,
		departementNumber: DEPARTEMENT,
		name: 'Pas-de-Calais',
		timeZone: TZ,
		serviceIds: [serviceId]
	});
	await Organisation.create({ _id: organisationId, territoryId, name: 'MDS Banc' });
	const [lieu, raceLieu] = await Lieu.create([
		{ organisationId, name: 'MDS Banc centre', address: '1 rue du Banc, 62000 Arras' },
		{ organisationId, name: 'MDS Banc annexe', address: '2 rue du Banc, 62000 Arras' }
	]);
	const motif = await Motif.create({
		organisationId,
		serviceId,
		name: 'Consultation PMI',
		durationMinutes: SLOT_MINUTES,
		locationType: 'public_office',
		bookableBy: 'everyone'
	});
	const agents = await Agent.insertMany(
		Array.from({ length: AGENTS + 1 }, (_, i) => ({
			email: `agent${i}@booking.bench.test`,
			firstName: 'Agent',
			lastName: `N°${String(i).padStart(3, '0')}`,
			serviceIds: [serviceId],
			roles: [{ organisationId, level: 'basic' }]
		}))
	);
	const days = workingDays(15);
	const weekly = {
		organisationId,
		title: 'Permanence',
		motifIds: [motif._id],
		firstDay: addDays(days[0]!, -7),
		recurrence: { every: 'week' as const, interval: 1, weekdays: [1, 2, 3, 4, 5] },
		timeZone: TZ
	};
	await PlageOuverture.insertMany([
		...agents.slice(0, AGENTS).flatMap((a) =>
			[MORNING, AFTERNOON].map(([startTime, endTime]) => ({
				...weekly,
				agentId: a._id,
				lieuId: lieu._id,
				startTime,
				endTime
			}))
		),
		// The race: one agent, one lieu, so one slot is one place (the grid shows one button per time, whichever
		// agent is free: with several agents free, several usagers could rightly book the same time).
		{ ...weekly, agentId: agents[AGENTS]!._id, lieuId: raceLieu._id, startTime: MORNING[0], endTime: MORNING[1] }
	]);
	return {
		organisationId: String(organisationId),
		serviceId: String(serviceId),
		motifId: String(motif._id),
		motifKey: motifKey(motif.name, motif.locationType),
		lieuId: String(lieu._id),
		raceLieuId: String(raceLieu._id),
		days
	};
}

/** `count` usagers with an e-mail each (as the code flow creates them), and their session cookies. */
async function signedInUsagers(count: number, tag: string): Promise<{ usagerId: string; cookie: string }[]> {
	const usagers = await Usager.insertMany(
		Array.from({ length: count }, (_, i) => ({
			firstName: 'Usager',
			lastName: `${tag} ${i}`,
			email: `${tag}-${i}@booking.bench.test`,
			account: { createdAt: new Date(), lastSignInAt: new Date(), via: 'email_code' }
		}))
	);
	return Promise.all(
		usagers.map(async (u) => {
			const { token } = await createUsagerSession(String(u._id), 'email_code');
			return { usagerId: String(u._id), cookie: `${USAGER_SESSION_COOKIE}=${token}` };
		})
	);
}

/** The funnel parameters of one slot of the world's motif at a lieu. */
function slotParams(world: World, lieuId: string, startsAt: Date): FunnelParams {
	return {
		departement: DEPARTEMENT,
		organisation: world.organisationId,
		service: world.serviceId,
		motif: world.motifKey,
		lieu: lieuId,
		creneau: startsAt.toISOString()
	};
}

type Confirmation = { status: 'booked'; rdvId: string } | { status: 'refused' | 'error'; detail: string };

/**
 * Posts the confirmation form as a browser does (form-encoded, same Origin, the usager's cookie, the person
 * chosen at « Pour qui » in `pour`) and reads SvelteKit's answer to an enhanced form (`x-sveltekit-action`): a
 * redirect to the booked RDV, or a failure (the slot gone).
 */
async function confirm(
	server: BuiltServer,
	cookie: string,
	usagerId: string,
	params: FunnelParams
): Promise<Confirmation> {
	const href = `${funnelHref(FUNNEL_PATHS.confirmation, params)}&pour=${usagerId}`;
	const response = await fetch(`${server.url}${href}`, {
		method: 'POST',
		headers: {
			cookie,
			origin: server.url,
			'content-type': 'application/x-www-form-urlencoded',
			'x-sveltekit-action': 'true'
		},
		body: new URLSearchParams({ accept: 'true' }),
		redirect: 'manual'
	});
	const text = await response.text();
	let answer: { type?: string; location?: string; status?: number; data?: string } = {};
	try {
		answer = JSON.parse(text) as typeof answer;
	} catch {
		return { status: 'error', detail: `HTTP ${response.status}` };
	}
	const booked = answer.type === 'redirect' ? /\/prendre-rdv\/rdv\/([0-9a-f]{24})/.exec(answer.location ?? '') : null;
	if (booked) return { status: 'booked', rdvId: booked[1]! };
	// The failure's data is devalue-encoded: its message is readable as is.
	const message = /(Ce créneau[^"]*|[A-Z][^"]{10,120})/.exec(answer.data ?? '')?.[1] ?? '';
	if (answer.type === 'failure') return { status: 'refused', detail: `${answer.status} ${message}`.trim() };
	return { status: 'error', detail: `${answer.type} ${answer.status ?? response.status} ${answer.location ?? ''}` };
}

async function race(server: BuiltServer, world: World) {
	const racers = await signedInUsagers(RACERS, 'course');
	const startsAt = toInstant(world.days[0]!, MORNING[0], TZ);
	const params = slotParams(world, world.raceLieuId, startsAt);
	const t0 = performance.now();
	const outcomes = await Promise.all(racers.map((r) => confirm(server, r.cookie, r.usagerId, params)));
	const seconds = (performance.now() - t0) / 1000;
	const rdvs = await Rdv.countDocuments({ organisationId: world.organisationId, startsAt, status: { $ne: 'revoked' } });
	const count = (s: Confirmation['status']) => outcomes.filter((o) => o.status === s).length;
	const errors = [...new Set(outcomes.flatMap((o) => (o.status === 'error' ? [o.detail] : [])))];
	return {
		racers: RACERS,
		rdvsAtThatTime: rdvs,
		booked: count('booked'),
		refused: count('refused'),
		errors: count('error'),
		errorKinds: errors,
		seconds: Math.round(seconds * 100) / 100
	};
}

async function publicCreneauxLoad(server: BuiltServer, world: World) {
	const from = world.days[0]!;
	const to = addDays(from, 7);
	const path = `/api/v1/public/creneaux?motifId=${world.motifId}&lieuId=${world.lieuId}&from=${from}&to=${to}`;
	const first = await fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
	const sample = (await first.json()) as unknown;
	if (!first.ok) throw new Error(`GET ${path} answered ${first.status}: ${JSON.stringify(sample)}`);
	const latencies: number[] = [];
	const statuses = new Map<number, number>();
	let connection = 0;
	const instance = autocannon({
		url: `${server.url}${path}`,
		connections: LOAD_CONNECTIONS,
		duration: LOAD_SECONDS,
		// One address per connection (documentation range 198.51.100.0/24): 50 clients, each under its own limit.
		setupClient: (client) => {
			client.setHeaders({ 'x-forwarded-for': `198.51.100.${(connection++ % 250) + 2}` });
		}
	});
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
		if (statusCode === 200) latencies.push(responseTime);
	});
	const result = await instance;
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
	return {
		connections: LOAD_CONNECTIONS,
		seconds: LOAD_SECONDS,
		ok: latencies.length,
		rps: Math.round((latencies.length / result.duration) * 10) / 10,
		p50: Math.round(at(0.5) * 100) / 100,
		p95: Math.round(at(0.95) * 100) / 100,
		p99: Math.round(at(0.99) * 100) / 100,
		statuses: Object.fromEntries(statuses),
		errors: result.errors,
		timeouts: result.timeouts
	};
}

/** Distinct slots of the busy lieu: every time of every working day, in order, up to `count`. */
function distinctSlots(world: World, count: number): Date[] {
	const slots: Date[] = [];
	for (const day of world.days.slice(1))
		for (const [start, end] of [MORNING, AFTERNOON]) {
			const [h, m] = start.split(':').map(Number) as [number, number];
			const [eh, em] = end.split(':').map(Number) as [number, number];
			for (let t = h * 60 + m; t + SLOT_MINUTES <= eh * 60 + em; t += SLOT_MINUTES) {
				const time = `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
				slots.push(toInstant(day, time, TZ));
				if (slots.length === count) return slots;
			}
		}
	return slots;
}

async function funnelBookings(server: BuiltServer, world: World) {
	const usagers = await signedInUsagers(FUNNEL_BOOKINGS, 'parcours');
	const slots = distinctSlots(world, FUNNEL_BOOKINGS);
	const times: number[] = [];
	const failures: string[] = [];
	for (const [i, u] of usagers.entries()) {
		const t0 = performance.now();
		const outcome = await confirm(server, u.cookie, u.usagerId, slotParams(world, world.lieuId, slots[i]!));
		const ms = performance.now() - t0;
		if (outcome.status === 'booked') times.push(ms);
		else failures.push(`${slots[i]!.toISOString()}: ${outcome.detail}`);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
	const round = (n: number) => Math.round(n * 100) / 100;
	return {
		attempts: FUNNEL_BOOKINGS,
		booked: times.length,
		failures: failures.slice(0, 5),
		p50: round(at(0.5)),
		p95: round(at(0.95)),
		mean: round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length))
	};
}

export default async function bookingBench() {
	if (!hasBuild()) {
		console.log('booking: no build (run `npx vite build` first): every measure of this bench is over HTTP, skipped');
		return;
	}
	const started = Date.now();
	await syncAllIndexes();
	const world = await createWorld();
	const server = await startBuiltServer(process.env.MONGODB_URI!, mongoose.connection.db!.databaseName, {
		env: { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
	try {
		const raced = await race(server, world);
		const load = await publicCreneauxLoad(server, world);
		const funnel = await funnelBookings(server, world);
		table([
			{ measure: 'race (100 usagers, one slot)', result: `${raced.rdvsAtThatTime} RDV`, detail: JSON.stringify(raced) },
			{
				measure: 'GET /api/v1/public/creneaux (50 connections)',
				result: `${load.rps} req/s, p95 ${load.p95} ms`,
				detail: JSON.stringify(load.statuses)
			},
			{
				measure: 'confirmation (sequential)',
				result: `p95 ${funnel.p95} ms`,
				detail: `${funnel.booked}/${funnel.attempts} booked`
			}
		]);
		writeResults(
			'booking',
			{
				race_successes: raced.rdvsAtThatTime,
				public_creneaux_rps: load.rps,
				public_creneaux_p95_ms: load.p95,
				funnel_booking_p95_ms: funnel.p95
			},
			{
				world: { agents: AGENTS, raceAgents: 1, motifMinutes: SLOT_MINUTES },
				machine: { cores: os.cpus().length, loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100) },
				seconds: Math.round((Date.now() - started) / 1000),
				over: 'http (built server)',
				race: raced,
				publicCreneaux: load,
				funnelBooking: funnel
			}
		);
	} finally {
		await server.stop();
	}
}
