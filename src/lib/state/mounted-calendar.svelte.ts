/**
 * A component's FullCalendar and what the component says about it: still loading, or failed. `mount` goes
 * inside an $effect (FullCalendar is imported dynamically, in the browser only: see $lib/fullcalendar-setup) and
 * returns the effect's cleanup, which destroys the calendar.
 */
import type { Calendar, CalendarOptions } from 'fullcalendar';
import { mountCalendar, type ExtraPlugin } from '$lib/fullcalendar-setup';

export class MountedCalendar {
	/** Set once rendered, unset when destroyed. */
	calendar = $state<Calendar>();
	/** FullCalendar, or the displayed period's events, are loading. */
	loading = $state(true);
	/** FullCalendar, or the events (the component's event source says so), could not be loaded. */
	failed = $state(false);

	/** Renders a calendar in `container` with the shared options and `options`. */
	mount(container: HTMLElement, options: CalendarOptions, plugins: readonly ExtraPlugin[] = []): () => void {
		const unmount = mountCalendar(
			container,
			{
				...options,
				loading: (isLoading: boolean) => {
					this.loading = isLoading;
				}
			},
			{
				plugins,
				onMount: (calendar) => (this.calendar = calendar),
				onError: () => {
					this.failed = true;
					this.loading = false;
				}
			}
		);
		return () => {
			unmount();
			this.calendar = undefined;
		};
	}
}
