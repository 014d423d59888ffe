import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
	addMonths,
	dayFromNumber,
	dayNumber,
	dayRangeToInstants,
	formatTime,
	instantToZoned,
	isoWeek,
	mondayOf,
	parseTime,
	roundUpToGrain,
	utcOffsetAt,
	weekdayOfNumber,
	zonedToInstant
} from './time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zonedToInstant', () => {
	it('converts a plain day with the zone offset', () => {
		expect(iso(zonedToInstant('2026-01-15', '08:00', 'Europe/Paris'))).toBe('2026-01-15T07:00:00.000Z');
		expect(iso(zonedToInstant('2026-07-15', '08:00', 'Europe/Paris'))).toBe('2026-07-15T06:00:00.000Z');
		expect(iso(zonedToInstant('2026-07-15', '08:00', 'Indian/Reunion'))).toBe('2026-07-15T04:00:00.000Z');
		expect(iso(zonedToInstant('2026-07-15', '08:00', 'America/Cayenne'))).toBe('2026-07-15T11:00:00.000Z');
		expect(iso(zonedToInstant('2026-07-15', 8 * 60, 'America/Cayenne'))).toBe('2026-07-15T11:00:00.000Z');
	});

	it('handles the last Sunday of March in Paris (02:00 → 03:00)', () => {
		// Before and after the jump on the same day.
		expect(iso(zonedToInstant('2026-03-29', '01:30', 'Europe/Paris'))).toBe('2026-03-29T00:30:00.000Z');
		expect(iso(zonedToInstant('2026-03-29', '08:00', 'Europe/Paris'))).toBe('2026-03-29T06:00:00.000Z');
		// A skipped time moves forward by the gap ('compatible'): 02:30 does not exist, 03:30 CEST does.
		expect(iso(zonedToInstant('2026-03-29', '02:30', 'Europe/Paris'))).toBe('2026-03-29T01:30:00.000Z');
		expect(zonedToInstant('2026-03-29', '02:00', 'Europe/Paris')).toBe(
			zonedToInstant('2026-03-29', '03:00', 'Europe/Paris')
		);
	});

	it('handles the last Sunday of October in Paris (03:00 → 02:00), taking the earlier of a repeated time', () => {
		expect(iso(zonedToInstant('2026-10-25', '02:30', 'Europe/Paris'))).toBe('2026-10-25T00:30:00.000Z');
		expect(iso(zonedToInstant('2026-10-25', '03:00', 'Europe/Paris'))).toBe('2026-10-25T02:00:00.000Z');
		expect(iso(zonedToInstant('2026-10-25', '08:00', 'Europe/Paris'))).toBe('2026-10-25T07:00:00.000Z');
		// That day lasts 25 hours.
		const { start, end } = dayRangeToInstants('2026-10-25', '2026-10-26', 'Europe/Paris');
		expect((end - start) / 3_600_000).toBe(25);
		const march = dayRangeToInstants('2026-03-29', '2026-03-30', 'Europe/Paris');
		expect((march.end - march.start) / 3_600_000).toBe(23);
	});

	it('agrees with Temporal on random days and times across zones and DST changes', () => {
		const zones = ['Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'America/Miquelon', 'Pacific/Noumea'];
		// Days around the Paris and Miquelon transitions are over-represented.
		const day = fc.oneof(
			fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2028-12-31') }).map(dayFromNumber),
			fc.constantFrom('2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31', '2026-03-08', '2026-11-01')
		);
		fc.assert(
			fc.property(fc.constantFrom(...zones), day, fc.integer({ min: 0, max: 287 }), (tz, d, step) => {
				const minutes = step * 5;
				const expected = Temporal.PlainDate.from(d)
					.toPlainDateTime({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
					.toZonedDateTime(tz, { disambiguation: 'compatible' }).epochMilliseconds;
				expect(zonedToInstant(d, minutes, tz)).toBe(expected);
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('instantToZoned / utcOffsetAt', () => {
	it('gives the local day and time of an instant', () => {
		const t = Date.parse('2026-11-29T22:00:00Z');
		expect(instantToZoned(t, 'Europe/Paris')).toMatchObject({ day: '2026-11-29', time: '23:00' });
		expect(instantToZoned(new Date(t), 'Indian/Reunion')).toMatchObject({ day: '2026-11-30', time: '02:00' });
		expect(instantToZoned(t, 'America/Cayenne')).toMatchObject({ day: '2026-11-29', time: '19:00', minutes: 1140 });
	});

	it('reads both 02:30 of the October change', () => {
		expect(instantToZoned(Date.parse('2026-10-25T00:30:00Z'), 'Europe/Paris').time).toBe('02:30');
		expect(instantToZoned(Date.parse('2026-10-25T01:30:00Z'), 'Europe/Paris').time).toBe('02:30');
		expect(utcOffsetAt(Date.parse('2026-10-25T00:59:59Z'), 'Europe/Paris')).toBe(7_200_000);
		expect(utcOffsetAt(Date.parse('2026-10-25T01:00:00Z'), 'Europe/Paris')).toBe(3_600_000);
	});

	it('agrees with Temporal on random instants', () => {
		const zones = ['Europe/Paris', 'Indian/Reunion', 'America/Cayenne', 'America/Miquelon'];
		fc.assert(
			fc.property(
				fc.constantFrom(...zones),
				fc.integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2029, 0, 1) / 60_000 }),
				(tz, minute) => {
					const ms = minute * 60_000;
					const zdt = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
					const z = instantToZoned(ms, tz);
					expect(z.day).toBe(zdt.toPlainDate().toString());
					expect(z.minutes).toBe(zdt.hour * 60 + zdt.minute);
				}
			),
			{ numRuns: 2000 }
		);
	});
});

describe('days, weeks and times', () => {
	it('converts day numbers both ways, with ISO weekdays', () => {
		expect(dayNumber('1970-01-01')).toBe(0);
		expect(dayFromNumber(dayNumber('2028-02-29'))).toBe('2028-02-29');
		expect(weekdayOfNumber(dayNumber('2026-11-23'))).toBe(1);
		expect(weekdayOfNumber(dayNumber('2026-11-29'))).toBe(7);
		expect(weekdayOfNumber(dayNumber('1969-12-31'))).toBe(3);
		fc.assert(
			fc.property(fc.integer({ min: -10_000, max: 50_000 }), (n) => {
				const d = dayFromNumber(n);
				expect(dayNumber(d)).toBe(n);
				expect(weekdayOfNumber(n)).toBe(Temporal.PlainDate.from(d).dayOfWeek);
			})
		);
	});

	it('finds the Monday of a week and ISO week keys', () => {
		expect(mondayOf('2026-11-29')).toBe('2026-11-23');
		expect(mondayOf('2026-11-23')).toBe('2026-11-23');
		expect(isoWeek('2026-12-31')).toBe('2026-W53');
		expect(isoWeek('2027-01-03')).toBe('2026-W53');
		expect(isoWeek('2027-01-04')).toBe('2027-W01');
	});

	it('adds calendar months', () => {
		expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addMonths('2026-11-24', 6)).toBe('2027-05-24');
	});

	it('parses HH:MM on the 5-minute grain only', () => {
		expect(parseTime('08:05')).toBe(485);
		expect(parseTime('00:00')).toBe(0);
		expect(parseTime('23:55')).toBe(1435);
		for (const bad of ['8:00', '08:07', '24:00', '12:60', '', '08h00']) expect(parseTime(bad)).toBeUndefined();
		expect(formatTime(485)).toBe('08:05');
		expect(formatTime(0)).toBe('00:00');
	});

	it('rounds now up to 5 minutes', () => {
		expect(iso(roundUpToGrain(Date.parse('2026-11-24T10:00:00Z')))).toBe('2026-11-24T10:00:00.000Z');
		expect(iso(roundUpToGrain(Date.parse('2026-11-24T10:00:01Z')))).toBe('2026-11-24T10:05:00.000Z');
		expect(iso(roundUpToGrain(new Date('2026-11-24T10:04:59.999Z')))).toBe('2026-11-24T10:05:00.000Z');
	});
});
