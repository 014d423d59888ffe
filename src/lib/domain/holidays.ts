/**
 * French public holidays ("jours fériés"), computed per territory and year rather than listed: the metropolitan
 * days (Code du travail L3133-1), the Alsace-Moselle extras (Good Friday and St Stephen's Day in 57, 67, 68) and
 * the abolition-of-slavery day of each overseas département (law 83-550 and decree 83-1003). Easter is computed
 * with the Meeus/Jones/Butcher algorithm; the other movable days follow from it.
 */
import { Temporal } from 'temporal-polyfill';
import { compareDays } from './local-time.ts';

export interface Holiday {
	/** 'YYYY-MM-DD' */
	day: string;
	/** French name, as shown to users. */
	name: string;
}

const ALSACE_MOSELLE = new Set(['57', '67', '68']);

/** Abolition of slavery, per overseas département: [month, day]. */
const ABOLITION_DAYS: Record<string, [number, number]> = {
	'971': [5, 27], // Guadeloupe
	'972': [5, 22], // Martinique
	'973': [6, 10], // Guyane
	'974': [12, 20], // La Réunion
	'976': [4, 27] // Mayotte
};

/** Easter Sunday of a Gregorian year (Meeus/Jones/Butcher). */
export function easterSunday(year: number): Temporal.PlainDate {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return Temporal.PlainDate.from({ year, month, day });
}

/** Normalises a département number: '062' → '62', ' 2a ' → '2A'. */
function normaliseDepartement(departement: string): string {
	return departement
		.trim()
		.toUpperCase()
		.replace(/^0+(?=\d)/, '');
}

const cache = new Map<string, Holiday[]>();

/** The public holidays of one year in a département, in date order. */
export function holidaysOfYear(departement: string, year: number): Holiday[] {
	const dep = normaliseDepartement(departement);
	const key = `${dep}:${year}`;
	const cached = cache.get(key);
	if (cached) return cached.slice();

	const easter = easterSunday(year);
	const fixed = (month: number, day: number, name: string): Holiday => ({
		day: Temporal.PlainDate.from({ year, month, day }).toString(),
		name
	});
	const fromEaster = (days: number, name: string): Holiday => ({ day: easter.add({ days }).toString(), name });

	const list: Holiday[] = [
		fixed(1, 1, 'Jour de l’an'),
		fromEaster(1, 'Lundi de Pâques'),
		fixed(5, 1, 'Fête du Travail'),
		fixed(5, 8, 'Victoire 1945'),
		fromEaster(39, 'Ascension'),
		fromEaster(50, 'Lundi de Pentecôte'),
		fixed(7, 14, 'Fête nationale'),
		fixed(8, 15, 'Assomption'),
		fixed(11, 1, 'Toussaint'),
		fixed(11, 11, 'Armistice 1918'),
		fixed(12, 25, 'Noël')
	];
	if (ALSACE_MOSELLE.has(dep)) {
		list.push(fromEaster(-2, 'Vendredi saint'), fixed(12, 26, 'Saint-Étienne'));
	}
	const abolition = ABOLITION_DAYS[dep];
	if (abolition) list.push(fixed(abolition[0], abolition[1], 'Abolition de l’esclavage'));

	list.sort((x, y) => compareDays(x.day, y.day));
	cache.set(key, list);
	return list.slice();
}

/** Public holidays of a département with day in [from, to) ('YYYY-MM-DD'), in date order. */
export function holidaysBetween(departement: string, from: string, to: string): Holiday[] {
	const out: Holiday[] = [];
	const firstYear = Number(from.slice(0, 4));
	const lastYear = Number(to.slice(0, 4));
	for (let year = firstYear; year <= lastYear; year++) {
		// String order, for speed: the slot engine asks day by day. Holidays are four-digit days of years it
		// computed, and `from`/`to` come from validated days (calendar-day.ts), so it is the calendar order.
		for (const h of holidaysOfYear(departement, year)) if (h.day >= from && h.day < to) out.push(h);
	}
	return out;
}

/** The holiday on a day in a département, if any. */
export function holidayOn(departement: string, day: string): Holiday | undefined {
	return holidaysOfYear(departement, Number(day.slice(0, 4))).find((h) => h.day === day);
}

/** Where public holidays close the agendas: a territory (or an organisation, which carries its territory's). */
export interface HolidayTerritory {
	departementNumber: string;
	allowWorkOnHolidays: boolean;
}

/**
 * The holiday that closes every agenda of a territory on this day (pages name it where slots are missing);
 * none when the territory allows work on holidays.
 */
export function closingHoliday(territory: HolidayTerritory, day: string): Holiday | undefined {
	return territory.allowWorkOnHolidays ? undefined : holidayOn(territory.departementNumber, day);
}

/** The holidays in [from, to) that close every agenda of a territory, in date order (none if it works on them). */
export function closingHolidaysBetween(territory: HolidayTerritory, from: string, to: string): Holiday[] {
	return territory.allowWorkOnHolidays ? [] : holidaysBetween(territory.departementNumber, from, to);
}
