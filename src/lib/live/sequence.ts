/**
 * Gap detection for the live planning's numbered messages (see LiveSequence in $lib/domain/realtime): each
 * publishing node numbers its messages about one organisation 1, 2, 3…, and every follower of that planning gets
 * exactly one message per number. A client that sees a number jump missed a change it may have been concerned
 * by: its views refetch their visible range. Pure bookkeeping, so the rule is tested alone.
 *
 * - The first number heard from a node (after joining, or after the node restarted with a new id) is the
 *   baseline: what came before is covered by the view's initial load, or by the resync a reconnect triggers.
 * - A number above the last one plus one is a gap. A number at or below the last one (a duplicate, or one
 *   overtaken by a later one: Socket.IO keeps a connection's order, so only a misbehaving path does this) is
 *   stale: the resync of the jump that overtook it already covers it.
 */

export type SequenceVerdict = 'first' | 'next' | 'gap' | 'stale';

export class SequenceTracker {
	// Bookkeeping, never rendered (plain module, no runes): organisation → node → last number heard.
	#last = new Map<string, Map<string, number>>();

	/** Records a message's number and says what it means for the organisation's views. */
	accept(organisationId: string, node: string, seq: number): SequenceVerdict {
		let nodes = this.#last.get(organisationId);
		if (!nodes) this.#last.set(organisationId, (nodes = new Map()));
		const last = nodes.get(node);
		if (last === undefined) {
			nodes.set(node, seq);
			return 'first';
		}
		if (seq <= last) return 'stale';
		nodes.set(node, seq);
		return seq === last + 1 ? 'next' : 'gap';
	}

	/** Forgets an organisation's numbers (left its planning), or every one (the connection was lost). */
	reset(organisationId?: string): void {
		if (organisationId === undefined) this.#last.clear();
		else this.#last.delete(organisationId);
	}
}
