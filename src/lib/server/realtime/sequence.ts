/**
 * Numbering and ordering of the live messages one node sends.
 *
 * Each change of an organisation's planning gets one number, shared by the messages of its audiences, so every
 * follower sees 1, 2, 3… per (node, organisation) and a missing number means a missed change: the client then
 * refetches its visible range. The node id is random per process, so a restarted node starts a new sequence
 * that clients cannot confuse with the old one.
 */
import { randomBytes } from 'node:crypto';
import type { LiveSequence } from '../../domain/realtime.ts';

export class LiveSequencer {
	readonly node: string;
	#counters = new Map<string, number>();

	constructor(node = randomBytes(6).toString('hex')) {
		this.node = node;
	}

	/** The next number of this organisation's sequence. */
	next(organisationId: string): LiveSequence {
		const seq = (this.#counters.get(organisationId) ?? 0) + 1;
		this.#counters.set(organisationId, seq);
		return { node: this.node, seq };
	}

	/**
	 * Burns a number: a change that could not be pushed (its card could not be read) leaves a gap, so the
	 * followers refetch at the next message instead of silently missing it.
	 */
	skip(organisationId: string): void {
		this.next(organisationId);
	}
}

/**
 * Runs tasks one after the other per key (an RDV id) and in parallel across keys. Two quick changes of one RDV
 * are read and pushed in the order they were published, so a node never sends an older card after a newer one
 * (across nodes, clients keep the highest `card.version`).
 */
export class KeyedQueue {
	#tails = new Map<string, Promise<void>>();

	/** Runs `task` once the tasks queued before under `key` have settled; resolves or rejects as it does. */
	run(key: string, task: () => Promise<void>): Promise<void> {
		const previous = this.#tails.get(key) ?? Promise.resolve();
		const result = previous.then(task);
		// A failed task must not block the next ones (the caller hears of the failure through `result`).
		const tail = result.catch(() => {});
		this.#tails.set(key, tail);
		void tail.then(() => {
			if (this.#tails.get(key) === tail) this.#tails.delete(key);
		});
		return result;
	}

	/** Keys with work pending (0 when idle): for tests and shutdown. */
	get size(): number {
		return this.#tails.size;
	}

	/** Resolves when every task queued so far has run. */
	async idle(): Promise<void> {
		while (this.#tails.size > 0) await Promise.all(this.#tails.values());
	}
}
