/**
 * Warnings about a plage d'ouverture that the agent may confirm (PRODUCT.md §3): an overlap with another plage
 * of the same agent (in any organisation), and a motif longer than the plage. Pure: the plage service loads the
 * facts and decides whether the agent confirmed.
 *
 * A plage's title belongs to its organisation: seen from another one (an agent working in two organisations),
 * the warning and the calendar preview say « une plage d'une autre organisation » instead (shownPlageTitle).
 */
import { addDays, compareDays } from './local-time.ts';
import { occurrences, type Series } from './recurrence.ts';
import { parseTime, zonedToInstant } from './time.ts';

export type PlageWarning =
	| {
			code: 'overlap';
			message: string;
			/**
			 * The other plage, when it is of the candidate's organisation (another organisation's plage is neither
			 * named nor identified), and the first day both have an occurrence at overlapping times.
			 */
			plageId?: string;
			organisationId?: string;
			day: string;
	  }
	| { code: 'motif_too_long'; message: string; motifId: string };

export interface SeriesInZone extends Series {
	timeZone: string;
}

export interface OtherPlage extends SeriesInZone {
	id: string;
	organisationId: string;
	title: string;
}

/** The plage being checked: where it is, to tell the agent's plages of its organisation from the others. */
export interface CandidatePlage extends SeriesInZone {
	organisationId: string;
}

/** What another organisation's plage is called: its title is internal to that organisation. */
export const OTHER_ORGANISATION_PLAGE = 'Plage d’une autre organisation';

/** A plage's title as shown from `organisationId`: its own, or OTHER_ORGANISATION_PLAGE for another's. */
export function shownPlageTitle(plage: { organisationId: string; title: string }, organisationId: string): string {
	return plage.organisationId === organisationId ? plage.title : OTHER_ORGANISATION_PLAGE;
}

/**
 * How far ahead overlaps are looked for. Weekly rules with intervals 1–5 repeat within 60 weeks; two years
 * also covers monthly rules in practice, and the scan is day arithmetic, so it stays cheap.
 */
export const OVERLAP_HORIZON_DAYS = 730;

function frenchDay(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** Occurrence intervals as epoch-ms pairs, keyed by day (zones may differ between organisations). */
function intervals(series: SeriesInZone, from: string, to: string): { day: string; start: number; end: number }[] {
	return occurrences(series, from, to).map((o) => ({
		day: o.day,
		start: zonedToInstant(o.day, o.startTime, series.timeZone),
		end: zonedToInstant(o.day, o.endTime, series.timeZone)
	}));
}

/**
 * The other plages overlapping the candidate, with the first day each one does. Only occurrences from `today`
 * on count: an overlap in the past can no longer be booked.
 */
export function findOverlaps(
	candidate: CandidatePlage,
	others: readonly OtherPlage[],
	today: string,
	horizonDays = OVERLAP_HORIZON_DAYS
): PlageWarning[] {
	const from = compareDays(candidate.firstDay, today) > 0 ? candidate.firstDay : today;
	// A day's margin each side: the same local day can be another day in another zone.
	const to = addDays(from, horizonDays);
	// Occurrence days come from addDays on validated four-digit days: their string order is the calendar order,
	// and this runs over two years of occurrences per other plage (no parsing per item).
	const mine = intervals(candidate, addDays(from, -1), addDays(to, 1)).filter((i) => i.day >= from);
	if (mine.length === 0) return [];
	const warnings: PlageWarning[] = [];
	for (const other of others) {
		const theirs = intervals(other, addDays(from, -1), addDays(to, 1));
		let j = 0;
		for (const a of mine) {
			while (j < theirs.length && theirs[j]!.end <= a.start) j++;
			const b = theirs[j];
			if (b && b.start < a.end) {
				const own = other.organisationId === candidate.organisationId;
				const which = own ? `la plage « ${other.title} »` : 'une plage d’une autre organisation';
				warnings.push({
					code: 'overlap',
					message: `Chevauchement avec ${which} le ${frenchDay(a.day)}.`,
					...(own ? { plageId: other.id, organisationId: other.organisationId } : {}),
					day: a.day
				});
				break;
			}
		}
	}
	return warnings;
}

/** Motifs whose duration does not fit once in the plage's hours. */
export function motifsTooLong(
	startTime: string,
	endTime: string,
	motifs: readonly { id: string; name: string; durationMinutes: number }[]
): PlageWarning[] {
	const start = parseTime(startTime);
	const end = parseTime(endTime);
	if (start === undefined || end === undefined) return [];
	return motifs
		.filter((m) => m.durationMinutes > end - start)
		.map((m) => ({
			code: 'motif_too_long' as const,
			message: `Le motif « ${m.name} » dure ${m.durationMinutes} min, plus que la plage (${end - start} min).`,
			motifId: m.id
		}));
}
