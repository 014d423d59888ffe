import { describe, expect, it } from 'vitest';
import {
	addDays,
	daysBetween,
	isFiveMinuteTime,
	isoWeek,
	isoWeekday,
	isValidDay,
	localDay,
	localTime,
	minutesOfDay,
	toInstant
} from './local-time.ts';

describe('local-time', () => {
	it('validates real days only', () => {
		expect(isValidDay('2026-02-28')).toBe(true);
		expect(isValidDay('2026-02-30')).toBe(false);
		expect(isValidDay('2026-2-3')).toBe(false);
	});

	it('checks the 5-minute grain', () => {
		expect(isFiveMinuteTime('09:05')).toBe(true);
		expect(isFiveMinuteTime('09:07')).toBe(false);
		expect(isFiveMinuteTime('24:00')).toBe(false);
		expect(minutesOfDay('13:30')).toBe(810);
	});

	it('converts wall-clock times across DST in Paris', () => {
		// Winter (UTC+1) and summer (UTC+2) around the 2026-03-29 change.
		expect(toInstant('2026-03-28', '09:00', 'Europe/Paris').toISOString()).toBe('2026-03-28T08:00:00.000Z');
		expect(toInstant('2026-03-30', '09:00', 'Europe/Paris').toISOString()).toBe('2026-03-30T07:00:00.000Z');
		// 02:30 does not exist that night: moved forward to 03:30 local.
		expect(toInstant('2026-03-29', '02:30', 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
	});

	it('reads local days and times in overseas time zones', () => {
		const instant = new Date('2026-06-01T21:30:00Z');
		expect(localDay(instant, 'Indian/Reunion')).toBe('2026-06-02');
		expect(localTime(instant, 'Indian/Reunion')).toBe('01:30');
		expect(localDay(instant, 'America/Cayenne')).toBe('2026-06-01');
	});

	it('computes ISO weeks with the week-numbering year', () => {
		expect(isoWeek('2026-11-24')).toBe('2026-W48');
		expect(isoWeek('2027-01-01')).toBe('2026-W53');
		expect(isoWeek('2024-12-30')).toBe('2025-W01');
		expect(isoWeekday('2026-11-24')).toBe(2);
	});

	it('walks days', () => {
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
		expect(daysBetween('2026-01-02', '2026-01-01')).toEqual([]);
	});
});
