import { beforeEach, describe, expect, it, vi } from 'vitest';
import { mountCalendar, SHARED_OPTIONS } from './fullcalendar-setup';

// FullCalendar needs a DOM: stand-ins record what the setup builds.
const calendars = vi.hoisted(
	() => [] as { options: Record<string, unknown>; render: () => void; destroy: () => void }[]
);
vi.mock('fullcalendar', () => ({
	Calendar: vi.fn(function (this: object, _el: unknown, options: Record<string, unknown>) {
		const calendar = { options, render: vi.fn(), destroy: vi.fn() };
		calendars.push(calendar);
		return calendar;
	})
}));
vi.mock('fullcalendar/timegrid', () => ({ default: 'timeGrid' }));
vi.mock('fullcalendar/daygrid', () => ({ default: 'dayGrid' }));
vi.mock('fullcalendar/list', () => ({ default: 'list' }));
vi.mock('fullcalendar/interaction', () => ({ default: 'interaction' }));
vi.mock('fullcalendar/themes/classic', () => ({ default: 'classicTheme' }));
vi.mock('fullcalendar/locales/fr', () => ({ default: 'fr' }));
vi.mock('fullcalendar/skeleton.css', () => ({}));
vi.mock('fullcalendar/themes/classic/theme.css', () => ({}));
vi.mock('fullcalendar/themes/classic/palette.css', () => ({}));

const container = {} as HTMLElement;

beforeEach(() => {
	calendars.length = 0;
});

describe('mountCalendar', () => {
	it('renders a French calendar with the shared options, the extra plugins before the theme, and its own options', async () => {
		const onMount = vi.fn();
		mountCalendar(container, { headingLevel: 3, firstDay: 0 }, { plugins: ['list'], onMount, onError: vi.fn() });
		await vi.waitFor(() => expect(onMount).toHaveBeenCalledOnce());
		const [calendar] = calendars;
		expect(calendar.options).toEqual({
			...SHARED_OPTIONS,
			plugins: ['timeGrid', 'dayGrid', 'list', 'classicTheme'],
			locale: 'fr',
			headingLevel: 3,
			firstDay: 0
		});
		expect(calendar.render).toHaveBeenCalledOnce();
		expect(onMount).toHaveBeenCalledWith(calendar);
	});

	it('destroys the calendar on cleanup', async () => {
		const onMount = vi.fn();
		const unmount = mountCalendar(container, {}, { onMount, onError: vi.fn() });
		await vi.waitFor(() => expect(onMount).toHaveBeenCalledOnce());
		unmount();
		expect(calendars[0].destroy).toHaveBeenCalledOnce();
	});

	it('never creates the calendar when cleaned up while FullCalendar loads', async () => {
		const onMount = vi.fn();
		mountCalendar(container, {}, { onMount, onError: vi.fn() })();
		await vi.dynamicImportSettled();
		await new Promise((resolve) => setTimeout(resolve));
		expect(calendars).toHaveLength(0);
		expect(onMount).not.toHaveBeenCalled();
	});

	it('reports a calendar that fails to render', async () => {
		const onError = vi.fn();
		mountCalendar(
			container,
			{},
			{
				onMount: () => {
					throw new Error('boom');
				},
				onError
			}
		);
		await vi.waitFor(() => expect(onError).toHaveBeenCalledOnce());
	});
});
