/**
 * Pages in (startsAt, _id) order over time buckets that are each read by equality keys (organisation-days,
 * agent-weeks, ISO weeks): the RDV list and the collective sessions list. The buckets are read in growing
 * batches until a page is filled or the scan budget is spent; the cursor then says where to resume, so a sparse
 * filter returns a short page whose « Page suivante » continues the scan instead of reading a whole year.
 */

/** A position in the (startsAt, _id) order. */
export interface StartPosition {
	t: number;
	/** '' stands before every id: resume at `t` inclusive (a scan boundary, not an item). */
	id: string;
}

export function encodeCursor(p: StartPosition): string {
	return Buffer.from(`${p.t}.${p.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): StartPosition | null {
	if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
	const match = /^(\d{1,15})\.([0-9a-f]{24})?$/.exec(Buffer.from(cursor, 'base64url').toString());
	if (!match) return null;
	return { t: Number(match[1]), id: match[2] ?? '' };
}

export const isAfter = (t: number, id: string, p: StartPosition) => t > p.t || (t === p.t && id > p.id);

interface Started {
	startsAt: Date;
	_id: unknown;
}

export interface StartWalk<B extends { lo: number }, T extends Started> {
	/** In time order; each owns the items starting in [lo, its end). */
	buckets: B[];
	limit: number;
	/** The bucket's items to show (already filtered). */
	read: (bucket: B) => Promise<T[]>;
	firstBatch: number;
	maxBatch: number;
	/** Never read buckets at this index or beyond in one request. */
	maxBuckets?: number;
	/** Stop starting new batches once this much cost is read (e.g. days). */
	budget?: { cost: (bucket: B) => number; max: number };
}

export async function walkByStart<B extends { lo: number }, T extends Started>(
	walk: StartWalk<B, T>
): Promise<{ page: T[]; nextCursor: string | null }> {
	const { buckets, limit } = walk;
	const maxBuckets = walk.maxBuckets ?? Infinity;
	const found: T[] = [];
	let next = 0;
	let spent = 0;
	let batchSize = walk.firstBatch;
	while (
		next < buckets.length &&
		found.length <= limit &&
		next < maxBuckets &&
		(!walk.budget || spent < walk.budget.max)
	) {
		const batch = buckets.slice(next, Math.min(next + batchSize, maxBuckets));
		next += batch.length;
		if (walk.budget) spent += batch.reduce((n, b) => n + walk.budget!.cost(b), 0);
		for (const items of await Promise.all(batch.map(walk.read))) found.push(...items);
		// Sparse filters: read more of the period at once, still bounded.
		batchSize = Math.min(batchSize * 2, walk.maxBatch);
	}
	found.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || String(a._id).localeCompare(String(b._id)));

	if (found.length > limit) {
		const page = found.slice(0, limit);
		const last = page.at(-1)!;
		return { page, nextCursor: encodeCursor({ t: last.startsAt.getTime(), id: String(last._id) }) };
	}
	// Scan budget spent: resume at the first bucket not read.
	return { page: found, nextCursor: next < buckets.length ? encodeCursor({ t: buckets[next]!.lo, id: '' }) : null };
}
