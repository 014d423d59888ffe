import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventAccessibleName, makeEventReachable, mountCalendar, SHARED_OPTIONS } from './fullcalendar-setup';

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

/** An element stand-in with real attribute semantics (the unit tests run without a DOM). */
function element(tagName: string, attributes: Record<string, string> = {}) {
	const attrs = new Map(Object.entries(attributes));
	const children: { className: string; textContent: string }[] = [];
	return {
		tagName,
		attrs,
		children,
		hasAttribute: (name: string) => attrs.has(name),
		setAttribute: (name: string, value: string) => void attrs.set(name, value),
		append: (...nodes: unknown[]) => void children.push(...(nodes as { className: string; textContent: string }[])),
		ownerDocument: { createElement: () => ({ className: '', textContent: '' }) as unknown as HTMLElement }
	};
}

const rdv = {
	timeText: '09:00 - 09:30',
	event: { title: 'Premier accueil social · Marie Dupont (annulé par l’usager)', startStr: '2026-12-14T09:00:00+01:00' }
};

describe('makeEventReachable', () => {
	it('puts an event without a URL in the tab order, named by its times, title (status included) and day', () => {
		const el = element('DIV');
		makeEventReachable({ el, ...rdv, view: { type: 'timeGridWeek' } });
		expect(Object.fromEntries(el.attrs)).toEqual({
			tabindex: '0',
			role: 'article',
			'aria-label': '09:00 - 09:30 Premier accueil social · Marie Dupont (annulé par l’usager), lundi 14 décembre 2026',
			'data-reachable-event': ''
		});
	});

	it('leaves a link its role (Enter follows it) and its name from what it shows, the day added as hidden text', () => {
		const el = element('A', { href: '/rdv/1' });
		makeEventReachable({ el, ...rdv, view: { type: 'dayGridMonth' } });
		// No aria-label: it would have to match the visible text exactly (WCAG 2.5.3), which FullCalendar shortens.
		expect(Object.fromEntries(el.attrs)).toEqual({ href: '/rdv/1', 'data-reachable-event': '' });
		expect(el.children).toEqual([{ className: 'fr-sr-only', textContent: ', lundi 14 décembre 2026' }]);
	});

	it('keeps the tab stop and role FullCalendar gave an interactive event', () => {
		const el = element('DIV', { tabindex: '0', role: 'button' });
		makeEventReachable({ el, ...rdv, view: { type: 'timeGridDay' } });
		expect(el.attrs.get('role')).toBe('button');
		expect(el.attrs.get('tabindex')).toBe('0');
	});

	it('leaves the rows of the list views alone (a table reads in order)', () => {
		const el = element('TR');
		makeEventReachable({ el, ...rdv, view: { type: 'listWeek' } });
		expect(el.attrs.size).toBe(0);
	});

	it('is every calendar’s eventDidMount', () => {
		expect(SHARED_OPTIONS.eventDidMount).toBe(makeEventReachable);
	});
});

describe('eventAccessibleName', () => {
	it('starts with what the event shows (WCAG 2.5.3), then the day of its start, in the calendar’s zone', () => {
		// 23:30 on 31 December in Réunion is already 1 January in UTC: the day comes from the local string.
		expect(eventAccessibleName({ timeText: '23:30', title: 'Occupé', startStr: '2026-12-31T23:30:00+04:00' })).toBe(
			'23:30 Occupé, jeudi 31 décembre 2026'
		);
		expect(eventAccessibleName({ timeText: '', title: 'Accueil', startStr: '2027-03-01' })).toBe(
			'Accueil, lundi 1 mars 2027'
		);
	});
});
