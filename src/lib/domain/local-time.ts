/**
 * Wall-clock helpers: plages, absences and RDV keys work on local days ('YYYY-MM-DD') and times ('HH:MM') in
 * the territory's time zone, while instants are stored in UTC. All arithmetic goes through Temporal so that
 * DST changes are handled by the time-zone database, never by hand.
 */
import { Temporal } from 'temporal-polyfill';

export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A real calendar day in the 'YYYY-MM-DD' form (rejects 2026-02-30). */
export function isValidDay(day: string): boolean {
	if (!DAY_PATTERN.test(day)) return false;
	try {
		Temporal.PlainDate.from(day, { overflow: 'reject' });
		return true;
	} catch {
		return false;
	}
}

/** 'HH:MM' → minutes since midnight. */
export function minutesOfDay(time: string): number {
	const [h, m] = time.split(':').map(Number);
	return h * 60 + m;
}

/** 'HH:MM' on a 5-minute grain (plages and absences are cut in 5-minute steps). */
export function isFiveMinuteTime(time: string): boolean {
	return TIME_PATTERN.test(time) && minutesOfDay(time) % 5 === 0;
}

/**
 * The instant of a wall-clock time on a local day. A time skipped by a DST jump moves forward
 * ('compatible'), as calendar applications do.
 */
export function toInstant(day: string, time: string, timeZone: string): Date {
	const zdt = Temporal.PlainDate.from(day)
		.toPlainDateTime(Temporal.PlainTime.from(time))
		.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
	return new Date(zdt.epochMilliseconds);
}

/** The local day of an instant in a time zone. */
export function localDay(instant: Date, timeZone: string): string {
	return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
		.toZonedDateTimeISO(timeZone)
		.toPlainDate()
		.toString();
}

/** The local 'HH:MM' of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): string {
	const t = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
	return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
	return Temporal.PlainDate.from(day).add({ days }).toString();
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
	return Temporal.PlainDate.from(day).dayOfWeek;
}

/** ISO week of a local day, e.g. '2026-W48' (the year is the week-numbering year). */
export function isoWeek(day: string): string {
	const d = Temporal.PlainDate.from(day);
	return `${d.yearOfWeek}-W${String(d.weekOfYear).padStart(2, '0')}`;
}

/** Every day from `from` to `to`, both included (empty when to < from). */
export function daysBetween(from: string, to: string): string[] {
	const out: string[] = [];
	let d = Temporal.PlainDate.from(from);
	const end = Temporal.PlainDate.from(to);
	while (Temporal.PlainDate.compare(d, end) <= 0) {
		out.push(d.toString());
		d = d.add({ days: 1 });
	}
	return out;
}

/** 'YYYY-MM-DD', or Temporal's '±YYYYYY-MM-DD' for years past 9999 (which addDays can reach). */
const DAY_PARTS = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/;

function monthLength(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A number ordered like the day, NaN for anything that is not a real calendar day (no Temporal: hot paths). */
function dayKey(day: string): number {
	const m = DAY_PARTS.exec(day);
	if (!m) return NaN;
	const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (month < 1 || month > 12 || date < 1 || date > monthLength(year, month)) return NaN;
	return year * 10_000 + month * 100 + date;
}

/**
 * Compare two days as dates: negative, 0 or positive; NaN when either is not a day (every comparison with NaN is
 * false, so nothing passes as "before" or "after"). Plain string order agrees only for valid four-digit years:
 * '10000-01-01' < '9999-12-31' as strings, and '2027-02-30' would sort between real days.
 */
export function compareDays(a: string, b: string): number {
	return Math.sign(dayKey(a) - dayKey(b));
}
