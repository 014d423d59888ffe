/**
 * Time-zone math for the scheduling engine. Plages and absences are wall-clock times on local days in the
 * territory's zone; RDVs are UTC instants. The engine works on epoch milliseconds and integer day numbers.
 *
 * Temporal (temporal-polyfill) is the source of truth for every time-zone question. The polyfill costs
 * 10–25 µs per call, far too much for the slot engine's inner loops, so this module caches what Temporal says:
 * the UTC offset transitions of each zone per UTC year. A local day with no transition near it converts by plain
 * arithmetic with its (constant) offset; a day touched by a transition goes through Temporal itself. Day numbers
 * (days since 1970-01-01) are plain proleptic-Gregorian arithmetic, which needs no time zone.
 */
import { Temporal } from 'temporal-polyfill';
import { isFiveMinuteTime, minutesOfDay } from './local-time.ts';

// Day strings, ISO weeks and 'HH:MM' validation already live in local-time.ts: one entry point for callers.
export {
	addDays,
	compareDays,
	daysBetween,
	isFiveMinuteTime,
	isoWeek,
	isoWeekday,
	isValidDay,
	minutesOfDay
} from './local-time.ts';

export const GRAIN_MINUTES = 5;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Anything the engine accepts as an instant. */
export type InstantLike = Date | number;

export function toEpochMs(instant: InstantLike): number {
	return typeof instant === 'number' ? instant : instant.getTime();
}

/** 'HH:MM' on the 5-minute grain → minutes since midnight; undefined for anything else ('9:00', '10:07', '24:00'). */
export function parseTime(time: string): number | undefined {
	return isFiveMinuteTime(time) ? minutesOfDay(time) : undefined;
}

/** Minutes since midnight → 'HH:MM'. */
export function formatTime(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

/** 'YYYY-MM-DD' → days since 1970-01-01 (the string is assumed valid: check with isValidDay at boundaries). */
export function dayNumber(day: string): number {
	return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS;
}

const dayStrings = new Map<number, string>();

/** Days since 1970-01-01 → 'YYYY-MM-DD' (memoised: the engine names the same few days thousands of times). */
export function dayFromNumber(n: number): string {
	let day = dayStrings.get(n);
	if (day === undefined) {
		day = new Date(n * DAY_MS).toISOString().slice(0, 10);
		if (dayStrings.size > 100_000) dayStrings.clear();
		dayStrings.set(n, day);
	}
	return day;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfNumber(n: number): number {
	return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** The Monday starting the ISO week of a day. */
export function mondayOf(day: string): string {
	const n = dayNumber(day);
	return dayFromNumber(n - weekdayOfNumber(n) + 1);
}

/** A day plus calendar months, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
	return Temporal.PlainDate.from(day).add({ months }).toString();
}

/** Rounds an instant down to a multiple of `grainMinutes`. */
export function roundDownToGrain(instant: InstantLike, grainMinutes = GRAIN_MINUTES): number {
	const grain = grainMinutes * MINUTE_MS;
	return Math.floor(toEpochMs(instant) / grain) * grain;
}

/** Rounds an instant up to the next multiple of `grainMinutes` (French zones all have whole-hour offsets). */
export function roundUpToGrain(instant: InstantLike, grainMinutes = GRAIN_MINUTES): number {
	const grain = grainMinutes * MINUTE_MS;
	return Math.ceil(toEpochMs(instant) / grain) * grain;
}

interface ZoneYear {
	/** The UTC year's bounds [start, end) in epoch ms. */
	start: number;
	end: number;
	/** Instants where the offset changes, ascending, within the UTC year. */
	transitions: number[];
	/** offsets[i] applies before transitions[i]; the last one after the last transition (ms). */
	offsets: number[];
}

const zoneYears = new Map<string, Map<number, ZoneYear>>();
/** Last year looked up per zone: consecutive lookups nearly always hit the same one. */
const lastZoneYear = new Map<string, ZoneYear>();

function zoneYear(timeZone: string, year: number): ZoneYear {
	let years = zoneYears.get(timeZone);
	if (!years) zoneYears.set(timeZone, (years = new Map()));
	let zy = years.get(year);
	if (zy) return zy;
	const start = Date.UTC(year, 0, 1);
	const end = Date.UTC(year + 1, 0, 1);
	let zdt = Temporal.Instant.fromEpochMilliseconds(start).toZonedDateTimeISO(timeZone);
	zy = { start, end, transitions: [], offsets: [zdt.offsetNanoseconds / 1e6] };
	for (;;) {
		const next = zdt.getTimeZoneTransition('next');
		if (!next || next.epochMilliseconds >= end) break;
		zy.transitions.push(next.epochMilliseconds);
		zy.offsets.push(next.offsetNanoseconds / 1e6);
		zdt = next;
	}
	years.set(year, zy);
	return zy;
}

function utcYear(instant: number): number {
	return new Date(instant).getUTCFullYear();
}

/** UTC offset (ms, east positive) of a time zone at an instant. Exact: an instant has exactly one local time. */
export function utcOffsetAt(instant: InstantLike, timeZone: string): number {
	const ms = toEpochMs(instant);
	let zy = lastZoneYear.get(timeZone);
	if (!zy || ms < zy.start || ms >= zy.end) lastZoneYear.set(timeZone, (zy = zoneYear(timeZone, utcYear(ms))));
	let i = 0;
	while (i < zy.transitions.length && zy.transitions[i] <= ms) i++;
	return zy.offsets[i];
}

function hasTransitionBetween(timeZone: string, from: number, to: number): boolean {
	for (let year = utcYear(from); year <= utcYear(to); year++) {
		if (zoneYear(timeZone, year).transitions.some((t) => t > from && t <= to)) return true;
	}
	return false;
}

// Offsets range from −12 h to +14 h: a local day's instants lie within these margins of its UTC day.
const EARLY_MARGIN = 15 * HOUR_MS;
const LATE_MARGIN = 13 * HOUR_MS;

/** Per zone and day number: the day's constant offset, or NaN when a transition is near (ask Temporal). */
const quietDays = new Map<string, Map<number, number>>();

function quietOffset(timeZone: string, n: number): number {
	let days = quietDays.get(timeZone);
	if (!days) quietDays.set(timeZone, (days = new Map()));
	let offset = days.get(n);
	if (offset === undefined) {
		const from = n * DAY_MS - EARLY_MARGIN;
		const to = (n + 1) * DAY_MS + LATE_MARGIN;
		offset = hasTransitionBetween(timeZone, from, to) ? NaN : utcOffsetAt(from, timeZone);
		if (days.size > 50_000) days.clear();
		days.set(n, offset);
	}
	return offset;
}

/**
 * The instant (epoch ms) of a wall-clock time on a local day: `day` as 'YYYY-MM-DD' or a day number, `time` as
 * 'HH:MM' or minutes since midnight.
 *
 * Disambiguation is Temporal's 'compatible', as in calendar applications: a time skipped by a spring-forward
 * gap moves forward by the gap (02:30 on the last Sunday of March in Paris is 03:30 CEST); a time that happens
 * twice at fall-back takes the earlier one (02:30 on the last Sunday of October is 02:30 CEST, UTC+2).
 */
export function zonedToInstant(day: string | number, time: string | number, timeZone: string): number {
	const n = typeof day === 'number' ? day : dayNumber(day);
	const minutes = typeof time === 'number' ? time : minutesOfDay(time);
	const offset = quietOffset(timeZone, n);
	if (!Number.isNaN(offset)) return n * DAY_MS + minutes * MINUTE_MS - offset;
	const d = new Date(n * DAY_MS);
	return Temporal.PlainDateTime.from({
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: Math.floor(minutes / 60),
		minute: minutes % 60
	}).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

export interface ZonedTime {
	day: string;
	dayNumber: number;
	/** Minutes since local midnight (seconds truncated). */
	minutes: number;
	/** 'HH:MM' */
	time: string;
}

/** The local day and wall-clock time of an instant. */
export function instantToZoned(instant: InstantLike, timeZone: string): ZonedTime {
	const ms = toEpochMs(instant);
	const local = ms + utcOffsetAt(ms, timeZone);
	const n = Math.floor(local / DAY_MS);
	const minutes = Math.floor((local - n * DAY_MS) / MINUTE_MS);
	return { day: dayFromNumber(n), dayNumber: n, minutes, time: formatTime(minutes) };
}

/** Instants of local midnight starting `from` and local midnight starting `to`: the day range [from, to). */
export function dayRangeToInstants(from: string, to: string, timeZone: string): { start: number; end: number } {
	return { start: zonedToInstant(from, 0, timeZone), end: zonedToInstant(to, 0, timeZone) };
}
