/**
 * Keeps the AgentBusyWeek read model in step with the RDVs (see models/agent-busy-week.ts for the versioning).
 * The Rdv model calls refreshBusyWeeks after every save / insertMany with the 'agentId:week' keys the RDV
 * touches now and touched before, so every writer (booking service, seed, fixtures, benchmarks) keeps it right.
 */
import { packBusy, unpackBusy, type BusyInterval } from '../../domain/busy-intervals.ts';
import { weeksOfDays } from '../../domain/calendar-keys.ts';
import { addDays, localDay } from '../../domain/local-time.ts';
import { isActiveRdvStatus } from '../../domain/slots.ts';
import type { RdvStatus } from '../../domain/types.ts';
import { logger } from '../logger.ts';
import { AgentBusyWeek, type AgentBusyWeekFields } from './models/agent-busy-week.ts';
import { inBackground } from './read-models/background.ts';

/** What readers need of a stored version. */
export type BusyWeekRow = Pick<AgentBusyWeekFields, 'key' | 'seq' | 'agentId' | 'busy'>;
import { Rdv } from './models/rdv.ts';

const DUPLICATE_KEY = 11000;
/** Concurrent rebuilds of one key retry; far more than contention on one agent's week ever needs. */
const MAX_ATTEMPTS = 25;
const PARALLEL = 4;

/** ISO weeks of the `count` weeks from the one holding `now` (UTC day, a day earlier for zones behind UTC). */
function weeksAhead(now: Date, count: number): string[] {
	const first = addDays(localDay(now, 'UTC'), -1);
	return weeksOfDays(Array.from({ length: count * 7 + 2 }, (_, i) => addDays(first, i)));
}

const isDuplicateKey = (err: unknown) => (err as { code?: number } | undefined)?.code === DUPLICATE_KEY;

function splitKey(key: string): { agentId: string; week: string } | null {
	const i = key.indexOf(':');
	if (i !== 24) return null;
	return { agentId: key.slice(0, i), week: key.slice(i + 1) };
}

export interface RefreshOptions {
	/** Runs between choosing the version and reading the RDVs (lets tests interleave a concurrent write). */
	afterVersionChosen?: () => Promise<void>;
	/**
	 * Versions already being read for some keys (`pickBusyWeeks`, started while the RDV was saved): the first
	 * attempt of those keys uses them instead of reading again.
	 */
	picked?: ReadonlyMap<string, Promise<PickedVersion[]>>;
	/**
	 * Keys whose versions and RDVs were read before `written` was saved (`prepareBusyWeeks`): their first attempt
	 * takes those RDVs with `written` put in as saved, instead of reading them after the save.
	 */
	prepared?: ReadonlyMap<string, Promise<PreparedWeek>>;
	/** The RDV whose save is being followed, as saved (with `prepared`). */
	written?: BusyRdv & { agentWeeks: string[] };
}

type PickedVersion = Pick<AgentBusyWeekFields, 'seq' | 'orgWeeks'>;

/** What a rebuild reads of an RDV. */
interface BusyRdv {
	_id: unknown;
	startsAt: Date;
	endsAt: Date;
	status?: string | null;
	organisationId: unknown;
	agentIds: unknown[];
}
const BUSY_RDV_FIELDS = { startsAt: 1, endsAt: 1, status: 1, organisationId: 1, agentIds: 1 } as const;

/** An agent-week's versions, then its RDVs read after them. */
export interface PreparedWeek {
	versions: PickedVersion[];
	rdvs: BusyRdv[];
}

const readWeekRdvs = (key: string): Promise<BusyRdv[]> =>
	Rdv.find({ agentWeeks: key }, BUSY_RDV_FIELDS).lean<BusyRdv[]>().exec();

/** The stored versions of one agent-week (what picking its next version needs). */
const readVersions = (key: string): Promise<PickedVersion[]> =>
	AgentBusyWeek.find({ key }, { seq: 1, orgWeeks: 1 }).lean<PickedVersion[]>().exec();

/**
 * Start reading these agent-weeks' versions now. Picking the next version only has to come before reading the
 * RDVs, so the Rdv model starts it beside its own save, and the rebuild after the save begins at the RDV read.
 */
export function pickBusyWeeks(keys: Iterable<string>): Map<string, Promise<PickedVersion[]>> {
	const picked = new Map<string, Promise<PickedVersion[]>>();
	for (const key of new Set(keys)) {
		const versions = readVersions(key);
		// Unused when the save fails: never an unhandled rejection.
		versions.catch(() => undefined);
		picked.set(key, versions);
	}
	return picked;
}

/**
 * Pick these agent-weeks' next versions, then read their RDVs, ahead of a save of one of them: the booking service
 * starts it once a change is decided, beside its claims. The RDV being saved is read as it was; the rebuild puts
 * it in as saved (`written`): its writes are serialised by its version claims, so nothing else changed it
 * meanwhile, and any other RDV written after the pick makes the insert of the next version collide and go round.
 */
export function prepareBusyWeeks(keys: Iterable<string>): Map<string, Promise<PreparedWeek>> {
	const prepared = new Map<string, Promise<PreparedWeek>>();
	for (const key of new Set(keys)) {
		const week = readVersions(key).then(async (versions) => ({ versions, rdvs: await readWeekRdvs(key) }));
		// Unused when the save fails: never an unhandled rejection.
		week.catch(() => undefined);
		prepared.set(key, week);
	}
	return prepared;
}

/** The RDVs read before `written` was saved, with it as saved. */
function withWritten(key: string, rdvs: readonly BusyRdv[], written: RefreshOptions['written']): BusyRdv[] {
	if (!written) return [...rdvs];
	const others = rdvs.filter((r) => String(r._id) !== String(written._id));
	return written.agentWeeks.includes(key) ? [...others, written] : others;
}

/** Rebuild one agent-week from its RDVs; returns the version written. */
async function refreshOne(key: string, options: RefreshOptions): Promise<number> {
	const parts = splitKey(key);
	if (!parts) throw new Error(`busy-time: malformed key ${key}`);
	for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		// A failed read ahead is read again here.
		const prepared =
			attempt === 0 && options.written ? await options.prepared?.get(key)?.catch(() => undefined) : undefined;
		// 1. Pick the next version first: the RDVs read below are then at least as new as this choice.
		const versions =
			prepared?.versions ?? (await ((attempt === 0 ? options.picked?.get(key) : undefined) ?? readVersions(key)));
		const latest = versions.reduce<PickedVersion | undefined>(
			(best, v) => (!best || v.seq > best.seq ? v : best),
			undefined
		);
		const seq = (latest?.seq ?? 0) + 1;
		if (!prepared) await options.afterVersionChosen?.();
		// 2. Read the agent's RDVs of that week.
		const rdvs = prepared ? withWritten(key, prepared.rdvs, options.written) : await readWeekRdvs(key);
		const active: BusyInterval[] = rdvs
			.filter((r) => isActiveRdvStatus(r.status as RdvStatus) && r.agentIds.some((a) => String(a) === parts.agentId))
			.map((r) => ({ startsAt: r.startsAt, endsAt: r.endsAt }));
		const orgWeeks = new Set(latest?.orgWeeks ?? []);
		for (const r of rdvs) orgWeeks.add(`${String(r.organisationId)}:${parts.week}`);
		// 3. Insert that version; a concurrent rebuild that took the same seq wins and this one starts again.
		try {
			await AgentBusyWeek.create({
				key,
				seq,
				agentId: parts.agentId,
				week: parts.week,
				orgWeeks: [...orgWeeks].sort(),
				busy: packBusy(active)
			});
		} catch (err) {
			if (isDuplicateKey(err)) continue;
			throw err;
		}
		// Readers keep the highest version: the older ones go after the answer.
		inBackground('busy week cleanup', () => AgentBusyWeek.deleteMany({ key, seq: { $lt: seq } }));
		return seq;
	}
	throw new Error(`busy-time: gave up rebuilding ${key} after ${MAX_ATTEMPTS} concurrent attempts`);
}

/**
 * Rebuild the given agent-weeks. Never throws: the RDV write that triggered it has happened, and a failed
 * rebuild is logged (the nightly reconciliation or the next write of that week mends it).
 */
export async function refreshBusyWeeks(keys: Iterable<string>, options: RefreshOptions = {}): Promise<void> {
	const queue = [...new Set(keys)];
	const failed: string[] = [];
	await Promise.all(
		Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
			for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
				try {
					await refreshOne(key, options);
				} catch (err) {
					failed.push(key);
					logger.error({ err: (err as Error).message, key }, 'busy week rebuild failed');
				}
			}
		})
	);
	if (failed.length > 0) logger.warn({ failed: failed.length }, 'some busy weeks are stale until rebuilt');
}

/** The latest version of each key among documents read from the collection. */
export function latestVersions<T extends BusyWeekRow>(docs: T[]): T[] {
	const byKey = new Map<string, T>();
	for (const d of docs) {
		const seen = byKey.get(d.key);
		if (!seen || d.seq > seen.seq) byKey.set(d.key, d);
	}
	return [...byKey.values()];
}

/** Unpacked intervals of busy-week documents, without repeats per agent (an RDV may span two weeks). */
export function busyIntervalsOf(docs: BusyWeekRow[]): (BusyInterval & { agentId: string })[] {
	const seen = new Set<string>();
	const out: (BusyInterval & { agentId: string })[] = [];
	for (const d of latestVersions(docs)) {
		const agentId = String(d.agentId);
		for (const i of unpackBusy(d.busy)) {
			const id = `${agentId}|${i.startsAt.getTime()}|${i.endsAt.getTime()}`;
			if (seen.has(id)) continue;
			seen.add(id);
			out.push({ ...i, agentId });
		}
	}
	return out;
}

/**
 * Rebuild every agent-week that has RDVs (first start on a database created before this read model, and the
 * nightly reconciliation). Reads only the RDVs' keys.
 */
export async function rebuildAllBusyWeeks(): Promise<number> {
	const keys = new Set<string>();
	for await (const r of Rdv.find({}, { agentWeeks: 1 }).lean().cursor()) for (const k of r.agentWeeks) keys.add(k);
	await refreshBusyWeeks(keys);
	return keys.size;
}

/** On start: build the read model once when RDVs exist and it has never been built. */
export async function ensureBusyWeeks(): Promise<void> {
	if ((await AgentBusyWeek.exists({})) || !(await Rdv.exists({}))) return;
	const t0 = performance.now();
	const count = await rebuildAllBusyWeeks();
	logger.info({ weeks: count, ms: Math.round(performance.now() - t0) }, 'busy weeks built');
}

/**
 * Nightly reconciliation: rebuild every agent-week holding RDVs from this week on, `weeks` ISO weeks ahead
 * (mends a rebuild that failed after its RDV write). One `weeks` equality per ISO week.
 */
export async function reconcileBusyWeeks(now: Date, weeks = 26): Promise<number> {
	const keys = new Set<string>();
	for (const week of weeksAhead(now, weeks))
		for (const r of await Rdv.find({ weeks: week }, { agentWeeks: 1 }).lean())
			for (const k of r.agentWeeks) if (k.endsWith(`:${week}`)) keys.add(k);
	await refreshBusyWeeks(keys);
	return keys.size;
}
