/**
 * Brute-force reference for the slot engine (slots.ts), used by its property tests and by the benchmark for
 * the speed ratio. It follows PRODUCT.md §4 literally, one minute at a time: a minute of an agent at a lieu is
 * free when a plage occurrence covers it, no holiday, absence or active RDV touches it, and it lies inside the
 * booking window; slots are cut from the start of each run of free minutes. Every wall-clock conversion asks
 * Temporal directly (no caches) and the recurrence rule is re-stated with Temporal dates, so the two
 * implementations share nothing but the holiday calendar and the input types.
 *
 * Inputs must be on the minute grain (plage and absence times always are; RDV instants must be). An RDV holds
 * its agents' time in whole 5-minute claim buckets, so its minutes are marked busy from its start rounded down to
 * 5 minutes to its end rounded up.
 */
import { Temporal } from 'temporal-polyfill';
import { holidaysBetween } from './holidays.ts';
import type { Recurrence } from './recurrence.ts';
import type { AvailabilityInput, SlotQuery } from './slots.ts';
import type { RdvStatus } from './types.ts';

export interface OracleSlot {
	agentId: string;
	lieuId?: string;
	/** Epoch milliseconds. */
	start: number;
	end: number;
}

const MINUTE = 60_000;
const FIVE_MINUTES = 5 * MINUTE;

/** Whether `day` is an occurrence of the series rule, stated directly on Temporal dates. */
export function naiveIsOccurrence(firstDay: string, recurrence: Recurrence | null | undefined, day: string): boolean {
	const first = Temporal.PlainDate.from(firstDay);
	const d = Temporal.PlainDate.from(day);
	if (Temporal.PlainDate.compare(d, first) < 0) return false;
	if (!recurrence) return Temporal.PlainDate.compare(d, first) === 0;
	if (recurrence.until && Temporal.PlainDate.compare(d, Temporal.PlainDate.from(recurrence.until)) > 0) return false;
	if (recurrence.every === 'week') {
		const weekdays = recurrence.weekdays?.length ? recurrence.weekdays : [first.dayOfWeek];
		if (!weekdays.includes(d.dayOfWeek)) return false;
		const firstMonday = first.subtract({ days: first.dayOfWeek - 1 });
		const monday = d.subtract({ days: d.dayOfWeek - 1 });
		return (firstMonday.until(monday).days / 7) % recurrence.interval === 0;
	}
	if (d.dayOfWeek !== first.dayOfWeek) return false;
	if (Math.ceil(d.day / 7) !== Math.ceil(first.day / 7)) return false;
	return ((d.year - first.year) * 12 + d.month - first.month) % recurrence.interval === 0;
}

function instant(day: string, time: string, timeZone: string): number {
	return Temporal.PlainDate.from(day)
		.toPlainDateTime(Temporal.PlainTime.from(time))
		.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

function nextDay(day: string, days = 1): string {
	return Temporal.PlainDate.from(day).add({ days }).toString();
}

function isActive(status: RdvStatus): boolean {
	return status !== 'excused' && status !== 'revoked';
}

export function oracleSlots(input: AvailabilityInput, query: SlotQuery): OracleSlot[] {
	const tz = input.territory.timeZone;
	const rangeStart = instant(query.from, '00:00', tz);
	const rangeEnd = instant(query.to, '00:00', tz);
	const minutes = Math.max(0, Math.round((rangeEnd - rangeStart) / MINUTE));
	const now = typeof query.now === 'number' ? query.now : query.now.getTime();
	const roundedNow = Math.ceil(now / FIVE_MINUTES) * FIVE_MINUTES;
	const lo =
		query.audience === 'usager'
			? Math.ceil((now + input.motif.minBookingDelayMinutes * MINUTE) / FIVE_MINUTES) * FIVE_MINUTES
			: query.includePast
				? -Infinity
				: roundedNow;
	const hi = query.audience === 'usager' ? now + input.motif.maxBookingDelayMinutes * MINUTE : Infinity;

	/** Sets minutes of [start, end) in an array (any overlap counts). */
	const mark = (array: Uint8Array, start: number, end: number): void => {
		const a = Math.max(0, Math.floor((start - rangeStart) / MINUTE));
		const b = Math.min(minutes, Math.ceil((end - rangeStart) / MINUTE));
		for (let i = a; i < b; i++) array[i] = 1;
	};

	const holiday = new Uint8Array(minutes);
	if (!input.territory.allowWorkOnHolidays) {
		for (const h of holidaysBetween(input.territory.departement, nextDay(query.from, -1), nextDay(query.to, 1)))
			mark(holiday, instant(h.day, '00:00', tz), instant(nextDay(h.day), '00:00', tz));
	}

	const days: string[] = [];
	for (let d = query.from; d < query.to; d = nextDay(d)) days.push(d);
	const wideDays: string[] = [];
	for (let d = nextDay(query.from, -2); d < nextDay(query.to, 2); d = nextDay(d)) wideDays.push(d);

	const wantedAgents = query.agentIds ? new Set(query.agentIds) : null;
	const wantedLieux = query.lieuIds?.length ? new Set(query.lieuIds) : null;
	const plages = input.plages.filter(
		(p) => p.motifIds.includes(input.motif.id) && (!wantedAgents || wantedAgents.has(p.agentId))
	);
	const agentIds = [...new Set(plages.map((p) => p.agentId))];
	const duration = input.motif.durationMinutes;
	const out: OracleSlot[] = [];

	for (const agentId of agentIds) {
		const busy = new Uint8Array(minutes);
		for (const r of input.rdvs) {
			if (!isActive(r.status) || !r.agentIds.includes(agentId)) continue;
			const start = new Date(r.startsAt).getTime();
			const end = new Date(r.endsAt).getTime();
			mark(busy, Math.floor(start / FIVE_MINUTES) * FIVE_MINUTES, Math.ceil(end / FIVE_MINUTES) * FIVE_MINUTES);
		}
		for (const a of input.absences) {
			if (a.agentId !== agentId) continue;
			if (!a.recurrence)
				mark(busy, instant(a.firstDay, a.startTime, a.timeZone), instant(a.endDay, a.endTime, a.timeZone));
			else
				for (const d of wideDays)
					if (naiveIsOccurrence(a.firstDay, a.recurrence, d))
						mark(busy, instant(d, a.startTime, a.timeZone), instant(d, a.endTime, a.timeZone));
		}

		const open = new Map<string, Uint8Array>();
		for (const p of plages) {
			if (p.agentId !== agentId) continue;
			for (const d of days) {
				if (!naiveIsOccurrence(p.firstDay, p.recurrence, d)) continue;
				const e = p.exceptions?.find((x) => x.day === d);
				if (e?.cancelled) continue;
				const lieuId = e?.lieuId ?? p.lieuId ?? '';
				if (wantedLieux && !wantedLieux.has(lieuId)) continue;
				let array = open.get(lieuId);
				if (!array) open.set(lieuId, (array = new Uint8Array(minutes)));
				mark(
					array,
					instant(d, e?.startTime ?? p.startTime, p.timeZone),
					instant(d, e?.endTime ?? p.endTime, p.timeZone)
				);
			}
		}

		for (const [lieuId, array] of open) {
			const free = (i: number): boolean => {
				const t = rangeStart + i * MINUTE;
				return array[i] === 1 && !busy[i] && !holiday[i] && t >= lo && t + MINUTE <= hi;
			};
			let i = 0;
			while (i < minutes) {
				if (!free(i)) {
					i++;
					continue;
				}
				let j = i;
				while (j < minutes && free(j)) j++;
				for (let s = i; s + duration <= j; s += duration)
					out.push({
						agentId,
						...(lieuId ? { lieuId } : {}),
						start: rangeStart + s * MINUTE,
						end: rangeStart + (s + duration) * MINUTE
					});
				i = j;
			}
		}
	}
	return out.sort((a, b) => a.start - b.start || (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
}
