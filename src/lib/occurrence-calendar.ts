/**
 * Occurrences of plages d'ouverture for the calendar preview (pure: used by the component, the plage pages and
 * the occurrences endpoint, tested alone). An occurrence is a local day and wall-clock times in its plage's time
 * zone; FullCalendar gets instants, so that it places them right whatever the browser's zone. Cancelled and
 * changed occurrences say so in their title, not only by their look, for screen-reader users.
 */
import { contrastTextColor, eventColor, type CalendarEvent } from './agenda-events.ts';
import { closingHoliday, type HolidayTerritory } from './domain/holidays.ts';
import { isValidDay, minutesOfDay, toInstant } from './domain/local-time.ts';
import { shownOccurrences } from './domain/plage-occurrences.ts';
import type { OccurrenceException, Series } from './domain/recurrence.ts';
import { checkTimesAndDays, toRecurrence, type PlageFormValues } from './recurrence-form.ts';

export interface CalendarOccurrence {
	/** Unique within one calendar, e.g. `<plageId>:<day>`. */
	id: string;
	title: string;
	day: string;
	startTime: string;
	endTime: string;
	timeZone: string;
	/** '#rrggbb'; the default blue otherwise. */
	color?: string;
	cancelled?: boolean;
	/** Other times or lieu than the series'. */
	overridden?: boolean;
	/** Shown for context only (the agent's other plages): lighter, and said so in the list. */
	muted?: boolean;
	/** The public holiday that closes the agendas that day: no slot is offered then. */
	holiday?: string;
}

export type OccurrenceEvent = CalendarEvent<{ cancelled: boolean; overridden: boolean; muted: boolean }>;

/** Cancelled occurrences: DSFR grey, striped by the component's CSS. */
export const CANCELLED_EVENT_COLOR = '#e5e5e5';

/** `color` mixed with white (`amount` 0 → unchanged, 1 → white), for context events. */
export function lighterColor(color: string, amount = 0.7): string {
	const base = eventColor(color);
	const channel = (i: number) => {
		const c = Number.parseInt(base.slice(1 + 2 * i, 3 + 2 * i), 16);
		return Math.round(c + (255 - c) * amount)
			.toString(16)
			.padStart(2, '0');
	};
	return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** The title with what a sighted user reads from the look: "(annulée)", "(modifiée)", "(férié : Noël)". */
export function occurrenceEventTitle(
	o: Pick<CalendarOccurrence, 'title' | 'cancelled' | 'overridden' | 'holiday'>
): string {
	if (o.cancelled) return `${o.title} (annulée)`;
	const holiday = o.holiday ? ` (férié : ${o.holiday})` : '';
	if (o.overridden) return `${o.title} (modifiée)${holiday}`;
	return `${o.title}${holiday}`;
}

export function toOccurrenceEvent(o: CalendarOccurrence): OccurrenceEvent {
	const own = eventColor(o.color);
	// A holiday closes the agendas: shown like the agent's other plages, lighter.
	const color = o.cancelled ? CANCELLED_EVENT_COLOR : o.muted || o.holiday ? lighterColor(own) : own;
	const classes = ['occurrence-event'];
	if (o.cancelled) classes.push('occurrence-cancelled');
	if (o.overridden) classes.push('occurrence-overridden');
	if (o.muted) classes.push('occurrence-muted');
	return {
		id: o.id,
		title: occurrenceEventTitle(o),
		start: toInstant(o.day, o.startTime, o.timeZone).toISOString(),
		end: toInstant(o.day, o.endTime, o.timeZone).toISOString(),
		color,
		contrastColor: o.cancelled ? '#3a3a3a' : contrastTextColor(color),
		className: classes.join(' '),
		extendedProps: { cancelled: !!o.cancelled, overridden: !!o.overridden, muted: !!o.muted }
	};
}

/** In the order a list reads them: by day, then start time, then this plage before the others. */
export function sortOccurrences<T extends CalendarOccurrence>(list: readonly T[]): T[] {
	return [...list].sort(
		(a, b) =>
			a.day.localeCompare(b.day) ||
			a.startTime.localeCompare(b.startTime) ||
			Number(!!a.muted) - Number(!!b.muted) ||
			a.title.localeCompare(b.title, 'fr')
	);
}

/** The time-grid hours that show every occurrence: 07:00–20:00 at least, widened to whole hours. */
export function visibleHours(list: readonly Pick<CalendarOccurrence, 'startTime' | 'endTime'>[]): {
	min: string;
	max: string;
} {
	let min = 7 * 60;
	let max = 20 * 60;
	for (const o of list) {
		min = Math.min(min, minutesOfDay(o.startTime));
		max = Math.max(max, minutesOfDay(o.endTime));
	}
	const hour = (h: number) => `${String(h).padStart(2, '0')}:00:00`;
	return { min: hour(Math.floor(min / 60)), max: hour(Math.min(24, Math.ceil(max / 60))) };
}

/** A plage (or any series in a zone) as calendar occurrences within [from, to). */
export function seriesCalendarOccurrences(
	series: Series & { id: string; title: string; timeZone: string },
	from: string,
	to: string,
	style: { color?: string; muted?: boolean; withCancelled?: boolean; title?: string; territory?: HolidayTerritory } = {}
): CalendarOccurrence[] {
	return shownOccurrences(series, from, to)
		.filter((o) => style.withCancelled || !o.cancelled)
		.map((o) => {
			const holiday = style.territory && closingHoliday(style.territory, o.day)?.name;
			return {
				id: `${series.id}:${o.day}`,
				title: style.title ?? series.title,
				day: o.day,
				startTime: o.startTime,
				endTime: o.endTime,
				timeZone: series.timeZone,
				...(style.color ? { color: style.color } : {}),
				...(o.cancelled ? { cancelled: true } : {}),
				...(o.overridden ? { overridden: true } : {}),
				...(style.muted ? { muted: true } : {}),
				...(holiday ? { holiday } : {})
			};
		});
}

/** Title of the live preview while the agent has not typed one. */
export const PREVIEW_TITLE = 'Nouvelle plage';

/**
 * The occurrences of the plage being typed in the form, within [from, to): nothing until the first day and
 * the times make sense (the form's own checks then say what is wrong). Editing a saved plage, its exceptions
 * stay on the days that remain occurrences: they are applied too (cancelled ones shown).
 */
export function formPreviewOccurrences(
	values: PlageFormValues,
	options: {
		timeZone: string;
		from: string;
		to: string;
		color?: string;
		exceptions?: OccurrenceException[];
		territory?: HolidayTerritory;
	}
): CalendarOccurrence[] {
	if (Object.keys(checkTimesAndDays(values)).length || !isValidDay(values.firstDay)) return [];
	if (minutesOfDay(values.endTime) <= minutesOfDay(values.startTime)) return [];
	const { recurrence, errors } = toRecurrence(values.recurrence);
	if (Object.keys(errors).length || (recurrence?.until && !isValidDay(recurrence.until))) return [];
	return seriesCalendarOccurrences(
		{
			id: 'apercu',
			title: values.title || PREVIEW_TITLE,
			firstDay: values.firstDay,
			startTime: values.startTime,
			endTime: values.endTime,
			recurrence,
			exceptions: options.exceptions ?? [],
			timeZone: options.timeZone
		},
		options.from,
		options.to,
		{ color: options.color, withCancelled: true, territory: options.territory }
	);
}
