/**
 * The agenda page's live side: the organisation's pushed RDV changes (the live planning store) applied to the
 * calendars on screen in place — the one event redrawn, highlighted a few seconds, with who made the change in its
 * details and in an announcement — and the shown period read again only when changes may have been missed (a gap
 * or a reconnect), or when a plage or an absence of a shown agent changed (background blocks are not pushed).
 */
import type { Calendar } from 'fullcalendar';
import type { AgendaFeed } from '$lib/agenda-feed';
import { liveMarkText, type LiveChange, type LiveView } from '$lib/live/planning-apply';
import { HIGHLIGHT_MS, LivePlanning } from '$lib/state/live-planning.svelte';
import { realtimeClient } from '$lib/state/realtime.svelte';
import { applyEdits, calendarEdits, changeEvent, dropHighlight, shownRange } from './live-events';

/** A calendar on screen, with the agent of its column (none: the merged calendar of the week, month, list views). */
export interface ShownCalendar {
	calendar: Calendar;
	column?: string;
}

export interface AgendaLiveContext {
	organisationId: string;
	viewerId: string;
	timeZone: string;
	/** The calendars on screen now (the first one gives the shown period). */
	calendars: () => ShownCalendar[];
	agentIds: () => readonly string[];
	cancelled: () => boolean;
	/** Reads the shown period again. */
	refresh: () => void;
	/** The pushed changes made the answers kept for the calendars stale. */
	stale: () => void;
}

/** How long the announcement of a change stays. */
const ANNOUNCEMENT_MS = 10_000;
/** Plage and absence notices come in bursts (a recurring plage): one read for them. */
const REFRESH_DELAY_MS = 400;

export class AgendaLive {
	/** « RDV modifié par Camille Durand à 10:42 »: changes made by others, for the page's live region. */
	announcement = $state('');

	#ctx: AgendaLiveContext;
	#planning: LivePlanning | undefined;
	// Timers, never rendered: a plain Set.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#timers = new Set<ReturnType<typeof setTimeout>>();
	#announcementTimer: ReturnType<typeof setTimeout> | undefined;
	#refreshTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(ctx: AgendaLiveContext) {
		this.#ctx = ctx;
	}

	/** Follows the organisation's planning (browser only); returns the cleanup, for an $effect. */
	start(): () => void {
		const { organisationId } = this.#ctx;
		const planning = new LivePlanning({
			organisationId,
			view: () => this.#view(),
			onResync: () => this.#refreshSoon(),
			onChanges: (changes) => this.#apply(changes)
		});
		this.#planning = planning;
		const stop = planning.start();
		const client = realtimeClient();
		const ifShown = (notice: { organisationId: string; agentId: string }) => {
			if (notice.organisationId === organisationId && this.#ctx.agentIds().includes(notice.agentId))
				this.#refreshSoon();
		};
		const offs = [client.on('plage.changed', ifShown), client.on('absence.changed', ifShown)];
		return () => {
			for (const off of offs) off();
			stop();
			this.#planning = undefined;
			clearTimeout(this.#refreshTimer);
			clearTimeout(this.#announcementTimer);
			for (const timer of this.#timers) clearTimeout(timer);
			this.#timers.clear();
		};
	}

	/** Each answer of the feed: the versions pushed changes must beat. */
	seed(answer: AgendaFeed): void {
		this.#planning?.seed(
			answer.events.flatMap((e) =>
				e.extendedProps.kind === 'rdv' || e.extendedProps.kind === 'busy'
					? [{ id: e.id, version: e.extendedProps.version }]
					: []
			)
		);
	}

	/** A move being confirmed: changing the events under it would undo the drop; the changes wait for the answer. */
	hold(held: boolean): void {
		if (held) this.#planning?.pause();
		else this.#planning?.resume();
	}

	/** What the calendars show: their period, agents, and whether cancelled RDVs show. */
	#view(): LiveView {
		const shown = this.#ctx.calendars()[0]?.calendar.view;
		return {
			organisationId: this.#ctx.organisationId,
			agentIds: this.#ctx.agentIds(),
			cancelled: this.#ctx.cancelled(),
			...(shown ? { range: shownRange(shown) } : {})
		};
	}

	#apply(changes: LiveChange[]) {
		const { timeZone, viewerId } = this.#ctx;
		const build = changeEvent(timeZone);
		for (const { calendar, column } of this.#ctx.calendars()) {
			const drawn = applyEdits(calendar, calendarEdits(changes, build, column));
			if (drawn.length === 0) continue;
			const timer = setTimeout(() => {
				this.#timers.delete(timer);
				// A column redrawn meanwhile (another day) is another calendar: the old one is gone.
				if (this.#ctx.calendars().some((shown) => shown.calendar === calendar)) dropHighlight(calendar, drawn);
			}, HIGHLIGHT_MS);
			this.#timers.add(timer);
		}
		this.#ctx.stale();
		// One's own changes are already said where they were made (the move's confirmation).
		const said = changes.filter((c) => c.mark.actor?.id !== viewerId).map((c) => liveMarkText(c.mark, timeZone));
		if (said.length === 0) return;
		this.announcement =
			said.length === 1
				? `RDV ${said[0].charAt(0).toLowerCase()}${said[0].slice(1)}`
				: `${said.length} RDV changés : ${said.join(' ; ')}`;
		clearTimeout(this.#announcementTimer);
		this.#announcementTimer = setTimeout(() => (this.announcement = ''), ANNOUNCEMENT_MS);
	}

	#refreshSoon() {
		clearTimeout(this.#refreshTimer);
		this.#refreshTimer = setTimeout(this.#ctx.refresh, REFRESH_DELAY_MS);
	}
}
