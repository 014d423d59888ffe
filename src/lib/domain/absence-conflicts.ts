/**
 * The RDVs an indisponibilité runs into (PRODUCT.md §3: existing RDVs are not cancelled but shown as conflicts).
 * Pure: the absence service loads the agent's RDVs of the weeks given here, then words the warnings.
 *
 * Only time from `now` on counts, over a bounded horizon: a recurring absence may be endless, and RDVs already
 * over need no warning.
 */
import { candidateWeeks } from './calendar-keys.ts';
import { compareDays, localDay } from './local-time.ts';
import { occurrences } from './recurrence.ts';
import { isActiveRdvStatus, type AbsenceInput } from './slots.ts';
import { addMonths, toEpochMs, zonedToInstant, type InstantLike } from './time.ts';
import type { RdvStatus } from './types.ts';

/** How far ahead conflicts are looked for, from the later of today and the absence's first day. */
export const ABSENCE_CONFLICT_MONTHS = 6;

/** The span of an absence, whoever's it is. */
export type AbsenceSpan = Omit<AbsenceInput, 'id' | 'agentId'>;

/** [start, end) in epoch milliseconds. */
export interface Interval {
	start: number;
	end: number;
}

export interface ConflictCandidate {
	startsAt: InstantLike;
	endsAt: InstantLike;
	agentIds: string[];
	status: RdvStatus;
}

/**
 * The absence's blocked time from `now` to the horizon, as sorted disjoint intervals. Recurring absences go
 * through the series expansion of recurrence.ts (one occurrence per matching day).
 */
export function absenceIntervals(absence: AbsenceSpan, now: InstantLike, months = ABSENCE_CONFLICT_MONTHS): Interval[] {
	const nowMs = toEpochMs(now);
	const today = localDay(new Date(nowMs), absence.timeZone);
	const from = compareDays(absence.firstDay, today) > 0 ? absence.firstDay : today;
	const horizonDay = addMonths(from, months);
	const horizon = zonedToInstant(horizonDay, 0, absence.timeZone);
	const raw: Interval[] = absence.recurrence
		? occurrences(absence, from, horizonDay).map((o) => ({
				start: zonedToInstant(o.day, o.startTime, absence.timeZone),
				end: zonedToInstant(o.day, o.endTime, absence.timeZone)
			}))
		: [
				{
					start: zonedToInstant(absence.firstDay, absence.startTime, absence.timeZone),
					end: zonedToInstant(absence.endDay, absence.endTime, absence.timeZone)
				}
			];
	return raw
		.map((i) => ({ start: Math.max(i.start, nowMs), end: Math.min(i.end, horizon) }))
		.filter((i) => i.end > i.start);
}

/** ISO weeks to read the agent's RDVs from ('agentId:week' keys), in order. */
export function conflictWeeks(intervals: readonly Interval[]): string[] {
	const weeks = new Set<string>();
	for (const i of intervals) for (const w of candidateWeeks(new Date(i.start), new Date(i.end))) weeks.add(w);
	return [...weeks].sort();
}

/** The agent's active RDVs overlapping one of the intervals (touching ends do not overlap), by start time. */
export function conflictingRdvs<R extends ConflictCandidate>(
	agentId: string,
	intervals: readonly Interval[],
	rdvs: readonly R[]
): R[] {
	return rdvs
		.filter((r) => {
			if (!isActiveRdvStatus(r.status) || !r.agentIds.includes(agentId)) return false;
			const start = toEpochMs(r.startsAt);
			const end = toEpochMs(r.endsAt);
			return intervals.some((i) => i.start < end && start < i.end);
		})
		.sort((a, b) => toEpochMs(a.startsAt) - toEpochMs(b.startsAt));
}

// ---- What the actor is told ----

/** Shown instead of the motif of an RDV the actor may not see (another organisation's, another service's). */
export const HIDDEN_MOTIF = 'Motif non communiqué';
/** Shown instead of the name of an organisation the actor does not belong to. */
export const OTHER_ORGANISATION = 'Autre organisation';

/** One conflicting RDV as the absence service found it, and what the actor may know of it. */
export interface ConflictFacts {
	/** Local day and times of the RDV, in its territory's zone. */
	day: string;
	startTime: string;
	endTime: string;
	motifName: string;
	organisationName: string;
	/** The actor may see this RDV (permissions.canSeeRdv): its motif may be named. */
	rdvVisible: boolean;
	/** The actor belongs to the RDV's organisation: its name may be given. */
	organisationKnown: boolean;
}

export interface ConflictDescription {
	message: string;
	/** HIDDEN_MOTIF when the RDV is out of the actor's sight. */
	motifName: string;
	/** OTHER_ORGANISATION when the actor is not a member there. */
	organisationName: string;
}

const frenchDay = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * How a conflicting RDV is worded for the actor managing the absence. The agent's busy time is no secret to
 * whoever manages its absences; what it is busy with, in an organisation or a service the actor has no part in,
 * is: then only the time is told, and the organisation's name only to its members. Usagers are never named.
 */
export function describeConflict(facts: ConflictFacts): ConflictDescription {
	const organisationName = facts.organisationKnown ? facts.organisationName : OTHER_ORGANISATION;
	const where = facts.organisationKnown ? facts.organisationName : 'autre organisation';
	const when = `le ${frenchDay(facts.day)} de ${facts.startTime} à ${facts.endTime}${where ? ` (${where})` : ''}`;
	return facts.rdvVisible
		? { message: `« ${facts.motifName} » ${when}`, motifName: facts.motifName, organisationName }
		: { message: `Un RDV ${when}`, motifName: HIDDEN_MOTIF, organisationName };
}
