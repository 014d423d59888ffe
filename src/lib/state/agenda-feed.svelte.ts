/**
 * The agenda's events feed as the page's calendars read it: one request per period, agents and toggle, shared by
 * every calendar showing that period (the multi-agent day view has one calendar per agent), and what the page
 * says about it (loading, failed, how many RDVs, whether something falls on the weekend).
 */
import type { AgendaFeed, FeedEvent } from '$lib/agenda-feed';

export interface FeedRequest {
	start: Date;
	end: Date;
	agentIds: string[];
	cancelled: boolean;
}

/** How long an answer serves the other calendars asking for the same period. */
const SHARE_MS = 2000;

export class AgendaFeedLoader {
	loading = $state(false);
	failed = $state(false);
	/** RDVs (not background blocks) of the last answer; null before the first one. */
	rdvCount = $state<number | null>(null);
	weekend = $state({ saturday: false, sunday: false });
	/** The events of the last answer (the multi-agent day view fits its hours to them). */
	events = $state.raw<FeedEvent[]>([]);
	#url: string;
	// A cache of requests in flight or answered, never rendered: a plain Map on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#requests = new Map<string, Promise<AgendaFeed>>();

	#onLoaded: ((feed: AgendaFeed) => void) | undefined;

	/** `onLoaded`: each answer, as it arrives (the live planning takes the versions it holds from it). */
	constructor(url: string, onLoaded?: (feed: AgendaFeed) => void) {
		this.#url = url;
		this.#onLoaded = onLoaded;
	}

	/** The feed of a period: asked once for the calendars asking together, whichever asks first. */
	load(request: FeedRequest): Promise<AgendaFeed> {
		// A query string built once, never rendered: not reactive state.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const params = new URLSearchParams({
			start: request.start.toISOString(),
			end: request.end.toISOString(),
			agentIds: request.agentIds.join(',')
		});
		if (request.cancelled) params.set('cancelled', '1');
		const key = params.toString();
		let pending = this.#requests.get(key);
		if (!pending) {
			pending = this.#fetch(key);
			this.#requests.set(key, pending);
			// Shared by the calendars that ask together (the columns mount at once), then forgotten: coming back to
			// a period later reads it again, with the changes made meanwhile.
			const forget = () => setTimeout(() => this.#requests.delete(key), SHARE_MS);
			pending.then(forget, forget);
		}
		return pending;
	}

	/** Forget every answer: the next load asks the server again (after a move, or a change elsewhere). */
	invalidate(): void {
		this.#requests.clear();
	}

	async #fetch(query: string): Promise<AgendaFeed> {
		this.loading = true;
		this.failed = false;
		try {
			const response = await fetch(`${this.#url}?${query}`, { headers: { accept: 'application/json' } });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const feed = (await response.json()) as AgendaFeed;
			this.rdvCount = feed.events.filter((e) => e.display !== 'background').length;
			this.weekend = feed.weekend;
			this.events = feed.events;
			this.#onLoaded?.(feed);
			return feed;
		} catch (err) {
			this.failed = true;
			this.rdvCount = null;
			throw err instanceof Error ? err : new Error(String(err));
		} finally {
			this.loading = false;
		}
	}
}
