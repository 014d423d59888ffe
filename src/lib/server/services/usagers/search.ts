/**
 * Finding an organisation's usagers: the pickers' and the list's search (a name query reads its search list,
 * db/usager-search-lists.ts; others select with one equality on the stored search keys, refined and ranked in
 * code), and the alphabetical list walked bucket by bucket with a cursor. Neither ever reads the whole
 * organisation (ARCHITECTURE.md, database rules).
 */
import { isObjectIdOrHexString, Types } from 'mongoose';
import type { UsagerDto } from '../../../domain/dto.ts';
import {
	byCode,
	matchesUsagerQuery,
	parseUsagerQuery,
	queryListPrefix,
	queryScore,
	rankEntries,
	scopedKey,
	usagerSearchKeys,
	type UsagerQuery
} from '../../../domain/usager-search-keys.ts';
import { Usager, UsagerNameBucket } from '../../db/models/usager.ts';
import { readSearchList } from '../../db/usager-search-lists.ts';
import { toUsagerDto } from '../mappers.ts';

export const USAGER_SEARCH_LIMIT = 20;
/**
 * The most usagers a search by phone, e-mail or birth date decodes (a name-only search reads its list instead):
 * those keys select a few usagers; should one select more, the results are the best of the first read.
 */
export const USAGER_SEARCH_CANDIDATES = 400;
export const USAGER_PAGE_SIZE = 50;
export const USAGER_MAX_PAGE_SIZE = 100;

const ALIVE = { deletedAt: { $exists: false } } as const;

/**
 * Usagers having a profile in the organisation that match every part of `q` (name word starts — last, first
 * and birth names —, a phone number in any usual form, an e-mail, a birth date as jj/mm/aaaa or aaaa-mm-jj),
 * whole-word name matches first, then alphabetically (the list's order).
 */
export async function searchUsagers(
	organisationId: string,
	q: string,
	options: { limit?: number } = {}
): Promise<UsagerDto[]> {
	const query = parseUsagerQuery(q);
	if (!query || !isObjectIdOrHexString(organisationId)) return [];
	const limit = options.limit ?? USAGER_SEARCH_LIMIT;
	const prefix = queryListPrefix(query);
	// A name-only query: its list holds every candidate of the organisation with what a result shows, ranked
	// here exactly; nothing else is read.
	if (prefix)
		return rankEntries(await readSearchList(scopedKey(organisationId, prefix)), query)
			.slice(0, limit)
			.map((e) => e.usager);
	return (await searchByKey(organisationId, query, limit)).map((u) => toUsagerDto(u));
}

/** A query with a phone, an e-mail or a birth date: one equality on its most selective key, refined here. */
async function searchByKey(organisationId: string, query: UsagerQuery, limit: number) {
	const found = await Usager.find({ searchKeys: scopedKey(organisationId, query.keys[0]), ...ALIVE })
		.limit(USAGER_SEARCH_CANDIDATES)
		.lean();
	return (
		found
			// The other parts of the query, checked against keys computed afresh (cheaper than the stored, scoped ones).
			.filter((u) => matchesUsagerQuery({ ...u, searchKeys: usagerSearchKeys(u) }, query))
			.map((u) => ({ u, score: queryScore(u, query), sort: u.sortName ?? '' }))
			.sort((a, b) => b.score - a.score || byCode(a.sort, b.sort) || byCode(String(a.u._id), String(b.u._id)))
			.slice(0, limit)
			.map(({ u }) => u)
	);
}

export interface UsagerPage {
	items: UsagerDto[];
	/** Opaque; absent on the last page. */
	nextCursor?: string;
}

interface Position {
	bucket: string;
	sortName: string;
	id: string;
}

export class UsagerCursorError extends Error {
	override name = 'UsagerCursorError';
}

/** Cursors stay opaque to clients: base64url of the last row's position. */
function encodeCursor(p: Position): string {
	return Buffer.from(JSON.stringify([p.bucket, p.sortName, p.id])).toString('base64url');
}

function decodeCursor(cursor: string): Position | null {
	try {
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (!Array.isArray(value) || value.length !== 3) return null;
		const [bucket, sortName, id] = value as unknown[];
		if (typeof bucket !== 'string' || typeof sortName !== 'string' || typeof id !== 'string') return null;
		if (!isObjectIdOrHexString(id) || bucket.length > 2 || sortName.length > 400) return null;
		return { bucket, sortName, id };
	} catch {
		return null;
	}
}

/**
 * One page of the organisation's usagers sorted by last name, then first name. The page walks the
 * organisation's alphabetical buckets (the first two letters of the last name) in order, reading each with an
 * equality, from the cursor's bucket on: a page decodes a few buckets, never the whole organisation.
 */
export async function listUsagers(
	organisationId: string,
	options: { cursor?: string; limit?: number } = {}
): Promise<UsagerPage> {
	if (!isObjectIdOrHexString(organisationId)) return { items: [] };
	const orgId = new Types.ObjectId(organisationId);
	const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? USAGER_PAGE_SIZE)), USAGER_MAX_PAGE_SIZE);
	const after = options.cursor === undefined ? null : decodeCursor(options.cursor);
	if (options.cursor !== undefined && !after) throw new UsagerCursorError('Curseur de pagination invalide.');

	const buckets = (await UsagerNameBucket.find({ organisationId: orgId }, { bucket: 1 }).lean())
		.map((b) => b.bucket)
		.filter((b) => !after || byCode(b, after.bucket) >= 0)
		.sort(byCode);

	const rows: { u: Awaited<ReturnType<typeof readBucket>>[number]; bucket: string }[] = [];
	for (const bucket of buckets) {
		let found = await readBucket(orgId, bucket);
		if (after && bucket === after.bucket)
			found = found.filter((u) => {
				const c = byCode(u.sortName ?? '', after.sortName);
				return c > 0 || (c === 0 && byCode(String(u._id), after.id) > 0);
			});
		for (const u of found) rows.push({ u, bucket });
		if (rows.length > limit) break;
	}
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		items: page.map(({ u }) => toUsagerDto(u)),
		nextCursor:
			rows.length > limit && last
				? encodeCursor({ bucket: last.bucket, sortName: last.u.sortName ?? '', id: String(last.u._id) })
				: undefined
	};
}

/** One bucket of the organisation, in list order (sorted here: the embedded database sorts in memory anyway). */
async function readBucket(orgId: Types.ObjectId, bucket: string) {
	const found = await Usager.find({ listBuckets: scopedKey(String(orgId), bucket), ...ALIVE }).lean();
	return found.sort((a, b) => byCode(a.sortName ?? '', b.sortName ?? '') || byCode(String(a._id), String(b._id)));
}
