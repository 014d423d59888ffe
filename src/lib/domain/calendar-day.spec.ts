import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	dayError,
	dayProblem,
	END_ACCEPTED_INSTANT_MS,
	FIRST_ACCEPTED_INSTANT_MS,
	instantError,
	isAcceptedDay,
	isAcceptedInstant
} from './calendar-day.ts';
import { addDays, compareDays } from './local-time.ts';
import { instantToZoned } from './time.ts';
import { TERRITORY_TIME_ZONES } from './types.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days in a month, stated without Temporal or Date: the Gregorian rule itself. */
function monthLength(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

describe('dayProblem', () => {
	it('refuses the impossible days of the issue, and malformed ones', () => {
		for (const day of ['2027-02-30', '2027-13-01', '2026-12-32', '2027-00-10', '2027-04-31', '2026-02-29'])
			expect(dayProblem(day), day).toBe('impossible');
		for (const day of ['2027-2-3', '27-02-03', '2027-02-03T00:00', ' 2027-02-03', '', '2027/02/03', 20270203, null])
			expect(dayProblem(day), String(day)).toBe('format');
		expect(dayProblem('2028-02-29')).toBeNull();
	});

	it('accepts 2000-01-01 … 2100-12-31 only', () => {
		expect(isAcceptedDay('2000-01-01')).toBe(true);
		expect(isAcceptedDay('2100-12-31')).toBe(true);
		expect(dayProblem('1999-12-31')).toBe('out_of_range');
		expect(dayProblem('2101-01-01')).toBe('out_of_range');
		expect(dayProblem('1900-01-01')).toBe('out_of_range');
		expect(dayProblem('9999-12-31')).toBe('out_of_range');
	});

	it('agrees with the Gregorian rule on any year, month and day numbers', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 9999 }),
				fc.integer({ min: 0, max: 99 }),
				fc.integer({ min: 0, max: 99 }),
				(year, month, day) => {
					const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
					const real = month >= 1 && month <= 12 && day >= 1 && day <= monthLength(year, month);
					const inRange = year >= 2000 && year <= 2100;
					expect(dayProblem(text)).toBe(!real ? 'impossible' : inRange ? null : 'out_of_range');
				}
			),
			{ numRuns: 2000 }
		);
	});

	it('says in French what is wrong', () => {
		expect(dayError('2027-02-30')).toBe('Date impossible : le 30/02/2027 n’existe pas dans le calendrier.');
		expect(dayError('1900-01-01')).toBe('Date hors limites : choisissez un jour entre le 01/01/2000 et le 31/12/2100.');
		expect(dayError('30/02/2027')).toBe('Date attendue au format AAAA-MM-JJ.');
		expect(dayError('2027-02-28')).toBeNull();
	});
});

describe('accepted instants', () => {
	it('refuses years 1900 and 9999, and what is not a time', () => {
		expect(isAcceptedInstant(new Date('1900-03-01T09:00:00Z'))).toBe(false);
		expect(isAcceptedInstant(new Date('9999-03-01T09:00:00Z'))).toBe(false);
		expect(isAcceptedInstant(new Date('invalid'))).toBe(false);
		expect(instantError(Number.NaN)).toMatch(/hors limites/);
		expect(isAcceptedInstant(new Date('2027-03-01T09:00:00Z'))).toBe(true);
	});

	it('accepts every instant of an accepted local day in every territory, and serialises it plainly', () => {
		const edges = ['2000-01-01', '2100-12-31'];
		for (const timeZone of TERRITORY_TIME_ZONES)
			for (const day of edges)
				for (const ms of [
					Date.parse(`${day}T00:00:00Z`) - 14 * 3_600_000,
					Date.parse(`${day}T23:59:59Z`) + 14 * 3_600_000
				])
					if (instantToZoned(ms, timeZone).day === day) expect(isAcceptedInstant(ms), `${day} ${timeZone}`).toBe(true);
		fc.assert(
			fc.property(fc.integer({ min: FIRST_ACCEPTED_INSTANT_MS, max: END_ACCEPTED_INSTANT_MS - 1 }), (ms) => {
				expect(isAcceptedInstant(ms)).toBe(true);
				// Four-digit years: ISO strings stay plain (no '+010000-…') and sort as instants do.
				expect(new Date(ms).toISOString()).toMatch(/^\d{4}-/);
			})
		);
	});
});

describe('compareDays', () => {
	it('orders days as dates, even past year 9999, and never orders what is not a day', () => {
		expect(compareDays('2027-03-01', '2027-02-28')).toBe(1);
		expect(compareDays('2027-03-01', '2027-03-01')).toBe(0);
		expect(compareDays(addDays('9999-12-31', 1), '9999-12-31')).toBe(1);
		expect('+010000-01-01' < '9999-12-31').toBe(true); // what a string comparison would say
		expect(compareDays('2027-02-30', '2027-03-01')).toBeNaN();
		expect(compareDays('', '2027-03-01')).toBeNaN();
	});

	it('agrees with the order of the days’ instants', () => {
		const day = fc.integer({ min: -1_000_000, max: 3_000_000 }).map((n) => new Date(n * 86_400_000));
		fc.assert(
			fc.property(day, day, (a, b) => {
				const text = (d: Date) => addDays('1970-01-01', Math.round(d.getTime() / 86_400_000));
				expect(compareDays(text(a), text(b))).toBe(Math.sign(a.getTime() - b.getTime()));
			})
		);
	});
});
