import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_COLOR } from './agenda-events';
import {
	CANCELLED_EVENT_COLOR,
	formPreviewOccurrences,
	lighterColor,
	occurrenceEventTitle,
	PREVIEW_TITLE,
	seriesCalendarOccurrences,
	sortOccurrences,
	toOccurrenceEvent,
	visibleHours,
	type CalendarOccurrence
} from './occurrence-calendar';
import { NO_RECURRENCE, type PlageFormValues } from './recurrence-form';

const occurrence: CalendarOccurrence = {
	id: 'p1:2030-01-07',
	title: 'Permanence',
	day: '2030-01-07',
	startTime: '09:00',
	endTime: '12:00',
	timeZone: 'Europe/Paris'
};

describe('toOccurrenceEvent', () => {
	it('turns wall-clock times of the plage’s zone into instants', () => {
		expect(toOccurrenceEvent(occurrence)).toMatchObject({
			id: 'p1:2030-01-07',
			title: 'Permanence',
			start: '2030-01-07T08:00:00.000Z',
			end: '2030-01-07T11:00:00.000Z',
			color: DEFAULT_EVENT_COLOR,
			contrastColor: '#ffffff',
			className: 'occurrence-event'
		});
		// Summer time in Paris, and an overseas zone.
		expect(toOccurrenceEvent({ ...occurrence, day: '2030-07-01' }).start).toBe('2030-07-01T07:00:00.000Z');
		expect(toOccurrenceEvent({ ...occurrence, timeZone: 'Indian/Reunion' }).start).toBe('2030-01-07T05:00:00.000Z');
	});

	it('keeps the wall-clock times across a DST change', () => {
		// 2030-03-31 is the last Sunday of March: Paris moves from UTC+1 to UTC+2 at 02:00.
		const event = toOccurrenceEvent({ ...occurrence, day: '2030-03-31', startTime: '01:00', endTime: '04:00' });
		expect(event.start).toBe('2030-03-31T00:00:00.000Z');
		expect(event.end).toBe('2030-03-31T02:00:00.000Z');
	});

	it('greys and names cancelled occurrences, and names changed ones', () => {
		const cancelled = toOccurrenceEvent({ ...occurrence, color: '#ffcc00', cancelled: true });
		expect(cancelled).toMatchObject({
			title: 'Permanence (annulée)',
			color: CANCELLED_EVENT_COLOR,
			className: 'occurrence-event occurrence-cancelled',
			extendedProps: { cancelled: true, overridden: false, muted: false }
		});
		const changed = toOccurrenceEvent({ ...occurrence, overridden: true });
		expect(changed.title).toBe('Permanence (modifiée)');
		expect(changed.className).toBe('occurrence-event occurrence-overridden');
	});

	it('lightens context occurrences and keeps their text readable', () => {
		const muted = toOccurrenceEvent({ ...occurrence, muted: true });
		expect(muted.color).toBe(lighterColor(DEFAULT_EVENT_COLOR));
		expect(muted.contrastColor).toBe('#000000');
		expect(muted.className).toContain('occurrence-muted');
	});

	it('lightens and names occurrences on a public holiday, unless cancelled', () => {
		const holiday = toOccurrenceEvent({ ...occurrence, holiday: 'Noël' });
		expect(holiday.color).toBe(lighterColor(DEFAULT_EVENT_COLOR));
		expect(holiday.title).toBe('Permanence (férié : Noël)');
		const cancelled = toOccurrenceEvent({ ...occurrence, holiday: 'Noël', cancelled: true });
		expect(cancelled.title).toBe('Permanence (annulée)');
		expect(cancelled.color).toBe(CANCELLED_EVENT_COLOR);
	});

	it('falls back to the default colour for anything but #rrggbb', () => {
		expect(toOccurrenceEvent({ ...occurrence, color: 'red' }).color).toBe(DEFAULT_EVENT_COLOR);
		expect(toOccurrenceEvent({ ...occurrence, color: '#00ff00' }).color).toBe('#00ff00');
	});
});

describe('lighterColor', () => {
	it('mixes with white', () => {
		expect(lighterColor('#000000', 0.5)).toBe('#808080');
		expect(lighterColor('#000091', 0)).toBe('#000091');
		expect(lighterColor('#000091', 1)).toBe('#ffffff');
		expect(lighterColor('nope', 0)).toBe(DEFAULT_EVENT_COLOR);
	});
});

describe('occurrenceEventTitle', () => {
	it('says cancelled before changed', () => {
		expect(occurrenceEventTitle({ title: 'A', cancelled: true, overridden: true })).toBe('A (annulée)');
		expect(occurrenceEventTitle({ title: 'A' })).toBe('A');
		expect(occurrenceEventTitle({ title: 'A', overridden: true, holiday: 'Noël' })).toBe('A (modifiée) (férié : Noël)');
	});
});

describe('sortOccurrences', () => {
	it('orders by day, start time, then this plage before the others', () => {
		const list: CalendarOccurrence[] = [
			{ ...occurrence, id: 'c', day: '2030-01-08' },
			{ ...occurrence, id: 'b', muted: true },
			{ ...occurrence, id: 'a' },
			{ ...occurrence, id: 'd', startTime: '08:00' }
		];
		expect(sortOccurrences(list).map((o) => o.id)).toEqual(['d', 'a', 'b', 'c']);
		expect(list.map((o) => o.id)).toEqual(['c', 'b', 'a', 'd']);
	});
});

describe('visibleHours', () => {
	it('shows 07:00–20:00 at least, widened to whole hours', () => {
		expect(visibleHours([])).toEqual({ min: '07:00:00', max: '20:00:00' });
		expect(visibleHours([occurrence])).toEqual({ min: '07:00:00', max: '20:00:00' });
		expect(visibleHours([{ startTime: '06:30', endTime: '20:05' }])).toEqual({ min: '06:00:00', max: '21:00:00' });
		expect(visibleHours([{ startTime: '00:00', endTime: '23:55' }])).toEqual({ min: '00:00:00', max: '24:00:00' });
	});
});

describe('seriesCalendarOccurrences', () => {
	const plage = {
		id: 'p1',
		title: 'Permanence',
		firstDay: '2030-01-07',
		startTime: '09:00',
		endTime: '12:00',
		timeZone: 'Europe/Paris',
		recurrence: { every: 'week' as const, interval: 1, weekdays: [1, 3] },
		exceptions: [
			{ day: '2030-01-09', cancelled: true },
			{ day: '2030-01-14', endTime: '11:00' }
		]
	};

	it('lists a plage’s occurrences, cancelled ones only when asked', () => {
		expect(seriesCalendarOccurrences(plage, '2030-01-07', '2030-01-15').map((o) => o.id)).toEqual([
			'p1:2030-01-07',
			'p1:2030-01-14'
		]);
		const all = seriesCalendarOccurrences(plage, '2030-01-07', '2030-01-15', { withCancelled: true });
		expect(all).toEqual([
			{ ...occurrence },
			{ ...occurrence, id: 'p1:2030-01-09', day: '2030-01-09', cancelled: true },
			{ ...occurrence, id: 'p1:2030-01-14', day: '2030-01-14', endTime: '11:00', overridden: true }
		]);
	});

	it('applies a style to every occurrence', () => {
		const styled = seriesCalendarOccurrences(plage, '2030-01-07', '2030-01-08', {
			color: '#ff0000',
			muted: true,
			title: 'Autre'
		});
		expect(styled).toEqual([{ ...occurrence, title: 'Autre', color: '#ff0000', muted: true }]);
	});
});

describe('formPreviewOccurrences', () => {
	const values: PlageFormValues = {
		agentId: 'a1',
		title: 'Accueil',
		lieuId: '',
		motifIds: [],
		firstDay: '2030-01-07',
		startTime: '14:00',
		endTime: '16:30',
		recurrence: { repeat: true, every: 'week', interval: '2', weekdays: [2, 5], until: '2030-02-01' }
	};
	const range = { timeZone: 'Europe/Paris', from: '2030-01-01', to: '2030-03-01' };
	const days = (v: PlageFormValues) => formPreviewOccurrences(v, range).map((o) => o.day);

	it('names the public holidays that close the territory’s agendas', () => {
		// 2030-01-01 is a Tuesday: a weekly Tuesday plage from 2029-12-25 meets Noël and the Jour de l’an.
		const tuesdays: PlageFormValues = {
			...values,
			firstDay: '2029-12-25',
			recurrence: { ...values.recurrence, interval: '1', weekdays: [2], until: '' }
		};
		const week = { timeZone: 'Europe/Paris', from: '2029-12-24', to: '2030-01-14' };
		const named = (territory?: { departementNumber: string; allowWorkOnHolidays: boolean }) =>
			formPreviewOccurrences(tuesdays, { ...week, territory }).map((o) => [o.day, o.holiday]);
		expect(named({ departementNumber: '62', allowWorkOnHolidays: false })).toEqual([
			['2029-12-25', 'Noël'],
			['2030-01-01', 'Jour de l’an'],
			['2030-01-08', undefined]
		]);
		expect(named({ departementNumber: '62', allowWorkOnHolidays: true }).map(([, h]) => h)).toEqual([
			undefined,
			undefined,
			undefined
		]);
		expect(named().map(([, h]) => h)).toEqual([undefined, undefined, undefined]);
	});

	it('expands the recurrence being typed', () => {
		// Every other week on Tuesdays and Fridays from the week of 2030-01-07, until 2030-02-01.
		expect(days(values)).toEqual(['2030-01-08', '2030-01-11', '2030-01-22', '2030-01-25']);
		expect(formPreviewOccurrences(values, range)[0]).toEqual({
			id: 'apercu:2030-01-08',
			title: 'Accueil',
			day: '2030-01-08',
			startTime: '14:00',
			endTime: '16:30',
			timeZone: 'Europe/Paris'
		});
		expect(days({ ...values, recurrence: NO_RECURRENCE })).toEqual(['2030-01-07']);
		expect(days({ ...values, recurrence: { ...values.recurrence, every: 'month', interval: '1' } })).toEqual([
			'2030-01-07'
		]);
		expect(days({ ...values, recurrence: { ...values.recurrence, every: 'month', until: '' } })).toEqual([
			'2030-01-07'
		]);
	});

	it('applies the exceptions of the plage being edited', () => {
		const exceptions = [
			{ day: '2030-01-08', cancelled: true },
			{ day: '2030-01-11', startTime: '15:00' }
		];
		const shown = formPreviewOccurrences(values, { ...range, exceptions });
		expect(shown.slice(0, 2).map((o) => [o.day, o.startTime, o.cancelled, o.overridden])).toEqual([
			['2030-01-08', '14:00', true, undefined],
			['2030-01-11', '15:00', undefined, true]
		]);
	});

	it('names an untitled plage and passes the colour on', () => {
		const [first] = formPreviewOccurrences({ ...values, title: '' }, { ...range, color: '#18753c' });
		expect(first).toMatchObject({ title: PREVIEW_TITLE, color: '#18753c' });
	});

	it('shows nothing until the first day and the times make sense', () => {
		expect(days({ ...values, firstDay: '' })).toEqual([]);
		expect(days({ ...values, firstDay: '2030-02-30' })).toEqual([]);
		expect(days({ ...values, startTime: '9h' })).toEqual([]);
		expect(days({ ...values, endTime: '14:00' })).toEqual([]);
		expect(days({ ...values, recurrence: { ...values.recurrence, interval: '9' } })).toEqual([]);
		expect(days({ ...values, recurrence: { ...values.recurrence, until: '2030-02-31' } })).toEqual([]);
	});
});
