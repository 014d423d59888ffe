/**
 * Occurrences of a plage as its pages show them (list and calendar preview): cancelled occurrences are kept and
 * flagged, so that the agent sees them struck through and may restore them. The slot engine uses
 * `occurrences()` instead, which leaves them out.
 */
import { addDays, compareDays } from './local-time.ts';
import { expandDays, occurrences, type Occurrence, type Series } from './recurrence.ts';

export interface ShownOccurrence extends Occurrence {
	cancelled: boolean;
}

/** Every occurrence day of the series within [from, to), in order, exceptions applied, cancelled ones flagged. */
export function shownOccurrences(series: Series, from: string, to: string): ShownOccurrence[] {
	const kept = new Map(occurrences(series, from, to).map((o) => [o.day, o]));
	const lieuId = series.lieuId ?? undefined;
	return expandDays(series.firstDay, series.recurrence, from, to).map((day) => {
		const o = kept.get(day);
		if (o) return { ...o, cancelled: false };
		return {
			day,
			startTime: series.startTime,
			endTime: series.endTime,
			...(lieuId ? { lieuId } : {}),
			overridden: false,
			cancelled: true
		};
	});
}

/** Ten occurrences of a monthly series every 5 months span about four years: look that far ahead, no further. */
export const NEXT_OCCURRENCES_HORIZON_DAYS = 5 * 366;

/** The next `count` occurrences from `today` (included), cancelled ones included. */
export function nextOccurrences(
	series: Series,
	today: string,
	count: number,
	horizonDays = NEXT_OCCURRENCES_HORIZON_DAYS
): ShownOccurrence[] {
	const from = compareDays(series.firstDay, today) > 0 ? series.firstDay : today;
	return shownOccurrences(series, from, addDays(from, horizonDays + 1)).slice(0, count);
}
