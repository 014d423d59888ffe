/**
 * The RDV creation wizard's fields as a query (GET: the agenda, Trouver un RDV, the usager search) or a form
 * (POST) carries them: pure reading and checking, shared by the page's load and its action, so both understand
 * the same names.
 */
import { dayError } from '../../domain/calendar-day.ts';
import { TIME_PATTERN, toInstant } from '../../domain/local-time.ts';

const ID = /^[0-9a-f]{24}$/;
export const isId = (value: string | null | undefined): value is string => !!value && ID.test(value);

/** Reads one field (first value) and every value of a field: URLSearchParams and FormData alike. */
export interface FieldSource {
	get(name: string): string | null;
	getAll(name: string): string[];
}

export function formSource(form: FormData): FieldSource {
	return {
		get: (name) => {
			const v = form.get(name);
			return typeof v === 'string' ? v : null;
		},
		getAll: (name) => form.getAll(name).filter((v): v is string => typeof v === 'string')
	};
}

/** Valid ids, each once, in the order given. */
export const uniqueIds = (values: readonly string[]) => [...new Set(values.filter(isId))];

/** The value of the « Créer un usager » box among the participants' boxes. */
export const NEW_USAGER = 'nouveau';

/** What the agenda, Trouver un RDV or a séance link asked for. */
export interface SlotRequest {
	motifId: string;
	/** An instant (ISO 8601), as the agenda and Trouver un RDV send it; '' when none. */
	startsAt: string;
	validStart: boolean;
	durationMinutes?: number;
	lieuId?: string;
	agentIds: string[];
	/** Collective motifs: the session to join. */
	sessionId?: string;
	/** The Trouver un RDV query to go back to ('' when the wizard was opened from elsewhere). */
	retour: string;
}

export function readSlot(f: FieldSource): SlotRequest {
	const startsAt = f.get('debut') ?? '';
	const end = f.get('fin');
	const duration = Number(f.get('duree'));
	const start = new Date(startsAt);
	const validStart = startsAt !== '' && !Number.isNaN(start.getTime());
	const fromEnd = end && validStart ? Math.round((new Date(end).getTime() - start.getTime()) / 60_000) : NaN;
	const durationMinutes = Number.isInteger(duration) && duration > 0 ? duration : fromEnd > 0 ? fromEnd : undefined;
	const lieu = f.get('lieu');
	const session = f.get('seance');
	return {
		motifId: f.get('motif') ?? '',
		startsAt,
		validStart,
		durationMinutes,
		lieuId: isId(lieu) ? lieu : undefined,
		agentIds: uniqueIds(f.getAll('agent')),
		sessionId: isId(session) ? session : undefined,
		retour: f.get('retour') ?? ''
	};
}

/** The participants' boxes: the usagers ticked, and whether « Créer un usager » is. */
export function readParticipants(f: FieldSource): { usagerIds: string[]; createNew: boolean } {
	const values = f.getAll('usager');
	return { usagerIds: uniqueIds(values), createNew: values.includes(NEW_USAGER) };
}

export interface NotificationChoice {
	usagerId: string;
	sendLifecycleNotifications: boolean;
	sendReminderNotification: boolean;
}

/** Field names of one participant's notification choices. */
export const notificationFields = (usagerId: string) => ({
	lifecycle: `notif-${usagerId}`,
	reminder: `rappel-${usagerId}`
});
/**
 * Each participant's choices. Their boxes are the shared CheckboxField, which posts « false » before the box's
 * « true »: a participant whose boxes were on the page gets them as ticked, one never shown (just added, or a
 * query from elsewhere) gets both.
 */
export function readNotifications(f: FieldSource, usagerIds: readonly string[]): NotificationChoice[] {
	const ticked = (name: string) => {
		const posted = f.getAll(name);
		return posted.length === 0 || posted.includes('true');
	};
	return usagerIds.map((usagerId) => {
		const names = notificationFields(usagerId);
		return {
			usagerId,
			sendLifecycleNotifications: ticked(names.lifecycle),
			sendReminderNotification: ticked(names.reminder)
		};
	});
}

export const DURATION_ERROR = 'Durée invalide : de 5 à 1440 minutes, par pas de 5 minutes.';

/** The duration field, in minutes, or its French error. */
export function readDuration(value: string): { minutes?: number; error?: string } {
	const minutes = Number(value);
	if (value.trim() === '' || !Number.isInteger(minutes) || minutes < 5 || minutes > 1440 || minutes % 5 !== 0)
		return { error: DURATION_ERROR };
	return { minutes };
}

/**
 * The start from the day and time fields, in the organisation's time zone. A form that carries only the
 * instant (`debut`, as older links and scripts post it) keeps it.
 */
export function readStart(
	fields: { jour: string; heure: string },
	fallback: { startsAt: string; validStart: boolean },
	timeZone: string
): { startsAt?: string; errors: Record<string, string> } {
	if (!fields.jour && !fields.heure && fallback.validStart) return { startsAt: fallback.startsAt, errors: {} };
	const errors: Record<string, string> = {};
	if (!fields.jour) errors.jour = 'Choisissez le jour.';
	else {
		const problem = dayError(fields.jour);
		if (problem) errors.jour = problem;
	}
	if (!TIME_PATTERN.test(fields.heure)) errors.heure = 'Indiquez l’heure de début (HH:MM).';
	else if (Number(fields.heure.slice(3)) % 5 !== 0) errors.heure = 'L’heure doit tomber sur un multiple de 5 minutes.';
	if (Object.keys(errors).length) return { errors };
	return { startsAt: toInstant(fields.jour, fields.heure, timeZone).toISOString(), errors };
}

/** The seats field of a new session: empty means no maximum. */
export function readSeats(value: string): { seats?: number; error?: string } {
	if (!value.trim()) return {};
	const seats = Number(value);
	if (!Number.isInteger(seats) || seats < 1 || seats > 500)
		return { error: 'Nombre de places invalide : de 1 à 500, ou vide sans maximum.' };
	return { seats };
}

/** Never carried from one round trip to the next: each confirmation is given again, knowingly. */
const NOT_CARRIED = new Set(['confirm', 'allowDuplicates', 'q', 'intent']);

/**
 * What the usager search (a GET form) carries of the wizard's form, so searching wipes nothing typed. Searching
 * is looking for someone who exists: « Créer un usager » comes back unticked (its fields keep what was typed).
 */
export function carriedEntries(entries: Iterable<[string, FormDataEntryValue]>): [string, string][] {
	return [...entries].flatMap(([name, value]): [string, string][] =>
		typeof value === 'string' && !NOT_CARRIED.has(name) && !(name === 'usager' && value === NEW_USAGER)
			? [[name, value]]
			: []
	);
}
