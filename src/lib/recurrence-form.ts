/**
 * Form ↔ data for the plage and indisponibilité pages: the recurrence editor's fields ("Répéter", weekly on
 * weekdays every 1–5 weeks or monthly on the Nth weekday, optional end) and the French labels it shows.
 */
import { dayError } from './domain/calendar-day.ts';
import type { Recurrence } from './domain/recurrence.ts';

export const WEEKDAYS = [
	{ value: 1, label: 'Lundi' },
	{ value: 2, label: 'Mardi' },
	{ value: 3, label: 'Mercredi' },
	{ value: 4, label: 'Jeudi' },
	{ value: 5, label: 'Vendredi' },
	{ value: 6, label: 'Samedi' },
	{ value: 7, label: 'Dimanche' }
] as const;

/** The recurrence editor's values, as strings (what the form posts back). */
export interface RecurrenceValues {
	repeat: boolean;
	every: 'week' | 'month';
	interval: string;
	weekdays: number[];
	until: string;
}

export const NO_RECURRENCE: RecurrenceValues = { repeat: false, every: 'week', interval: '1', weekdays: [], until: '' };

export function recurrenceValues(r: Recurrence | null | undefined): RecurrenceValues {
	if (!r) return NO_RECURRENCE;
	return {
		repeat: true,
		every: r.every,
		interval: String(r.interval ?? 1),
		weekdays: r.weekdays ? [...r.weekdays] : [],
		until: r.until ?? ''
	};
}

/** A form's values as the plage or absence holds them: its recurrence rather than the editor's strings. */
type Stored<V extends { recurrence: RecurrenceValues }> = Omit<V, 'recurrence'> & { recurrence: Recurrence | null };

export function readRecurrence(form: FormData): RecurrenceValues {
	return {
		repeat: form.get('repeat') === 'on',
		every: form.get('every') === 'month' ? 'month' : 'week',
		interval: String(form.get('interval') ?? '1'),
		weekdays: form
			.getAll('weekdays')
			.map(Number)
			.filter((n) => Number.isInteger(n) && n >= 1 && n <= 7),
		until: String(form.get('until') ?? '').trim()
	};
}

/** The recurrence to save, or field errors (keyed like the service's: `recurrence.interval`…). */
export function toRecurrence(values: RecurrenceValues): {
	recurrence: Recurrence | null;
	errors: Record<string, string>;
} {
	if (!values.repeat) return { recurrence: null, errors: {} };
	const errors: Record<string, string> = {};
	const interval = Number(values.interval);
	if (!Number.isInteger(interval) || interval < 1 || interval > 5)
		errors['recurrence.interval'] = 'Choisissez un intervalle de 1 à 5.';
	const untilError = values.until ? dayError(values.until) : null;
	if (untilError) errors['recurrence.until'] = untilError;
	return {
		recurrence: {
			every: values.every,
			interval: errors['recurrence.interval'] ? 1 : interval,
			...(values.every === 'week' && values.weekdays.length ? { weekdays: values.weekdays } : {}),
			...(values.until && !errors['recurrence.until'] ? { until: values.until } : {})
		},
		errors
	};
}

const WEEKDAY_NAMES = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** "le 2e mardi du mois" for a first day (empty when the day is not valid yet). */
export function monthlyLabel(firstDay: string): string {
	// Not before the day is real: 2027-02-30 would be read as 2 March.
	if (dayError(firstDay)) return 'le même jour de la semaine, même rang dans le mois';
	const date = new Date(`${firstDay}T00:00:00Z`);
	const weekday = date.getUTCDay() || 7;
	const nth = Math.ceil(date.getUTCDate() / 7);
	return `le ${nth === 1 ? '1er' : `${nth}e`} ${WEEKDAY_NAMES[weekday]} du mois`;
}

/** "Chaque semaine le lundi et le mercredi, jusqu’au 28/02/2030" — for lists. */
export function describeRecurrence(firstDay: string, r: Recurrence | null | undefined): string {
	if (!r) return `Le ${frenchDate(firstDay)}`;
	const until = r.until ? `, jusqu’au ${frenchDate(r.until)}` : '';
	if (r.every === 'month') {
		const every = r.interval > 1 ? `Tous les ${r.interval} mois` : 'Chaque mois';
		return `${every}, ${monthlyLabel(firstDay)}, à partir du ${frenchDate(firstDay)}${until}`;
	}
	const days = (r.weekdays?.length ? r.weekdays : [new Date(`${firstDay}T00:00:00Z`).getUTCDay() || 7])
		.map((d) => WEEKDAY_NAMES[d])
		.join(', ');
	const every = r.interval > 1 ? `Toutes les ${r.interval} semaines` : 'Chaque semaine';
	return `${every} (${days}), à partir du ${frenchDate(firstDay)}${until}`;
}

export function frenchDate(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** "lundi 7 janvier 2030" */
export function longFrenchDate(day: string): string {
	return new Intl.DateTimeFormat('fr-FR', {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(`${day}T00:00:00Z`));
}

// ---- Plage form ----

export interface PlageFormValues {
	agentId: string;
	title: string;
	lieuId: string;
	motifIds: string[];
	firstDay: string;
	startTime: string;
	endTime: string;
	recurrence: RecurrenceValues;
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

export function readPlageForm(form: FormData): PlageFormValues {
	return {
		agentId: text(form, 'agentId'),
		title: text(form, 'title'),
		lieuId: text(form, 'lieuId'),
		motifIds: form.getAll('motifIds').map(String),
		firstDay: text(form, 'firstDay'),
		startTime: text(form, 'startTime'),
		endTime: text(form, 'endTime'),
		recurrence: readRecurrence(form)
	};
}

/** Checks that only the form can judge (formats), before the service validates the rest. */
export function checkTimesAndDays(values: { firstDay: string; startTime: string; endTime: string }) {
	const errors: Record<string, string> = {};
	// The same calendar check as the API and the services: a real day of 2000–2100.
	const firstDayError = values.firstDay ? dayError(values.firstDay) : 'Indiquez une date valide (JJ/MM/AAAA).';
	if (firstDayError) errors.firstDay = firstDayError;
	for (const key of ['startTime', 'endTime'] as const)
		if (!/^([01]\d|2[0-3]):[0-5][05]$/.test(values[key]))
			errors[key] = 'Heure invalide : format HH:MM, par pas de 5 minutes.';
	return errors;
}

export function plageFormValues(p: Omit<Stored<PlageFormValues>, 'lieuId'> & { lieuId?: string }): PlageFormValues {
	return {
		agentId: p.agentId,
		title: p.title,
		lieuId: p.lieuId ?? '',
		motifIds: p.motifIds,
		firstDay: p.firstDay,
		startTime: p.startTime,
		endTime: p.endTime,
		recurrence: recurrenceValues(p.recurrence)
	};
}

// ---- Indisponibilité form ----

export type AbsenceKind = 'one' | 'several' | 'recurring';

export interface AbsenceFormValues {
	agentId: string;
	title: string;
	kind: AbsenceKind;
	firstDay: string;
	endDay: string;
	startTime: string;
	endTime: string;
	recurrence: RecurrenceValues;
}

export function readAbsenceForm(form: FormData): AbsenceFormValues {
	const kind = text(form, 'kind');
	const recurrence = readRecurrence(form);
	return {
		agentId: text(form, 'agentId'),
		title: text(form, 'title'),
		kind: kind === 'several' || kind === 'recurring' ? kind : 'one',
		firstDay: text(form, 'firstDay'),
		endDay: text(form, 'endDay'),
		startTime: text(form, 'startTime'),
		endTime: text(form, 'endTime'),
		// The kind decides: "jour répété" is the only one that repeats.
		recurrence: { ...recurrence, repeat: kind === 'recurring' }
	};
}

export function absenceFormValues(a: Omit<Stored<AbsenceFormValues>, 'kind'>): AbsenceFormValues {
	return {
		agentId: a.agentId,
		title: a.title,
		kind: a.recurrence ? 'recurring' : a.endDay !== a.firstDay ? 'several' : 'one',
		firstDay: a.firstDay,
		endDay: a.endDay,
		startTime: a.startTime,
		endTime: a.endTime,
		recurrence: recurrenceValues(a.recurrence)
	};
}
