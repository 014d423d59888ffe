/**
 * Keeps the RdvDayCards read model (models/rdv-day-cards.ts: one document per organisation and local day holding
 * its RDVs' cards) in step with the RDVs, whatever writes them (booking service, seed, fixtures, imports):
 * - the Rdv model's hooks (saves, deletes, validated inserts, query writes) refresh the days an RDV touched when it
 *   was loaded and touches now, for that RDV;
 * - an usager's rename reaches the cards through the stored participant names (read-models/participant-names.ts);
 * - on start, RDVs stored before this read model are carded once (a marker records it); imports that insert raw
 *   call `rebuildDayCards` for the days they filled.
 *
 * Concurrency (no transactions, no atomic filtered update on FerretDB v1): every round picks each day's next
 * version first, then reads the RDVs, then inserts the versions; a day whose version another writer took starts
 * again from that writer's cards. An RDV read after the pick is at least as new as every write that finished
 * before it, so the highest version never misses one; a card with a lower RDV version than the stored one never
 * replaces it.
 *
 * Models are looked up when used: the Rdv model registers these hooks, so importing it here would be circular.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import mongoose, { type Schema, type Types } from 'mongoose';
import type { RdvCard } from '../../../domain/rdv-card.ts';
import { logger } from '../../logger.ts';
import { RdvDayCards } from '../models/rdv-day-cards.ts';
import { watchQueryWrites } from '../query-writes.ts';
import type { OrganisationStamps } from '../stamps.ts';
import { inBackground } from './background.ts';
import { backfillOnce } from './once.ts';

const DUPLICATE_KEY = 11000;
/** Concurrent writers of one day retry; far more than contention on one organisation's day ever needs. */
const MAX_ROUNDS = 40;
/** Beyond this many RDVs in one write (imports, bulk updates), their days are rebuilt whole instead of merged. */
const MERGE_UP_TO = 20;
const PARALLEL = 4;

const isDuplicateKey = (err: unknown) => (err as { code?: number } | undefined)?.code === DUPLICATE_KEY;

export const dayKey = (organisationId: string, day: string) => `${organisationId}:${day}`;

function splitKey(key: string): { organisationId: string; day: string } {
	const i = key.indexOf(':');
	if (i !== 24) throw new Error(`rdv-day-cards: malformed key ${key}`);
	return { organisationId: key.slice(0, i), day: key.slice(i + 1) };
}

/** The keys of the days an RDV touches. */
export const dayKeysOf = (rdv: { organisationId?: unknown; days?: readonly string[] }): string[] =>
	rdv.organisationId ? (rdv.days ?? []).map((d) => dayKey(String(rdv.organisationId), d)) : [];

// ---- Pure merge (spec beside) ----

const byStart = (a: RdvCard, b: RdvCard) =>
	a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * A day's cards after these RDVs were read again: each read card that still belongs to the day replaces the
 * stored one unless the stored one is newer (higher RDV version); an RDV gone (`null`) or no longer on that day
 * leaves it. Other RDVs' cards are kept. Sorted by start, then id.
 */
export function mergeDayCards(
	key: string,
	stored: readonly RdvCard[],
	fresh: ReadonlyMap<string, RdvCard | null>
): RdvCard[] {
	const cards = new Map(stored.map((c) => [c.id, c]));
	for (const [id, card] of fresh) {
		const belongs = !!card && dayKeysOf(card).includes(key);
		const kept = cards.get(id);
		if (!belongs) cards.delete(id);
		else if (!kept || kept.version <= card.version) cards.set(id, card);
	}
	return [...cards.values()].sort(byStart);
}

// ---- Versions ----

/** An RDV's fields as a card is made of them (services/rdv-cards `CardRdv`; typed loosely: loaded lazily). */
type CardRdvLike = { _id: unknown; version?: number | null; participantNames?: unknown } & Record<string, unknown>;

export interface Latest {
	key: string;
	seq: number;
	cards: RdvCard[];
}

/** Cards as stored: deflated JSON (see the model). */
export const packCards = (cards: readonly RdvCard[]): Buffer => deflateRawSync(JSON.stringify(cards));

export function unpackCards(packed: unknown): RdvCard[] {
	// Lean reads give a BSON Binary (its `buffer`), documents a Buffer.
	const bytes = packed instanceof Uint8Array ? packed : (packed as { buffer?: Uint8Array } | undefined)?.buffer;
	return bytes ? (JSON.parse(inflateRawSync(bytes).toString('utf8')) as RdvCard[]) : [];
}

/** The highest version of a day, with its cards (none yet: seq 0, no cards). */
async function latestOf(key: string): Promise<Latest> {
	const versions = await RdvDayCards.find({ key }, { seq: 1, cards: 1 }).lean();
	const latest = versions.reduce<(typeof versions)[number] | undefined>(
		(a, v) => (!a || v.seq > a.seq ? v : a),
		undefined
	);
	return { key, seq: latest?.seq ?? 0, cards: latest ? unpackCards(latest.cards) : [] };
}

/** Insert the version after `latest`; false when another writer took it. */
async function insertNext(latest: Latest, cards: RdvCard[]): Promise<boolean> {
	const seq = latest.seq + 1;
	const { organisationId, day } = splitKey(latest.key);
	try {
		await RdvDayCards.create({ key: latest.key, seq, organisationId, day, cards: packCards(cards) });
	} catch (err) {
		if (isDuplicateKey(err)) return false;
		throw err;
	}
	// Removing older versions frees their numbers: a writer that read `latest` long ago may have inserted into
	// such a gap below a newer version, which readers never see. It then starts again from the newest.
	if (await RdvDayCards.exists({ key: latest.key, seq: { $gt: seq } })) {
		await RdvDayCards.deleteOne({ key: latest.key, seq });
		return false;
	}
	// Readers keep the highest version: the older ones go after the answer.
	inBackground('RDV day cards cleanup', () => RdvDayCards.deleteMany({ key: latest.key, seq: { $lt: seq } }));
	return true;
}

/**
 * Start reading these days' latest versions now. Picking only has to come before reading the RDVs, so the Rdv
 * model starts it beside its own save, and the refresh after the save begins at the RDV read.
 */
export function pickDayCards(keys: Iterable<string>): Map<string, Promise<Latest>> {
	const picked = new Map<string, Promise<Latest>>();
	for (const key of new Set(keys)) {
		const latest = latestOf(key);
		// Unused when the save fails: never an unhandled rejection.
		latest.catch(() => undefined);
		picked.set(key, latest);
	}
	return picked;
}

// ---- Reading RDVs as cards (services/rdv-cards, loaded lazily: it imports the Rdv model) ----

const cards = () => import('../../services/rdv-cards/card.ts');

async function rdvModel() {
	return (
		(mongoose.models.Rdv as unknown as typeof import('../models/rdv.ts').Rdv | undefined) ??
		(await import('../models/rdv.ts')).Rdv
	);
}

/** Fresh cards of these RDVs by id (null: gone). */
async function freshCards(ids: readonly string[], known: KnownWrite = {}): Promise<Map<string, RdvCard | null>> {
	const { CARD_PROJECTION, loadRdvCards } = await cards();
	const Rdv = await rdvModel();
	const rdvs = (await Promise.all(ids.map((id) => Rdv.findById(id, CARD_PROJECTION).lean()))).filter((r) => !!r);
	const loaded = await loadRdvCards(rdvs as never, known);
	const out = new Map<string, RdvCard | null>(ids.map((id) => [id, null]));
	for (const card of loaded) out.set(card.id, card);
	return out;
}

/**
 * The saved documents of these RDVs, when all are given and none is contradicted by the picked versions: a card of
 * an older version whose participants differ was written by an usager's rename (read-models/participant-names.ts,
 * the one write of an RDV without a version) after the writer loaded its document, which then misses it.
 */
export function trustedDocuments(
	latest: readonly Latest[],
	rdvIds: readonly string[],
	documents: ReadonlyMap<string, CardRdvLike> | undefined
): CardRdvLike[] | undefined {
	if (!documents || rdvIds.some((id) => !documents.has(id))) return undefined;
	const docs = rdvIds.map((id) => documents.get(id)!);
	for (const doc of docs) {
		const names = JSON.stringify(namesOf(doc));
		const stored = latest.flatMap((l) => l.cards.filter((c) => c.id === String(doc._id)));
		if (stored.some((c) => c.version < (doc.version ?? 0) && JSON.stringify(cardNames(c)) !== names)) return undefined;
	}
	return docs;
}

const namesOf = (doc: CardRdvLike) =>
	((doc.participantNames ?? []) as { usagerId: unknown; firstName?: string | null; lastName?: string | null }[]).map(
		(n) => [String(n.usagerId), n.firstName ?? '', n.lastName ?? '']
	);
const cardNames = (card: RdvCard) =>
	card.participants.filter((p) => p.firstName || p.lastName).map((p) => [p.usagerId, p.firstName, p.lastName]);

/** Cards of documents the writer holds (no RDV read). */
async function documentCards(
	docs: readonly CardRdvLike[],
	known: KnownWrite = {}
): Promise<Map<string, RdvCard | null>> {
	const { loadRdvCards } = await cards();
	const loaded = await loadRdvCards(docs as never, known);
	return new Map(loaded.map((card) => [card.id, card]));
}

/** Every card of one organisation's day, read from its RDVs (one `days` + organisation equality). */
async function dayCardsFromRdvs(key: string): Promise<RdvCard[]> {
	const { CARD_PROJECTION, loadRdvCards } = await cards();
	const Rdv = await rdvModel();
	const { organisationId, day } = splitKey(key);
	const rdvs = await Rdv.find({ days: day, organisationId }, CARD_PROJECTION).lean();
	return (await loadRdvCards(rdvs as never)).sort(byStart);
}

export interface RefreshOptions {
	/** Runs between picking the versions and reading the RDVs (lets tests interleave a concurrent write). */
	afterVersionChosen?: () => Promise<void>;
	/** Versions already being read for some days (`pickDayCards`): the first round uses them. */
	picked?: ReadonlyMap<string, Promise<Latest>>;
	/** What the writer knows, spared a read when carding its RDV (services/rdv-cards `loadRdvCards`). */
	known?: KnownWrite;
}

/** Who wrote which RDV version, and the organisations' stamps, as the writer has them in memory. */
export interface KnownWrite {
	/**
	 * RDVs as just saved, for the first round only, when its versions were picked before the save was sent (no
	 * later write of them can be in those versions): carded without reading them back.
	 */
	documents?: ReadonlyMap<string, CardRdvLike>;
	/** RDV id → the version written and the agent who wrote it (null: not an agent). */
	writers?: ReadonlyMap<string, { version: number; agentId: string | null }>;
	/** Organisation id → its stamps as the writer read them (the names caches' keys). */
	stamps?: ReadonlyMap<string, OrganisationStamps>;
}

/**
 * Apply these RDVs, read now, to these days (and to any other day they turn out to touch). Rounds: pick every
 * pending day's next version, read the RDVs once, insert; the days another writer won go round again.
 */
async function mergeRdvs(keys: Iterable<string>, rdvIds: readonly string[], options: RefreshOptions): Promise<void> {
	const done = new Set<string>();
	let pending = [...new Set(keys)];
	for (let round = 0; pending.length > 0; round++) {
		if (round >= MAX_ROUNDS) throw new Error(`gave up after ${MAX_ROUNDS} concurrent rounds`);
		const latest = await Promise.all(
			pending.map((key) => (round === 0 ? options.picked?.get(key) : undefined) ?? latestOf(key))
		);
		await options.afterVersionChosen?.();
		const documents = round === 0 ? trustedDocuments(latest, rdvIds, options.known?.documents) : undefined;
		const fresh = documents ? await documentCards(documents, options.known) : await freshCards(rdvIds, options.known);
		const won = await Promise.all(latest.map((l) => insertNext(l, mergeDayCards(l.key, l.cards, fresh))));
		latest.forEach((l, i) => won[i] && done.add(l.key));
		const discovered = [...fresh.values()].flatMap((c) => (c ? dayKeysOf(c) : []));
		pending = [...new Set([...latest.filter((_, i) => !won[i]).map((l) => l.key), ...discovered])].filter(
			(k) => !done.has(k)
		);
	}
}

/** Rebuild one day whole from its RDVs. */
async function rebuildKey(key: string, options: RefreshOptions): Promise<void> {
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const latest = await latestOf(key);
		await options.afterVersionChosen?.();
		if (await insertNext(latest, await dayCardsFromRdvs(key))) return;
	}
	throw new Error(`gave up after ${MAX_ROUNDS} concurrent rounds`);
}

/** Rebuild these days whole from their RDVs ('organisationId:day' keys), a few at a time. */
export async function rebuildDayCards(keys: Iterable<string>, options: RefreshOptions = {}): Promise<void> {
	const queue = [...new Set(keys)];
	await Promise.all(
		Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
			for (let key = queue.shift(); key !== undefined; key = queue.shift()) await rebuildKey(key, options);
		})
	);
}

/**
 * After a write of these RDVs: bring their days (as loaded and as now) up to date. Never throws: the RDV write
 * has happened, and a failure is logged (the next write of that day, or a rebuild, mends it).
 */
export async function refreshDayCards(
	keys: Iterable<string>,
	rdvIds: Iterable<unknown>,
	options: RefreshOptions = {}
): Promise<void> {
	const ids = [...new Set([...rdvIds].map(String))];
	const dayKeys = [...new Set(keys)];
	if (ids.length === 0 && dayKeys.length === 0) return;
	try {
		if (ids.length > MERGE_UP_TO) await rebuildDayCards(dayKeys, options);
		else await mergeRdvs(dayKeys, ids, options);
	} catch (err) {
		logger.error({ err: (err as Error).message, days: dayKeys.length }, 'RDV day cards refresh failed');
	}
}

// ---- Hooks (registered by the Rdv model) ----

interface KeyedRdv {
	_id: Types.ObjectId;
	organisationId?: Types.ObjectId;
	days?: string[];
	$locals: Record<string, unknown>;
}

const loadedKeys = (doc: KeyedRdv) => (doc.$locals.loadedDayKeys as string[] | undefined) ?? [];

/** The days an RDV write refreshes: those it was loaded on and those it is on now. */
export const daysOfRdvWrite = (doc: KeyedRdv, days = doc.days): string[] => [
	...new Set([...loadedKeys(doc), ...dayKeysOf({ organisationId: doc.organisationId, days })])
];

/**
 * What the writer of an RDV left on the document for its day cards (`$locals`, set by the booking service): who
 * wrote its version (`revisionWriter`) and its organisation's stamps as read (`organisationStamps`).
 */
function knownOf(doc: KeyedRdv & { version?: number | null }): { -readonly [K in keyof KnownWrite]: KnownWrite[K] } {
	const writer = doc.$locals.revisionWriter as { version: number; agentId: string | null } | undefined;
	const stamps = doc.$locals.organisationStamps as OrganisationStamps | undefined;
	return {
		// Only for the version it was written for: a later save of the same document without a revision keeps it.
		...(writer && writer.version === (doc.version ?? 0) ? { writers: new Map([[String(doc._id), writer]]) } : {}),
		...(stamps && doc.organisationId ? { stamps: new Map([[String(doc.organisationId), stamps]]) } : {})
	};
}

/**
 * After a save or a delete of one RDV: its days as loaded and as now. The Rdv model's own save and delete hooks
 * call it beside the busy weeks' refresh, so a write waits for the slower of the two read models, not their sum.
 * `picked`: the days' versions read while the RDV was saved (`pickDayCards`).
 */
export async function refreshDaysOfRdv(
	doc: KeyedRdv & { version?: number | null; toObject?: (options?: object) => unknown },
	picked?: ReadonlyMap<string, Promise<Latest>>,
	/** The days' versions were picked before the save was sent: card the document as saved (no read back). */
	fromDocument = false
): Promise<void> {
	const known = knownOf(doc);
	if (fromDocument && doc.toObject)
		known.documents = new Map([[String(doc._id), doc.toObject({ depopulate: true }) as CardRdvLike]]);
	// The stamps were the writer's, for this write: a later save reads them afresh.
	delete doc.$locals.organisationStamps;
	await refreshDayCards(daysOfRdvWrite(doc), [doc._id], { picked, known });
	doc.$locals.loadedDayKeys = dayKeysOf(doc);
}

/** The other hooks: the days an RDV was loaded on, bulk inserts and query writes. */
export function keepDayCards(rdvSchema: Schema): void {
	rdvSchema.post('init', function (this: KeyedRdv) {
		this.$locals.loadedDayKeys = dayKeysOf(this);
	});
	rdvSchema.post('insertMany', async function (docs: unknown) {
		const rows = docs as KeyedRdv[];
		await refreshDayCards(
			rows.flatMap((d) => dayKeysOf(d)),
			rows.map((d) => d._id)
		);
	});
	// Query writes (a bulk status change, a seed's rollback, names rewritten): the days the matched RDVs were in.
	// Query updates do not recompute `days` (validation does not run), so those are also the days after.
	watchQueryWrites<{ _id: Types.ObjectId; organisationId?: Types.ObjectId; days?: string[] }>(rdvSchema, {
		projection: { organisationId: 1, days: 1 },
		after: (before) =>
			refreshDayCards(
				before.flatMap((d) => dayKeysOf(d)),
				before.map((d) => d._id)
			)
	});
}

// ---- Reading ----

/**
 * The cards of an organisation's RDVs touching these local days (each day one `key` equality, in parallel),
 * without repeats (an RDV over midnight is on two days), sorted by start then id.
 */
export async function readStoredDayCards(organisationId: string, days: readonly string[]): Promise<RdvCard[]> {
	const perDay = await Promise.all(days.map((day) => latestOf(dayKey(organisationId, day))));
	const unique = new Map<string, RdvCard>();
	for (const { cards } of perDay) for (const c of cards) if (!unique.has(c.id)) unique.set(c.id, c);
	return [...unique.values()].sort(byStart);
}

// ---- Start-up ----

/**
 * On start: card every RDV stored before this read model, once per database. Reads the RDVs' day keys (a single
 * pass, only on the first start after the upgrade), then rebuilds each day; a marker then skips it. Day cards
 * already there were written by the hooks (a seed of a new database): nothing predates them.
 */
export function ensureDayCards(): Promise<number> {
	return backfillOnce('rdv-day-cards', { key: 'days', message: 'RDV day cards built' }, async () => {
		if (await RdvDayCards.exists({})) return 0;
		const Rdv = await rdvModel();
		const keys = new Set<string>();
		for await (const r of Rdv.find({}, { organisationId: 1, days: 1 }).lean().cursor())
			for (const k of dayKeysOf(r)) keys.add(k);
		await rebuildDayCards(keys);
		return keys.size;
	});
}
