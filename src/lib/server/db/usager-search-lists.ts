/**
 * Keeps the usager search lists (models/usager.ts, UsagerSearchList) in step with the usagers: one list per
 * organisation and 2- or 3-letter start of a name word, holding one compact line per usager of that organisation
 * having such a word, with what a search result shows (domain/usager-search-keys.ts), stored in a few shards by
 * usager. A name search decodes one list's shards instead of hundreds of usagers; an usager's write rewrites one
 * shard of each of its lists.
 *
 * Each shard has immutable versions {key, seq} (as the busy weeks): an update picks `seq` = latest + 1, THEN
 * reads the usagers it changes, and inserts the next version derived from the latest one; the unique index lets
 * one writer per seq win and the losers start again from the new latest. Unlike the busy weeks (rebuilt from
 * the RDVs), a version here is derived from the previous one, so a writer whose seq was already superseded (and
 * removed) must not count its insert: it checks that no newer version exists, else starts again. So the highest
 * version reflects every usager write that finished before its update began, with no filtered update (not
 * atomic on FerretDB v1). Readers keep the highest seq; older versions are removed after each successful insert.
 *
 * Registered by the Usager model on every save, insertMany and update query; models are looked up when used
 * (the Usager model registers these hooks, so importing it here would be circular).
 */
import mongoose, { type Schema, type Types } from 'mongoose';
import {
	compareEntries,
	scopedKey,
	searchEntry,
	searchListPrefixes,
	searchListShard,
	packEntries,
	unpackEntries,
	type SearchEntry
} from '../../domain/usager-search-keys.ts';
import { logger } from '../logger.ts';
import { toUsagerDto } from '../services/mappers.ts';
import { watchQueryWrites } from './query-writes.ts';

const DUPLICATE_KEY = 11000;
/** Concurrent updates of one list retry; far more than contention on one name start ever needs. */
const MAX_ROUNDS = 25;
const PARALLEL = 4;

/** What the lists need of an usager. */
export interface ListedUsager {
	_id: Types.ObjectId;
	firstName: string;
	lastName: string;
	birthName?: string | null;
	birthDate?: string | null;
	email?: string | null;
	phone?: string | null;
	phoneIsMobile?: boolean | null;
	responsibleId?: Types.ObjectId | null;
	organisationIds?: Types.ObjectId[] | null;
	deletedAt?: Date | null;
}

/** What a line shows (toUsagerDto's fields) and what decides the lists. */
export const LISTED_FIELDS = {
	firstName: 1,
	lastName: 1,
	birthName: 1,
	birthDate: 1,
	email: 1,
	phone: 1,
	phoneIsMobile: 1,
	responsibleId: 1,
	organisationIds: 1,
	deletedAt: 1
} as const;

interface ListRow {
	list: string;
	key: string;
	seq: number;
	entries: string;
}

type ListModel = mongoose.Model<ListRow>;
type UsagerModel = mongoose.Model<ListedUsager>;

const lists = () => mongoose.model('UsagerSearchList') as unknown as ListModel;
const usagers = () => mongoose.model('Usager') as unknown as UsagerModel;

const isDuplicateKey = (err: unknown) => (err as { code?: number } | undefined)?.code === DUPLICATE_KEY;

/** The shard of a list an usager belongs in: 'list#n'. */
export const shardKey = (list: string, usagerId: string) => `${list}#${searchListShard(usagerId)}`;
const listOf = (key: string) => key.slice(0, key.lastIndexOf('#'));

/** The list shards an usager belongs in now: none once deleted. */
export function listKeysOf(u: Partial<ListedUsager> | null | undefined): string[] {
	if (!u?._id || u.deletedAt || !u.firstName || !u.lastName) return [];
	const id = String(u._id);
	const prefixes = searchListPrefixes({ firstName: u.firstName, lastName: u.lastName, birthName: u.birthName });
	return (u.organisationIds ?? []).flatMap((org) => prefixes.map((p) => shardKey(scopedKey(String(org), p), id)));
}

/** The latest version of each key among documents read from the collection. */
export function latestLists<T extends Pick<ListRow, 'key' | 'seq'>>(docs: T[]): Map<string, T> {
	const byKey = new Map<string, T>();
	for (const d of docs) {
		const seen = byKey.get(d.key);
		if (!seen || d.seq > seen.seq) byKey.set(d.key, d);
	}
	return byKey;
}

/** The entries of one list ('organisationId:xx'): the latest version of each of its shards, in list order. */
export async function readSearchList(list: string): Promise<SearchEntry[]> {
	const docs = await lists().find({ list }, { key: 1, seq: 1, entries: 1 }).lean<ListRow[]>();
	return [...latestLists(docs).values()].flatMap((d) => unpackEntries(d.entries)).sort(compareEntries);
}

export interface ListUpdateOptions {
	/** Runs between choosing the versions and reading the usagers (lets tests interleave a concurrent write). */
	afterVersionChosen?: () => Promise<void>;
}

/**
 * Bring the list shards `keys` up to date for the usagers `ids`: each shard loses their old lines and gets one
 * for each of them that belongs in it now. `given` (documents just inserted, nobody else knows them yet) spares
 * reading them back; otherwise each usager is read by id after the versions are chosen. Never throws: the
 * usager write has happened; a failure is logged (that usager's next write mends its lines; the start-up
 * backfill, run again by removing its marker, rebuilds every list).
 */
export async function updateSearchLists(
	keys: Iterable<string>,
	ids: Iterable<string>,
	options: ListUpdateOptions & { given?: ListedUsager[] } = {}
): Promise<void> {
	let pending = [...new Set(keys)];
	const concerned = [...new Set(ids)];
	if (pending.length === 0 || concerned.length === 0) return;
	try {
		for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
			// 1. The latest versions first: the usagers read below are then at least as new as these choices.
			const latest = await latestOf(pending);
			await options.afterVersionChosen?.();
			// 2. The usagers as they are now.
			const now = options.given ?? (await currentUsagers(concerned));
			const lines = new Map<string, SearchEntry[]>();
			for (const u of now)
				for (const key of listKeysOf(u)) {
					const list = lines.get(key) ?? [];
					list.push(searchEntry(toUsagerDto(u as unknown as Parameters<typeof toUsagerDto>[0])));
					lines.set(key, list);
				}
			// 3. The next version of each shard; a concurrent update that took the same seq wins, this one retries.
			const gone = new Set(concerned);
			const lost: string[] = [];
			await inBatches(pending, async (key) => {
				const previous = latest.get(key);
				const seq = (previous?.seq ?? 0) + 1;
				const kept = unpackEntries(previous?.entries ?? '').filter((e) => !gone.has(e.usager.id));
				let mine: { _id: Types.ObjectId };
				try {
					mine = await lists().create({
						list: listOf(key),
						key,
						seq,
						entries: packEntries([...kept, ...(lines.get(key) ?? [])])
					});
				} catch (err) {
					if (isDuplicateKey(err)) return void lost.push(key);
					throw err;
				}
				// A seq is free again once newer versions removed it: an update that chose it long ago inserts
				// fine but is not the latest. Versions above exist then (removal follows their insert): start again.
				if (await lists().exists({ key, seq: { $gt: seq } })) {
					await lists().deleteOne({ _id: mine._id });
					return void lost.push(key);
				}
				if (seq > 1) await lists().deleteMany({ key, seq: { $lt: seq } });
			});
			pending = lost;
		}
		if (pending.length > 0) throw new Error(`gave up on ${pending.length} lists after ${MAX_ROUNDS} rounds`);
	} catch (err) {
		logger.error({ err: (err as Error).message, usagers: concerned.length }, 'usager search lists update failed');
	}
}

/**
 * The latest version of each of these shards: a list with several of them pending (bulk inserts) is read
 * whole, in one query, instead of shard by shard.
 */
async function latestOf(keys: string[]): Promise<Map<string, ListRow>> {
	const byList = new Map<string, string[]>();
	for (const key of keys) byList.set(listOf(key), [...(byList.get(listOf(key)) ?? []), key]);
	const wanted = new Set(keys);
	const read = await inBatches([...byList], ([list, shards]) =>
		lists()
			.find(shards.length > 1 ? { list } : { key: shards[0] }, { key: 1, seq: 1, entries: 1 })
			.lean<ListRow[]>()
	);
	return latestLists(read.flat().filter((d) => wanted.has(d.key)));
}

async function currentUsagers(ids: string[]): Promise<ListedUsager[]> {
	const found = await inBatches(ids, (id) => usagers().findById(id, LISTED_FIELDS).lean<ListedUsager>());
	return found.filter((u): u is ListedUsager => !!u);
}

/** `fn` over `items`, at most PARALLEL at a time, results in order. */
async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
	const out: R[] = new Array(items.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
			for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
		})
	);
	return out;
}

/** Fields whose writes change what the lists hold. */
const LISTED_PATHS = new Set(Object.keys(LISTED_FIELDS));

/** Registered by the Usager model: every write path keeps the lists right. */
export function syncSearchLists(schema: Schema): void {
	schema.post('init', function () {
		this.$locals.loadedListKeys = listKeysOf(this as unknown as ListedUsager);
	});
	schema.pre('save', function () {
		// Names, organisations (derived from the profiles at validation) and deletion are what the lines hold.
		this.$locals.listsConcerned = this.isNew || [...LISTED_PATHS].some((p) => this.isModified(p));
	});
	schema.post('save', async function () {
		if (!this.$locals.listsConcerned) return;
		const doc = this as unknown as ListedUsager;
		const before = (this.$locals.loadedListKeys as string[] | undefined) ?? [];
		const after = listKeysOf(doc);
		await updateSearchLists([...before, ...after], [String(doc._id)]);
		this.$locals.loadedListKeys = after;
	});
	schema.post('insertMany', async function (docs: unknown) {
		const inserted = docs as ListedUsager[];
		await updateSearchLists(
			inserted.flatMap((u) => listKeysOf(u)),
			inserted.map((u) => String(u._id)),
			{ given: inserted }
		);
	});
	watchQueryWrites<ListedUsager>(schema, {
		projection: LISTED_FIELDS,
		concerns(query) {
			const update = query.getUpdate() as Record<string, unknown> | null;
			if (!update || typeof update !== 'object') return true;
			for (const [key, value] of Object.entries(update)) {
				if (!key.startsWith('$')) return true;
				if (value && typeof value === 'object' && Object.keys(value).some((p) => LISTED_PATHS.has(p.split('.')[0]!)))
					return true;
			}
			return false;
		},
		async after(before) {
			const ids = before.map((u) => String(u._id));
			const now = await currentUsagers(ids);
			await updateSearchLists(
				[...before, ...now].flatMap((u) => listKeysOf(u)),
				ids
			);
		}
	});
}
