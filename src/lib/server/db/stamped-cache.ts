/**
 * A small per-process cache whose entries are valid while their stamp (db/stamps.ts) has not changed, with a
 * maximum age as a safety net (a process that died between a write and its stamp bump). Least recently used
 * entries go first when full.
 */
interface Entry<T> {
	stamp: string;
	at: number;
	value: T;
}

export class StampedCache<T> {
	readonly maxEntries: number;
	readonly maxAgeMs: number;
	#entries = new Map<string, Entry<T>>();
	hits = 0;
	misses = 0;

	constructor(options: { maxEntries?: number; maxAgeMs?: number } = {}) {
		this.maxEntries = options.maxEntries ?? 500;
		this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
	}

	/** The value for `key` under `stamp`: the cached one when still valid, else `load()`'s (then cached). */
	async get(key: string, stamp: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
		const entry = this.#entries.get(key);
		if (entry && entry.stamp === stamp && now - entry.at < this.maxAgeMs) {
			this.#entries.delete(key);
			this.#entries.set(key, entry);
			this.hits++;
			return entry.value;
		}
		this.misses++;
		// The stamp was read before loading: a write landing meanwhile bumps it, so the next read reloads.
		const value = await load();
		this.#entries.delete(key);
		this.#entries.set(key, { stamp, at: now, value });
		while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
		return value;
	}

	clear(): void {
		this.#entries.clear();
	}
}
