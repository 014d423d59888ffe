/**
 * Usagers stored before the search keys and the list buckets existed (a demo database kept between runs) get
 * them once, on start: the keys are computed by the same domain function as the model's pre-validate hook; then
 * the name search lists. A marker records that each ran, so later starts cost one read each.
 */
import type { Types } from 'mongoose';
import { lastNameBucket, scopedKeys, sortName, usagerSearchKeys } from '../../../domain/usager-search-keys.ts';
import { backfillOnce } from '../../db/read-models/once.ts';
import { LISTED_FIELDS, listKeysOf, updateSearchLists, type ListedUsager } from '../../db/usager-search-lists.ts';
import { recordNameBuckets, Usager } from '../../db/models/usager.ts';

const BATCH = 500;
const PARALLEL = 8;

interface Row {
	_id: Types.ObjectId;
	firstName: string;
	lastName: string;
	birthName?: string;
	email?: string;
	phone?: string;
	birthDate?: string;
	organisationIds: Types.ObjectId[];
}

export async function ensureUsagerSearchKeys(): Promise<number> {
	const filled = await backfillOnce(
		'usager-search-keys',
		{ key: 'usagers', message: 'usager search keys stored' },
		fillSearchKeys
	);
	await backfillOnce('usager-search-lists', { key: 'usagers', message: 'usager search lists built' }, fillSearchLists);
	return filled;
}

/**
 * The name search lists (db/usager-search-lists.ts) of usagers stored before they existed: every usager read
 * once (the fields a line holds), each list shard written once from them.
 */
async function fillSearchLists(): Promise<number> {
	const rows = await Usager.collection.find<ListedUsager>({}, { projection: LISTED_FIELDS }).toArray();
	await updateSearchLists(
		rows.flatMap((u) => listKeysOf(u)),
		rows.map((u) => String(u._id)),
		{ given: rows }
	);
	return rows.length;
}

async function fillSearchKeys(): Promise<number> {
	let filled = 0;
	let batch: Row[] = [];
	const flush = async () => {
		if (batch.length === 0) return;
		const updates = batch.map((u) => ({
			_id: u._id,
			organisationIds: u.organisationIds,
			lastName: u.lastName,
			searchKeys: scopedKeys(u.organisationIds, usagerSearchKeys(u)),
			listBuckets: scopedKeys(u.organisationIds, [lastNameBucket(u.lastName)]),
			sortName: sortName(u.lastName, u.firstName)
		}));
		// Raw writes by id (the fields are derived; a revalidation would also refuse legacy oddities), a few at a
		// time: a bulkWrite of a few dozen updates never returned from FerretDB v1 here.
		for (let i = 0; i < updates.length; i += PARALLEL)
			await Promise.all(
				updates
					.slice(i, i + PARALLEL)
					.map(({ _id, searchKeys, listBuckets, sortName }) =>
						Usager.collection.updateOne({ _id }, { $set: { searchKeys, listBuckets, sortName } })
					)
			);
		await recordNameBuckets(updates);
		filled += batch.length;
		batch = [];
	};
	// One pass over the collection, once per database; every later read selects by key. Read whole before
	// writing (a few hundred bytes per usager): writes are not mixed with an open cursor.
	const rows = await Usager.collection
		.find<Row>(
			{},
			{ projection: { firstName: 1, lastName: 1, birthName: 1, email: 1, phone: 1, birthDate: 1, organisationIds: 1 } }
		)
		.toArray();
	for (const u of rows) {
		batch.push(u);
		if (batch.length >= BATCH) await flush();
	}
	await flush();
	return filled;
}
