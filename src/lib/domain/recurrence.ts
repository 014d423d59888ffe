/**
 * Recurrence of plages d'ouverture and single-day absences: weekly on chosen weekdays every 1–5 weeks (weeks
 * counted from the first day's ISO week), or monthly on the Nth weekday of the first day ("2nd Tuesday"; a series
 * started on a 5th weekday skips the months without one); optional last day. Occurrences are computed, never
 * stored. One occurrence may be cancelled or given other times/lieu (exceptions keyed by the occurrence's day);
 * "this and the following ones" splits the series in two.
 *
 * Days are handled as day numbers (see time.ts): the membership test is O(1), so expanding a range is a scan of
 * its days, cheap enough for the slot engine's inner loop.
 */
import { compareDays, DAY_MS, dayFromNumber, dayNumber, GRAIN_MINUTES, parseTime, weekdayOfNumber } from './time.ts';

export const RECURRENCE_EVERY = ['week', 'month'] as const;
export type RecurrenceEvery = (typeof RECURRENCE_EVERY)[number];
export const MAX_RECURRENCE_INTERVAL = 5;

export interface Recurrence {
	every: RecurrenceEvery;
	/** Every `interval` weeks or months (1–5). */
	interval: number;
	/** ISO weekdays (1 = Monday … 7 = Sunday), weekly only; empty or absent means the first day's weekday. */
	weekdays?: number[] | null;
	/** Last possible day, included. */
	until?: string | null;
}

/** One occurrence cancelled, or given other times or lieu; `day` is the occurrence's day in the series. */
export interface OccurrenceException {
	day: string;
	cancelled?: boolean | null;
	startTime?: string | null;
	endTime?: string | null;
	lieuId?: string | null;
}

/** What the functions here need of a plage (or of a single-day absence). Other fields pass through. */
export interface Series {
	firstDay: string;
	startTime: string;
	endTime: string;
	recurrence?: Recurrence | null;
	exceptions?: OccurrenceException[] | null;
	lieuId?: string | null;
}

export interface Occurrence {
	day: string;
	startTime: string;
	endTime: string;
	lieuId?: string;
	/** True when an exception changed this occurrence's times or lieu. */
	overridden: boolean;
}

/** A series rule compiled to day-number arithmetic. */
export interface CompiledRule {
	first: number;
	/** Last possible day number (Infinity when endless). */
	last: number;
	every: RecurrenceEvery | 'once';
	interval: number;
	/** Weekly: bit w set for ISO weekday w. */
	weekdayMask: number;
	/** Weekly: day number of the Monday of the first day's week. */
	firstMonday: number;
	/** Monthly: the first day's weekday, rank in its month (1–5) and month index (year × 12 + month). */
	weekday: number;
	nth: number;
	firstMonth: number;
}

export function compileRule(firstDay: string, recurrence: Recurrence | null | undefined): CompiledRule {
	const first = dayNumber(firstDay);
	const weekday = weekdayOfNumber(first);
	const date = new Date(first * DAY_MS);
	const rule: CompiledRule = {
		first,
		last: first,
		every: 'once',
		interval: 1,
		weekdayMask: 0,
		firstMonday: first - weekday + 1,
		weekday,
		nth: Math.ceil(date.getUTCDate() / 7),
		firstMonth: date.getUTCFullYear() * 12 + date.getUTCMonth()
	};
	if (!recurrence) return rule;
	rule.every = recurrence.every;
	rule.interval = Math.max(1, Math.trunc(recurrence.interval || 1));
	rule.last = recurrence.until ? dayNumber(recurrence.until) : Infinity;
	const weekdays = recurrence.weekdays?.length ? recurrence.weekdays : [weekday];
	for (const w of weekdays) rule.weekdayMask |= 1 << w;
	return rule;
}

/** Whether a day number is an occurrence of a compiled rule (exceptions aside). */
export function ruleMatches(rule: CompiledRule, n: number): boolean {
	if (n < rule.first || n > rule.last) return false;
	if (rule.every === 'once') return true;
	const weekday = weekdayOfNumber(n);
	if (rule.every === 'week') {
		if (!(rule.weekdayMask & (1 << weekday))) return false;
		const weeks = (n - weekday + 1 - rule.firstMonday) / 7;
		return weeks % rule.interval === 0;
	}
	if (weekday !== rule.weekday) return false;
	const date = new Date(n * DAY_MS);
	if (Math.ceil(date.getUTCDate() / 7) !== rule.nth) return false;
	return (date.getUTCFullYear() * 12 + date.getUTCMonth() - rule.firstMonth) % rule.interval === 0;
}

/** Whether `day` is an occurrence day of the series rule (cancelled occurrences included). */
export function isOccurrenceDay(firstDay: string, recurrence: Recurrence | null | undefined, day: string): boolean {
	return ruleMatches(compileRule(firstDay, recurrence), dayNumber(day));
}

/** Occurrence days of a series rule within [from, to) (cancelled occurrences included), in order. */
export function expandDays(
	firstDay: string,
	recurrence: Recurrence | null | undefined,
	from: string,
	to: string
): string[] {
	const rule = compileRule(firstDay, recurrence);
	const out: string[] = [];
	const end = Math.min(dayNumber(to), rule.last + 1);
	for (let n = Math.max(dayNumber(from), rule.first); n < end; n++)
		if (ruleMatches(rule, n)) out.push(dayFromNumber(n));
	return out;
}

/** Exceptions by day; should a day appear twice (hand-edited data), the first one counts. */
function exceptionsByDay(series: Series): Map<string, OccurrenceException> {
	const map = new Map<string, OccurrenceException>();
	for (const e of series.exceptions ?? []) if (!map.has(e.day)) map.set(e.day, e);
	return map;
}

/** Occurrences of a series within [from, to), exceptions applied (cancelled ones left out), in order. */
export function occurrences(series: Series, from: string, to: string): Occurrence[] {
	const exceptions = exceptionsByDay(series);
	const out: Occurrence[] = [];
	for (const day of expandDays(series.firstDay, series.recurrence, from, to)) {
		const e = exceptions.get(day);
		if (e?.cancelled) continue;
		const lieuId = e?.lieuId ?? series.lieuId ?? undefined;
		out.push({
			day,
			startTime: e?.startTime ?? series.startTime,
			endTime: e?.endTime ?? series.endTime,
			...(lieuId ? { lieuId } : {}),
			overridden: !!e && !!(e.startTime || e.endTime || e.lieuId)
		});
	}
	return out;
}

/**
 * Last occurrence day of a series, for retention: undefined for an endless series (callers store it unset,
 * never null). Given a whole series, cancelled trailing occurrences do not count. A bounded series without any
 * occurrence reports its first day so that retention still finds it.
 */
export function lastOccurrenceDay(series: Series): string | undefined;
export function lastOccurrenceDay(firstDay: string, recurrence: Recurrence | null | undefined): string | undefined;
export function lastOccurrenceDay(
	seriesOrFirstDay: Series | string,
	recurrenceArg?: Recurrence | null
): string | undefined {
	const series: Series =
		typeof seriesOrFirstDay === 'string'
			? { firstDay: seriesOrFirstDay, startTime: '00:00', endTime: '00:00', recurrence: recurrenceArg }
			: seriesOrFirstDay;
	const rule = compileRule(series.firstDay, series.recurrence);
	if (rule.last === Infinity) return undefined;
	const cancelled = new Set((series.exceptions ?? []).filter((e) => e.cancelled).map((e) => e.day));
	for (let n = rule.last; n >= rule.first; n--) {
		if (ruleMatches(rule, n) && !cancelled.has(dayFromNumber(n))) return dayFromNumber(n);
	}
	return series.firstDay;
}

// ---------------------------------------------------------------------------------------------------------------
// Editing a series: pure functions returning the new series (or two), with French messages for the forms.

export type SeriesEditError =
	| { code: 'not_an_occurrence'; message: string }
	| { code: 'invalid_time'; message: string }
	| { code: 'invalid_split'; message: string };

export type SeriesEditResult<T> = { ok: true; value: T } | { ok: false; error: SeriesEditError };

function notAnOccurrence(day: string): { ok: false; error: SeriesEditError } {
	return {
		ok: false,
		error: { code: 'not_an_occurrence', message: `Le ${frenchDay(day)} n’est pas une occurrence de cette série.` }
	};
}

function frenchDay(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** Checks a start/end pair: 'HH:MM' on the 5-minute grain, end after start. */
export function checkTimes(startTime: string, endTime: string): SeriesEditError | undefined {
	const start = parseTime(startTime);
	const end = parseTime(endTime);
	if (start === undefined || end === undefined)
		return {
			code: 'invalid_time',
			message: `Les heures vont de ${GRAIN_MINUTES} en ${GRAIN_MINUTES} minutes (HH:MM).`
		};
	if (end <= start) return { code: 'invalid_time', message: 'L’heure de fin doit suivre l’heure de début.' };
	return undefined;
}

function withException<S extends Series>(series: S, exception: OccurrenceException | null, day: string): S {
	const others = (series.exceptions ?? []).filter((e) => e.day !== day);
	const exceptions = exception ? [...others, exception].sort((a, b) => compareDays(a.day, b.day)) : others;
	return { ...series, exceptions };
}

/** Cancels one occurrence of the series. */
export function cancelOccurrence<S extends Series>(series: S, day: string): SeriesEditResult<S> {
	if (!isOccurrenceDay(series.firstDay, series.recurrence, day)) return notAnOccurrence(day);
	return { ok: true, value: withException(series, { day, cancelled: true }, day) };
}

/**
 * Gives one occurrence other times and/or lieu (it stays on its day). Setting it back to the series' own
 * values removes the exception, so that the stored exceptions are only real differences.
 */
export function overrideOccurrence<S extends Series>(
	series: S,
	day: string,
	change: { startTime?: string; endTime?: string; lieuId?: string }
): SeriesEditResult<S> {
	if (!isOccurrenceDay(series.firstDay, series.recurrence, day)) return notAnOccurrence(day);
	const startTime = change.startTime ?? series.startTime;
	const endTime = change.endTime ?? series.endTime;
	const error = checkTimes(startTime, endTime);
	if (error) return { ok: false, error };
	const lieuId = change.lieuId ?? series.lieuId ?? undefined;
	const exception: OccurrenceException = { day };
	if (startTime !== series.startTime) exception.startTime = startTime;
	if (endTime !== series.endTime) exception.endTime = endTime;
	if (lieuId && lieuId !== (series.lieuId ?? undefined)) exception.lieuId = lieuId;
	const differs = exception.startTime || exception.endTime || exception.lieuId;
	return { ok: true, value: withException(series, differs ? exception : null, day) };
}

/** Brings a cancelled or changed occurrence back to the series' own values. */
export function restoreOccurrence<S extends Series>(series: S, day: string): S {
	return withException(series, null, day);
}

/** Drops exceptions whose day is no longer an occurrence (after the rule or the first day changed). */
export function pruneExceptions<S extends Series>(series: S): S {
	const rule = compileRule(series.firstDay, series.recurrence);
	const exceptions = (series.exceptions ?? []).filter((e) => ruleMatches(rule, dayNumber(e.day)));
	return { ...series, exceptions };
}

/**
 * "This occurrence and the following ones": the series is cut at `day`, an occurrence day. `before` keeps the
 * earlier occurrences (its `until` becomes the day before; null when `day` is the first day, i.e. the whole series
 * changes); `after` starts on `day` (or on `changes.firstDay`, which may not be earlier) with the changes applied,
 * the original end date, and the exceptions that belong to it. Week and month counting stay aligned because `day`
 * is an occurrence. `after` carries every other field of the series, identifiers included: callers store it as
 * a new document.
 */
export function splitSeries<S extends Series>(
	series: S,
	day: string,
	changes: Partial<S> = {}
): SeriesEditResult<{ before: S | null; after: S }> {
	if (!isOccurrenceDay(series.firstDay, series.recurrence, day)) return notAnOccurrence(day);
	if (changes.firstDay && compareDays(changes.firstDay, day) < 0)
		return {
			ok: false,
			error: { code: 'invalid_split', message: 'La nouvelle série ne peut pas commencer avant l’occurrence choisie.' }
		};
	const exceptions = series.exceptions ?? [];
	const before: S | null =
		day === series.firstDay
			? null
			: {
					...series,
					recurrence: series.recurrence ? { ...series.recurrence, until: dayFromNumber(dayNumber(day) - 1) } : null,
					exceptions: exceptions.filter((e) => compareDays(e.day, day) < 0)
				};
	const base: S = {
		...series,
		firstDay: day,
		recurrence: series.recurrence ? { ...series.recurrence } : null,
		exceptions: exceptions.filter((e) => compareDays(e.day, day) >= 0)
	};
	const after = pruneExceptions({ ...base, ...changes });
	const error = checkTimes(after.startTime, after.endTime);
	if (error) return { ok: false, error };
	return { ok: true, value: { before, after } };
}
