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

/** What every calendar of the app does: weeks from Monday, no all-day row, 09:30-style times, full height. */
export const SHARED_OPTIONS: CalendarOptions = {
	firstDay: 1,
	allDaySlot: false,
	nowIndicator: true,
	height: 'auto',
	titleFormat: { year: 'numeric', month: 'long', day: 'numeric' },
	eventTimeFormat: { hour: '2-digit', minute: '2-digit' }
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
