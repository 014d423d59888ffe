/**
 * FullCalendar 7 as the app's calendars use it (the agenda, the plage occurrences): the time grid, the day grid,
 * the classic theme with its CSS, the French locale, and the options they share. FullCalendar touches the DOM as
 * soon as it is imported, so everything is imported dynamically here: call `mountCalendar` in the browser only
 * (inside an $effect) and call what it returns in the effect's cleanup, which destroys the calendar.
 */
import type { Calendar, CalendarOptions } from 'fullcalendar';

/** Plugins a calendar may add to the time grid, the day grid and the theme. */
const EXTRA_PLUGINS = {
	list: () => import('fullcalendar/list'),
	interaction: () => import('fullcalendar/interaction')
};
export type ExtraPlugin = keyof typeof EXTRA_PLUGINS;

/** 'lundi 14 décembre 2026' of a 'YYYY-MM-DD…' string (the calendar's own wall-clock day). */
const longDay = (isoStart: string) =>
	new Intl.DateTimeFormat('fr-FR', {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${isoStart.slice(0, 10)}T12:00:00Z`));

/**
 * What an event of a time or day grid is called for screen readers: what it shows (its times, then its title,
 * which says the motif, the people and a status such as « annulé par l’usager »), then its day, which a grid
 * only gives by the column. It starts with the visible text, so a voice command naming what is seen finds it
 * (WCAG 2.5.3).
 */
export function eventAccessibleName(event: { timeText: string; title: string; startStr: string }): string {
	const shown = [event.timeText, event.title].map((s) => s.trim()).filter(Boolean);
	return `${shown.join(' ')}, ${longDay(event.startStr)}`;
}

/** The parts of FullCalendar's `eventDidMount` argument the hook below reads. */
export interface MountedEvent {
	el: Pick<HTMLElement, 'tagName' | 'hasAttribute' | 'setAttribute' | 'append'> & {
		ownerDocument: Pick<Document, 'createElement'>;
	};
	timeText: string;
	event: { title: string; startStr: string };
	view: { type: string };
}

/**
 * FullCalendar draws an event without a URL as a plain <div>: out of the tab order, so keyboard users could not
 * reach the RDVs of the agenda at all. Every event of a grid becomes a tab stop named by its times, title and
 * day; an event with a URL is already a link (Enter follows it) and keeps that role. The list views are tables
 * whose rows read in order already: they are left as they are.
 */
export function makeEventReachable({ el, timeText, event, view }: MountedEvent): void {
	if (view.type.startsWith('list')) return;
	const isLink = el.tagName === 'A' && el.hasAttribute('href');
	if (isLink) {
		// A link is named by its content: an aria-label would have to repeat exactly what FullCalendar shows
		// (which shortens the times of short events), or fail WCAG 2.5.3. The day goes in as hidden text instead.
		const day = el.ownerDocument.createElement('span');
		day.className = 'fr-sr-only';
		day.textContent = `, ${longDay(event.startStr)}`;
		el.append(day);
	} else {
		if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
		// A named element needs a role; not a button, since there is nothing to press.
		if (!el.hasAttribute('role')) el.setAttribute('role', 'article');
		el.setAttribute('aria-label', eventAccessibleName({ timeText, title: event.title, startStr: event.startStr }));
	}
	// FullCalendar 7's own class names are generated: this marks the events for the focus ring (fullcalendar-dsfr.css).
	el.setAttribute('data-reachable-event', '');
}

/** What every calendar of the app does: weeks from Monday, no all-day row, 09:30-style times, full height. */
export const SHARED_OPTIONS: CalendarOptions = {
	firstDay: 1,
	allDaySlot: false,
	nowIndicator: true,
	height: 'auto',
	titleFormat: { year: 'numeric', month: 'long', day: 'numeric' },
	eventTimeFormat: { hour: '2-digit', minute: '2-digit' },
	eventDidMount: makeEventReachable
};

async function loadFullCalendar(extra: readonly ExtraPlugin[]) {
	const [{ Calendar }, timeGrid, dayGrid, classicTheme, fr, extraModules] = await Promise.all([
		import('fullcalendar'),
		import('fullcalendar/timegrid'),
		import('fullcalendar/daygrid'),
		import('fullcalendar/themes/classic'),
		import('fullcalendar/locales/fr'),
		Promise.all(extra.map((name) => EXTRA_PLUGINS[name]())),
		import('fullcalendar/skeleton.css'),
		import('fullcalendar/themes/classic/theme.css'),
		import('fullcalendar/themes/classic/palette.css')
	]);
	return {
		Calendar,
		plugins: [timeGrid.default, dayGrid.default, ...extraModules.map((m) => m.default), classicTheme.default],
		locale: fr.default
	};
}

interface MountHooks {
	plugins?: readonly ExtraPlugin[];
	/** The calendar, once rendered (never called when unmounted first). */
	onMount?: (calendar: Calendar) => void;
	/** FullCalendar could not be loaded or rendered. */
	onError: (err: unknown) => void;
}

/**
 * Loads FullCalendar, then renders a calendar in `container` with the shared options, the French locale and
 * `options` (which win). Returns the cleanup: it destroys the calendar, or prevents it when still loading.
 */
export function mountCalendar(container: HTMLElement, options: CalendarOptions, hooks: MountHooks): () => void {
	let destroyed = false;
	let calendar: Calendar | undefined;
	loadFullCalendar(hooks.plugins ?? [])
		.then(({ Calendar, plugins, locale }) => {
			if (destroyed) return;
			calendar = new Calendar(container, { ...SHARED_OPTIONS, plugins, locale, ...options });
			calendar.render();
			hooks.onMount?.(calendar);
		})
		.catch(hooks.onError);
	return () => {
		destroyed = true;
		calendar?.destroy();
		calendar = undefined;
	};
}
