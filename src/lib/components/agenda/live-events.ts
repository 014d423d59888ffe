/**
 * Pushed RDV changes applied to the agenda's FullCalendar calendars in place: the one event replaced, added or
 * removed, with a short highlight, instead of the whole period read again. `calendarEdits` (pure, spec'd) says
 * what one calendar must do; `applyEdits` does it through FullCalendar's event API.
 */
import type { Calendar } from 'fullcalendar';
import { liveFeedEvent, type FeedEvent } from '$lib/agenda-feed';
import { liveMarkText, type LiveChange } from '$lib/live/planning-apply';

/** The class an event carries while highlighted (fullcalendar-dsfr.css draws it). */
export const LIVE_CLASS = 'agenda-live-changed';

export type CalendarEdit = { id: string; event: FeedEvent | null };

const DAY_MS = 86_400_000;

/**
 * The instants a calendar shows, a day wider on each side: without a time-zone plugin FullCalendar's dates are
 * the zone's wall clock read as UTC, hours off the real instants.
 */
export function shownRange(view: { activeStart: Date; activeEnd: Date }): { start: Date; end: Date } {
	return { start: new Date(view.activeStart.getTime() - DAY_MS), end: new Date(view.activeEnd.getTime() + DAY_MS) };
}

/** The event of a pushed change as the feed would draw it now, saying who made the change and when. */
export function changeEvent(timeZone: string, now = new Date()) {
	return (change: Extract<LiveChange, { type: 'upsert' }>): FeedEvent =>
		liveFeedEvent(change.entry, { now, changedBy: liveMarkText(change.mark, timeZone) });
}

/**
 * One calendar's edits for a batch: each changed RDV's event is dropped and, when it still belongs to the
 * calendar (an agent's column shows only that agent's), drawn again from the pushed entry, highlighted.
 */
export function calendarEdits(
	changes: readonly LiveChange[],
	build: (change: Extract<LiveChange, { type: 'upsert' }>) => FeedEvent,
	column?: string
): CalendarEdit[] {
	return changes.map((change) => {
		if (change.type === 'remove') return { id: change.id, event: null };
		const event = build(change);
		if (column && !event.extendedProps.agentIds.includes(column)) return { id: change.id, event: null };
		return { id: change.id, event: { ...event, className: `${event.className} ${LIVE_CLASS}` } };
	});
}

/** The calendar's events for these edits; returns the ids drawn (to take their highlight off later). */
export function applyEdits(calendar: Calendar, edits: readonly CalendarEdit[]): string[] {
	// Added to the feed's source, so that the next read of the period replaces them instead of doubling them.
	const source = calendar.getEventSources()[0] ?? true;
	const drawn: string[] = [];
	for (const { id, event } of edits) {
		calendar.getEventById(id)?.remove();
		if (event && calendar.addEvent(event, source)) drawn.push(id);
	}
	return drawn;
}

/** Takes the highlight off these events (those still there). */
export function dropHighlight(calendar: Calendar, ids: readonly string[]): void {
	for (const id of ids) {
		const event = calendar.getEventById(id);
		if (event?.className.includes(LIVE_CLASS))
			event.setProp('className', event.className.replace(LIVE_CLASS, '').replace(/\s+/g, ' ').trim());
	}
}
