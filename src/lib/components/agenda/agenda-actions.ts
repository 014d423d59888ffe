/**
 * The agenda's pure decisions, apart from FullCalendar: which days to hide, which period to fetch, where a
 * selected range leads, and what a drag or resize means in words before it is confirmed.
 */

export const AGENDA_VIEWS = ['timeGridWeek', 'timeGridDay', 'dayGridMonth', 'listWeek'] as const;
export type AgendaView = (typeof AGENDA_VIEWS)[number];

export const VIEW_LABELS: Record<AgendaView, string> = {
	timeGridWeek: 'Semaine',
	timeGridDay: 'Jour',
	dayGridMonth: 'Mois',
	listWeek: 'Planning'
};

/** Phones start on the day view: six day columns do not fit under 768 px. */
export const NARROW_SCREEN_QUERY = '(max-width: 767px)';

export function defaultView(narrow: boolean): AgendaView {
	return narrow ? 'timeGridDay' : 'timeGridWeek';
}

/**
 * FullCalendar's hiddenDays (0 = Sunday, 6 = Saturday): Saturday shows when asked for or when something is on it,
 * Sunday only when something is on it.
 */
export function hiddenDays(options: { saturday: boolean; weekend: { saturday: boolean; sunday: boolean } }): number[] {
	const hidden: number[] = [];
	if (!options.weekend.sunday) hidden.push(0);
	if (!options.saturday && !options.weekend.saturday) hidden.push(6);
	return hidden;
}

const DAY_MS = 86_400_000;
/** The feed's longest period (its endpoint refuses more). */
export const MAX_FETCH_DAYS = 42;

/**
 * The period to ask the feed for: FullCalendar leaves hidden weekend days out of the displayed range, but the
 * feed must look at them to say whether they should show. Two days more, within the feed's limit.
 */
export function fetchRange(start: Date, end: Date): { start: Date; end: Date } {
	const widened = Math.min(end.getTime() + 2 * DAY_MS, start.getTime() + MAX_FETCH_DAYS * DAY_MS);
	return { start, end: new Date(Math.max(widened, end.getTime())) };
}

/** Another main agenda (« Agenda de »): it replaces the main one; the agendas shown beside it stay. */
export function withPrimary(agentIds: readonly string[], primaryId: string): string[] {
	return [primaryId, ...agentIds.slice(1).filter((id) => id !== primaryId)];
}

/** The RDV form, prefilled with a selected range of an agent's agenda. */
export function newRdvHref(organisationId: string, range: { start: Date; end: Date; agentId: string }): string {
	const minutes = Math.round((range.end.getTime() - range.start.getTime()) / 60_000);
	const query = new URLSearchParams({
		debut: range.start.toISOString(),
		duree: String(minutes),
		agent: range.agentId
	});
	return `/agents/org/${organisationId}/rdvs/nouveau?${query}`;
}

export interface MoveChange {
	oldStart: Date;
	oldEnd: Date;
	newStart: Date;
	newEnd: Date;
	/** Names of the RDV's agents. */
	agents: string;
	/** Names of the participants (or the session's title). */
	usagers: string;
}

const minutesBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 60_000);

/** « 45 min », « 1 h », « 1 h 30 ». */
export function durationText(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0) return `${m} min`;
	return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** What a move changes, line by line, in the territory's wall-clock time. */
export function describeMove(change: MoveChange, timeZone: string): string[] {
	const day = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone });
	const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone });
	const lines: string[] = [];
	const [oldDay, newDay] = [day.format(change.oldStart), day.format(change.newStart)];
	lines.push(oldDay === newDay ? `Jour : ${newDay} (inchangé)` : `Jour : ${oldDay} → ${newDay}`);
	const [oldTime, newTime] = [
		`${time.format(change.oldStart)} – ${time.format(change.oldEnd)}`,
		`${time.format(change.newStart)} – ${time.format(change.newEnd)}`
	];
	lines.push(oldTime === newTime ? `Horaire : ${newTime} (inchangé)` : `Horaire : ${oldTime} → ${newTime}`);
	const [oldDuration, newDuration] = [
		minutesBetween(change.oldStart, change.oldEnd),
		minutesBetween(change.newStart, change.newEnd)
	];
	lines.push(
		oldDuration === newDuration
			? `Durée : ${durationText(newDuration)} (inchangée)`
			: `Durée : ${durationText(oldDuration)} → ${durationText(newDuration)}`
	);
	lines.push(`Agents : ${change.agents || 'aucun'}`);
	lines.push(`Le RDV de ${change.usagers || 'ses participants'} change d’horaire.`);
	lines.push('L’historique du RDV gardera ce changement (qui, quand, quoi).');
	return lines;
}

/** What the move endpoint answered, for the dialog. */
export type MoveOutcome =
	| { kind: 'saved'; version: number }
	| { kind: 'warnings'; message: string; warnings: string[] }
	| { kind: 'refused'; message: string };

interface ErrorBody {
	error?: { code?: string; message?: string; details?: { warnings?: { message?: string }[] } };
	rdv?: { version?: number };
}

/** The endpoint's answer as the dialog shows it: saved, warnings to confirm, or a refusal to show before reverting. */
export function moveOutcome(status: number, body: unknown): MoveOutcome {
	const b = (body ?? {}) as ErrorBody;
	if (status >= 200 && status < 300 && typeof b.rdv?.version === 'number') {
		return { kind: 'saved', version: b.rdv.version };
	}
	const message = b.error?.message ?? 'Le déplacement n’a pas pu être enregistré. Réessayez dans un instant.';
	if (status === 409 && b.error?.code === 'needs_confirmation') {
		const warnings = (b.error.details?.warnings ?? []).map((w) => w.message ?? '').filter(Boolean);
		return { kind: 'warnings', message: 'Ce déplacement demande votre confirmation :', warnings };
	}
	if (status === 401) return { kind: 'refused', message: 'Votre session a expiré : reconnectez-vous puis réessayez.' };
	return { kind: 'refused', message };
}

/** 'YYYY-MM-DD' of an instant in a time zone (the agenda's days are the territory's). */
export function localDayOf(instant: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(
		instant
	);
}

/** 'HH:MM' of an instant in a time zone, on 24 hours. */
function localClock(instant: Date, timeZone: string): string {
	const text = new Intl.DateTimeFormat('en-GB', {
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
		timeZone
	}).format(instant);
	return text;
}

/**
 * The hours the columns of the multi-agent day view show: 07:00–20:00, widened to whole hours around whatever
 * starts earlier or ends later that day (the columns share one time axis, so they take the same hours).
 */
export function columnHours(
	events: readonly { start: string; end: string; display?: string }[],
	day: string,
	timeZone: string
): { min: string; max: string } {
	let min = 7 * 60;
	let max = 20 * 60;
	for (const event of events) {
		if (event.display === 'background') continue;
		const [start, end] = [new Date(event.start), new Date(event.end)];
		if (localDayOf(start, timeZone) === day) {
			const [h, m] = localClock(start, timeZone).split(':').map(Number);
			min = Math.min(min, h * 60 + m);
		}
		if (localDayOf(end, timeZone) === day) {
			const [h, m] = localClock(end, timeZone).split(':').map(Number);
			max = Math.max(max, h * 60 + m);
		} else if (localDayOf(start, timeZone) === day) max = 24 * 60;
	}
	const clock = (minutes: number) => `${String(minutes / 60).padStart(2, '0')}:00:00`;
	return { min: clock(Math.floor(min / 60) * 60), max: clock(Math.ceil(max / 60) * 60) };
}
