/**
 * A view's live copy of the planning: what the view loaded, then the pushed `rdv.changed` messages applied in
 * batches (one animation frame: a burst of changes gives one update of the page), keeping per RDV the highest
 * version, deleted winning ($lib/live/planning-apply is the rule). After a gap in the server's numbering or a
 * reconnect, `onResync` asks the view to read its visible range again; it then calls `seed`.
 *
 * Use (in a component):
 *   const live = new LivePlanning({ organisationId, view: () => ({ organisationId, range, agentIds, cancelled }),
 *     onResync: reload, onChanges: (changes) => … });
 *   $effect(() => live.start());           // joins the planning; the cleanup leaves it
 *   live.seed(rows.map((r) => ({ id: r.id, version: r.version })));   // after each (re)load
 * then render `live.entries` (RDVs changed since the load, null when removed from the view) over the loaded rows,
 * and `live.highlighted` (changed in the last few seconds) for the highlight with « modifié par ».
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { RdvChanged } from '$lib/domain/realtime';
import { LiveLedger, type LiveChange, type LiveEntry, type LiveMark, type LiveView } from '$lib/live/planning-apply';
import { realtimeClient, type RealtimeClient } from './realtime.svelte';

/** How long a changed entry stays highlighted. */
export const HIGHLIGHT_MS = 3000;

export interface LiveItem {
	/** null: the RDV left the view (deleted, cancelled while cancelled ones are hidden, moved elsewhere). */
	entry: LiveEntry | null;
	mark: LiveMark;
}

export interface LivePlanningOptions {
	organisationId: string;
	/** What the view shows, read when a batch is applied. */
	view: () => LiveView;
	/** The view may have missed changes (gap, reconnect): read its visible range again, then `seed`. */
	onResync?: () => void;
	/** Each applied batch, for views that hand changes to a widget (FullCalendar) rather than render `entries`. */
	onChanges?: (changes: LiveChange[]) => void;
	/** Defaults to the tab's connection. */
	client?: RealtimeClient;
}

export class LivePlanning {
	/** RDVs changed since the view's last load (null entry: gone from the view). */
	entries = new SvelteMap<string, LiveItem>();
	/** RDVs changed in the last HIGHLIGHT_MS. */
	highlighted = new SvelteSet<string>();

	#options: LivePlanningOptions;
	#ledger = new LiveLedger();
	#queue: RdvChanged[] = [];
	#scheduled = false;
	#paused = false;
	// Timers of the highlights, never rendered.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#timers = new Map<string, ReturnType<typeof setTimeout>>();

	constructor(options: LivePlanningOptions) {
		this.#options = options;
	}

	/** Follows the organisation's planning; returns the cleanup (for an $effect). Browser only. */
	start(): () => void {
		const client = this.#options.client ?? realtimeClient();
		const { organisationId } = this.#options;
		void client.joinPlanning(organisationId);
		const offs = [
			client.on('rdv.changed', (message) => {
				if (message.organisationId !== organisationId) return;
				this.#queue.push(message);
				this.#schedule();
			}),
			client.onResync((id) => {
				if (id === organisationId) this.#options.onResync?.();
			})
		];
		return () => {
			for (const off of offs) off();
			client.leavePlanning(organisationId);
			for (const timer of this.#timers.values()) clearTimeout(timer);
			this.#timers.clear();
			this.#queue = [];
		};
	}

	/** The view (re)loaded: these versions are what pushed changes must beat; earlier changes are in the load. */
	seed(loaded: Iterable<{ id: string; version?: number }>): void {
		this.#ledger.seed(loaded);
		this.entries.clear();
	}

	/** Holds the batches (a drag being confirmed: changing the events under it would undo the drop). */
	pause(): void {
		this.#paused = true;
	}

	resume(): void {
		this.#paused = false;
		if (this.#queue.length > 0) this.#schedule();
	}

	/** Applies the queued messages now (tests; and the scheduler). */
	flush(): LiveChange[] {
		this.#scheduled = false;
		if (this.#paused || this.#queue.length === 0) return [];
		const messages = this.#queue;
		this.#queue = [];
		const changes = this.#ledger.apply(messages, this.#options.view());
		for (const change of changes) {
			this.entries.set(change.id, { entry: change.type === 'upsert' ? change.entry : null, mark: change.mark });
			this.#highlight(change.id);
		}
		if (changes.length > 0) this.#options.onChanges?.(changes);
		return changes;
	}

	#schedule() {
		if (this.#scheduled || this.#paused) return;
		this.#scheduled = true;
		// A frame gathers a burst; a hidden tab gets no frames, so a task does it there.
		if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible')
			requestAnimationFrame(() => this.flush());
		else setTimeout(() => this.flush(), 0);
	}

	#highlight(id: string) {
		this.highlighted.add(id);
		clearTimeout(this.#timers.get(id));
		this.#timers.set(
			id,
			setTimeout(() => {
				this.highlighted.delete(id);
				this.#timers.delete(id);
			}, HIGHLIGHT_MS)
		);
	}
}
