import { describe, expect, it } from 'vitest';
import {
	closingHoliday,
	closingHolidaysBetween,
	easterSunday,
	holidayOn,
	holidaysBetween,
	holidaysOfYear
} from './holidays.ts';

describe('easterSunday', () => {
	it('matches known Easter dates', () => {
		const known: Record<number, string> = {
			1818: '1818-03-22', // earliest possible
			1943: '1943-04-25', // latest possible
			2000: '2000-04-23',
			2008: '2008-03-23',
			2019: '2019-04-21',
			2024: '2024-03-31',
			2025: '2025-04-20',
			2026: '2026-04-05',
			2027: '2027-03-28',
			2038: '2038-04-25'
		};
		for (const [year, day] of Object.entries(known)) expect(easterSunday(Number(year)).toString()).toBe(day);
	});

	it('is always a Sunday between 22 March and 25 April', () => {
		for (let year = 1900; year <= 2200; year++) {
			const e = easterSunday(year);
			expect(e.dayOfWeek).toBe(7);
			expect(e.toString().slice(5) >= '03-22' && e.toString().slice(5) <= '04-25').toBe(true);
		}
	});
});

describe('holidaysOfYear', () => {
	it('lists the eleven metropolitan holidays of 2026 with French names', () => {
		expect(holidaysOfYear('62', 2026)).toEqual([
			{ day: '2026-01-01', name: 'Jour de l’an' },
			{ day: '2026-04-06', name: 'Lundi de Pâques' },
			{ day: '2026-05-01', name: 'Fête du Travail' },
			{ day: '2026-05-08', name: 'Victoire 1945' },
			{ day: '2026-05-14', name: 'Ascension' },
			{ day: '2026-05-25', name: 'Lundi de Pentecôte' },
			{ day: '2026-07-14', name: 'Fête nationale' },
			{ day: '2026-08-15', name: 'Assomption' },
			{ day: '2026-11-01', name: 'Toussaint' },
			{ day: '2026-11-11', name: 'Armistice 1918' },
			{ day: '2026-12-25', name: 'Noël' }
		]);
	});

	it('adds Good Friday and St Stephen’s Day in Alsace-Moselle', () => {
		for (const dep of ['57', '67', '68']) {
			const list = holidaysOfYear(dep, 2027);
			expect(list).toHaveLength(13);
			expect(list).toContainEqual({ day: '2027-03-26', name: 'Vendredi saint' });
			expect(list).toContainEqual({ day: '2027-12-26', name: 'Saint-Étienne' });
		}
		expect(holidaysOfYear('54', 2027)).toHaveLength(11);
	});

	it('adds each overseas département’s abolition-of-slavery day', () => {
		const abolition = (dep: string) => holidaysOfYear(dep, 2026).filter((h) => h.name === 'Abolition de l’esclavage');
		expect(abolition('971')).toEqual([{ day: '2026-05-27', name: 'Abolition de l’esclavage' }]);
		expect(abolition('972')).toEqual([{ day: '2026-05-22', name: 'Abolition de l’esclavage' }]);
		expect(abolition('973')).toEqual([{ day: '2026-06-10', name: 'Abolition de l’esclavage' }]);
		expect(abolition('974')).toEqual([{ day: '2026-12-20', name: 'Abolition de l’esclavage' }]);
		expect(abolition('976')).toEqual([{ day: '2026-04-27', name: 'Abolition de l’esclavage' }]);
		expect(abolition('62')).toEqual([]);
		expect(holidaysOfYear('974', 2026)).toHaveLength(12);
	});

	it('follows Easter for the movable days and keeps date order', () => {
		// Easter 2025 is 20 April: Monday 21 April, Ascension 29 May, Whit Monday 9 June.
		const days = holidaysOfYear('067', 2025).map((h) => h.day);
		expect(days).toContain('2025-04-18');
		expect(days).toContain('2025-04-21');
		expect(days).toContain('2025-05-29');
		expect(days).toContain('2025-06-09');
		expect([...days].sort()).toEqual(days);
	});
});

describe('holidaysBetween / holidayOn', () => {
	it('returns holidays in [from, to) across years', () => {
		expect(holidaysBetween('974', '2026-12-20', '2027-01-02').map((h) => h.day)).toEqual([
			'2026-12-20',
			'2026-12-25',
			'2027-01-01'
		]);
		expect(holidaysBetween('62', '2026-12-26', '2027-01-01')).toEqual([]);
	});

	it('finds the holiday on a day', () => {
		expect(holidayOn('62', '2026-07-14')?.name).toBe('Fête nationale');
		expect(holidayOn('62', '2026-07-15')).toBeUndefined();
	});
});

describe('closingHoliday', () => {
	it('names the holiday that closes the agendas, unless the territory works on holidays', () => {
		const pasDeCalais = { departementNumber: '62', allowWorkOnHolidays: false };
		expect(closingHoliday(pasDeCalais, '2026-12-25')?.name).toBe('Noël');
		expect(closingHoliday(pasDeCalais, '2026-12-24')).toBeUndefined();
		expect(closingHoliday({ ...pasDeCalais, allowWorkOnHolidays: true }, '2026-12-25')).toBeUndefined();
		expect(closingHoliday({ departementNumber: '974', allowWorkOnHolidays: false }, '2026-12-20')?.name).toMatch(
			/abolition/i
		);
	});
});

describe('closingHolidaysBetween', () => {
	it('lists the holidays of the range that close the agendas, none where the territory works on them', () => {
		const reunion = { departementNumber: '974', allowWorkOnHolidays: false };
		expect(closingHolidaysBetween(reunion, '2026-12-14', '2027-01-04').map((h) => h.day)).toEqual([
			'2026-12-20',
			'2026-12-25',
			'2027-01-01'
		]);
		expect(closingHolidaysBetween({ ...reunion, allowWorkOnHolidays: true }, '2026-12-14', '2027-01-04')).toEqual([]);
	});
});
