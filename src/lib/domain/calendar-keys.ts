/**
 * Precomputed equality keys. FerretDB only pushes top-level equalities down to PostgreSQL, so RDVs store the
 * local days and ISO weeks they touch, and claims cut agent time into fixed 5-minute buckets.
 */
import { addDays, daysBetween, isoWeek, localDay } from './local-time.ts';

export const BUCKET_MINUTES = 5;
const BUCKET_MS = BUCKET_MINUTES * 60_000;

/** Local days an interval [startsAt, endsAt) touches; an RDV ending at midnight does not touch the next day. */
export function touchedDays(startsAt: Date, endsAt: Date, timeZone: string): string[] {
	const lastInstant = endsAt.getTime() > startsAt.getTime() ? new Date(endsAt.getTime() - 1) : startsAt;
	return daysBetween(localDay(startsAt, timeZone), localDay(lastInstant, timeZone));
}

/** Distinct ISO weeks of a list of days, in order. */
export function weeksOfDays(days: string[]): string[] {
	return [...new Set(days.map(isoWeek))];
}

/** 'agentId:week' keys: one equality selects one agent's RDVs of one week. */
export function agentWeekKeys(agentIds: string[], weeks: string[]): string[] {
	return agentIds.flatMap((a) => weeks.map((w) => `${a}:${w}`));
}

/**
 * ISO weeks that may hold an RDV overlapping [from, to) whatever the time zone: UTC days widened by one day
 * on each side cover every offset (±14 h). Callers refine with the exact instant range.
 */
export function candidateWeeks(from: Date, to: Date): string[] {
	const first = addDays(localDay(from, 'UTC'), -1);
	const last = addDays(localDay(new Date(Math.max(from.getTime(), to.getTime() - 1)), 'UTC'), 1);
	return weeksOfDays(daysBetween(first, last));
}

/** Start instants of the 5-minute buckets an interval [startsAt, endsAt) overlaps (at least one). */
export function claimBuckets(startsAt: Date, endsAt: Date): Date[] {
	const first = Math.floor(startsAt.getTime() / BUCKET_MS) * BUCKET_MS;
	const end = Math.max(endsAt.getTime(), startsAt.getTime() + 1);
	const out: Date[] = [];
	for (let t = first; t < end; t += BUCKET_MS) out.push(new Date(t));
	return out;
}
