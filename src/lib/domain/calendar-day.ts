/**
 * Days and instants that come in from outside (API, forms, URLs, jobs): the one check every entry point uses,
 * before any computation.
 *
 * A day must be written 'YYYY-MM-DD', exist in the calendar (2027-02-30, 2027-13-01 and 2026-12-32 do not:
 * Temporal with overflow 'reject', never a Date that would roll 30 February over to 2 March), and lie in the
 * accepted years. An instant must lie in the same years.
 *
 * The accepted range is absolute, 2000-01-01 … 2100-12-31, rather than relative to today:
 * - the check stays pure and stable: a series saved today with an end in 2090 does not become invalid next year,
 *   and no clock is needed to validate;
 * - years keep four digits, so 'YYYY-MM-DD' strings sort as dates and instants serialise as plain ISO 8601
 *   (year 10000 comes out as '+010000-…', year 1900 hits Paris' pre-1911 local mean time, 9 min 21 s off);
 * - a public service has no agenda before 2000 nor 75 years ahead: anything outside is a typing mistake.
 */
import { DAY_PATTERN, isValidDay } from './local-time.ts';

export const FIRST_ACCEPTED_DAY = '2000-01-01';
export const LAST_ACCEPTED_DAY = '2100-12-31';

const DAY_MS = 86_400_000;

/**
 * Instants accepted: from the day before the first accepted day to the day after the last one (UTC), so that
 * every instant of an accepted local day passes whatever the territory's offset (−10 h … +11 h).
 */
export const FIRST_ACCEPTED_INSTANT_MS = Date.UTC(2000, 0, 1) - DAY_MS;
/** Exclusive. */
export const END_ACCEPTED_INSTANT_MS = Date.UTC(2101, 0, 1) + DAY_MS;

export type DayProblem = 'format' | 'impossible' | 'out_of_range';

/** What is wrong with a day given from outside, or null when it is an accepted calendar day. */
export function dayProblem(value: unknown): DayProblem | null {
	if (typeof value !== 'string' || !DAY_PATTERN.test(value)) return 'format';
	if (!isValidDay(value)) return 'impossible';
	// Both are valid four-digit 'YYYY-MM-DD' days here: the string order is the calendar order.
	return value < FIRST_ACCEPTED_DAY || value > LAST_ACCEPTED_DAY ? 'out_of_range' : null;
}

/** An accepted calendar day: 'YYYY-MM-DD', real, within 2000–2100. */
export function isAcceptedDay(value: unknown): value is string {
	return dayProblem(value) === null;
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', as typed in French forms (no calendar check: the input may be impossible). */
function frenchDigits(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

export const DAY_RANGE_MESSAGE = `choisissez un jour entre le ${frenchDigits(FIRST_ACCEPTED_DAY)} et le ${frenchDigits(LAST_ACCEPTED_DAY)}`;

/** The French message for a day given from outside, or null when it is accepted. */
export function dayError(value: unknown): string | null {
	switch (dayProblem(value)) {
		case null:
			return null;
		case 'format':
			return 'Date attendue au format AAAA-MM-JJ.';
		case 'impossible':
			return `Date impossible : le ${frenchDigits(value as string)} n’existe pas dans le calendrier.`;
		case 'out_of_range':
			return `Date hors limites : ${DAY_RANGE_MESSAGE}.`;
	}
}

/** Whether an instant (epoch ms or Date) lies in the accepted years. */
export function isAcceptedInstant(instant: Date | number): boolean {
	const ms = typeof instant === 'number' ? instant : instant.getTime();
	return Number.isFinite(ms) && ms >= FIRST_ACCEPTED_INSTANT_MS && ms < END_ACCEPTED_INSTANT_MS;
}

export const INSTANT_RANGE_MESSAGE = 'Date hors limites : choisissez un moment entre l’an 2000 et la fin de l’an 2100.';

/** The French message for an instant given from outside, or null when it is accepted. */
export function instantError(instant: Date | number): string | null {
	return isAcceptedInstant(instant) ? null : INSTANT_RANGE_MESSAGE;
}

/**
 * The French message per field for days given from outside; absent ones (undefined, null, '') are skipped.
 * Services call it at their entry (defence in depth: a page or a job cannot pass an impossible day either).
 */
export function dayFieldErrors(days: Record<string, string | null | undefined>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const [field, day] of Object.entries(days)) {
		if (day === undefined || day === null || day === '') continue;
		const message = dayError(day);
		if (message) errors[field] = message;
	}
	return errors;
}
