/**
 * A few-seconds cache of computed answers for anonymous visitors (the public grid and the lieu cards): a popular
 * motif is asked for many times a second, and the same answer a few seconds old is fine because the booking
 * re-checks the slot against the RDVs themselves. Concurrent askers share one computation; a failure is not kept.
 * Per node, never shared: nothing another node needs lives here.
 */
interface Entry<T> {
	at: number;
	value: Promise<T>;
}

export class BriefCache<T> {
	readonly ttlMs: number;
	readonly maxEntries: number;
	#entries = new Map<string, Entry<T>>();

	constructor(options: { ttlMs?: number; maxEntries?: number } = {}) {
		this.ttlMs = options.ttlMs ?? 5_000;
		this.maxEntries = options.maxEntries ?? 2_000;
	}

	get(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
		const entry = this.#entries.get(key);
		if (entry && now - entry.at < this.ttlMs) return entry.value;
		const value = compute();
		this.#entries.delete(key);
		this.#entries.set(key, { at: now, value });
		value.catch(() => {
			if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
		});
		// Oldest first: a Map iterates in insertion order.
		while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
		return value;
	}

	clear(): void {
		this.#entries.clear();
	}
}
