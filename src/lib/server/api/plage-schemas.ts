/**
 * Schemas of the plages and absences resources of /api/v1, and the shared mapping of their service failures
 * to API errors.
 */
import { z } from 'zod';
import { dayError, dayProblem } from '../../domain/calendar-day.ts';
import { MAX_RECURRENCE_INTERVAL } from '../../domain/recurrence.ts';
import { fieldIssues, validationFailed } from './errors.ts';
import { component } from './openapi.ts';
import { ObjectIdSchema } from './schemas.ts';

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** A day as the API answers it (stored days were checked on the way in). */
export const StoredDaySchema = z
	.string()
	.regex(DAY_FORMAT, 'Date attendue au format AAAA-MM-JJ')
	.describe('Jour local, AAAA-MM-JJ.');

/**
 * Every day the API accepts (bodies, query strings, path): a real calendar day of 2000–2100
 * (domain/calendar-day.ts), refused with 422 before any computation — 2027-02-30 is not 2 March.
 */
export const DaySchema = z
	.string()
	.regex(DAY_FORMAT, 'Date attendue au format AAAA-MM-JJ')
	.superRefine((value, ctx) => {
		// The format has its own message above.
		if (dayProblem(value) !== 'format') {
			const message = dayError(value);
			if (message) ctx.addIssue({ code: 'custom', message });
		}
	})
	.describe('Jour local, AAAA-MM-JJ (un jour réel, de 2000 à 2100).');

/**
 * A day in a path: the handler answers 404 to path parameters that do not parse (they name nothing), so the
 * path only checks the format and the endpoint checks the day itself with `acceptedPathDay` (422).
 */
export const PathDaySchema = StoredDaySchema;

/** The day of a path, or a 422 validation_failed on it (impossible or out-of-range day). */
export function acceptedPathDay(day: string, name = 'day'): string {
	const parsed = DaySchema.safeParse(day);
	if (!parsed.success) throw validationFailed(fieldIssues(parsed.error, 'params').map((i) => ({ ...i, path: name })));
	return parsed.data;
}

export const TimeSchema = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5][05]$/, 'Heure attendue au format HH:MM, par pas de 5 minutes')
	.describe('Heure locale HH:MM (pas de 5 minutes), dans le fuseau du territoire.');

const recurrenceFields = (day: typeof StoredDaySchema) =>
	z
		.object({
			every: z.enum(['week', 'month']).describe('week : chaque semaine ; month : le Nième jour de la semaine du mois.'),
			interval: z.number().int().min(1).max(MAX_RECURRENCE_INTERVAL).describe('Toutes les 1 à 5 semaines ou mois.'),
			weekdays: z
				.array(z.number().int().min(1).max(7))
				.optional()
				.describe('Hebdomadaire : jours ISO (1 = lundi … 7 = dimanche) ; par défaut celui du premier jour.'),
			until: day.optional().describe('Dernier jour possible, inclus ; absent : sans fin.')
		})
		.describe('Répétition d’une plage ou d’une indisponibilité d’un jour.');

export const RecurrenceSchema = component('Recurrence', recurrenceFields(StoredDaySchema));
/** The recurrence of request bodies: its `until` is checked like every day that comes in. */
const RecurrenceInputSchema = recurrenceFields(DaySchema);

const WarningSchema = z.object({
	code: z.enum(['overlap', 'motif_too_long']),
	message: z.string(),
	plageId: ObjectIdSchema.optional(),
	organisationId: ObjectIdSchema.optional(),
	day: StoredDaySchema.optional(),
	motifId: ObjectIdSchema.optional()
});

export const PlageSchema = component(
	'Plage',
	z
		.object({
			id: ObjectIdSchema,
			organisationId: ObjectIdSchema,
			agentId: ObjectIdSchema,
			title: z.string(),
			lieuId: ObjectIdSchema.optional(),
			motifIds: z.array(ObjectIdSchema),
			firstDay: StoredDaySchema,
			startTime: TimeSchema,
			endTime: TimeSchema,
			recurrence: RecurrenceSchema.nullable(),
			exceptions: z
				.array(
					z.object({
						day: StoredDaySchema.describe('Jour de l’occurrence dans la série.'),
						cancelled: z.boolean(),
						startTime: TimeSchema.optional(),
						endTime: TimeSchema.optional(),
						lieuId: ObjectIdSchema.optional()
					})
				)
				.describe('Occurrences annulées ou modifiées.'),
			timeZone: z.string(),
			lastOccurrenceDay: StoredDaySchema.optional().describe('Dernière occurrence ; absent pour une série sans fin.'),
			warnings: z.array(WarningSchema).optional().describe('Avertissements confirmés lors de cet enregistrement.')
		})
		.describe('Plage d’ouverture : horaires où un agent reçoit, pour des motifs, éventuellement répétés.')
);

export const PlageListSchema = component('PlageList', z.object({ data: z.array(PlageSchema) }));

const confirm = z
	.boolean()
	.optional()
	.describe('true pour enregistrer malgré les avertissements (sinon 409 needs_confirmation).');

export const PlageCreateSchema = z
	.object({
		agentId: ObjectIdSchema,
		title: z.string().trim().min(1, 'Le titre est obligatoire.').max(160),
		lieuId: ObjectIdSchema.nullable().optional().describe('Obligatoire si un motif a lieu sur place.'),
		motifIds: z.array(ObjectIdSchema).min(1, 'Choisissez au moins un motif.'),
		firstDay: DaySchema,
		startTime: TimeSchema,
		endTime: TimeSchema,
		recurrence: RecurrenceInputSchema.nullable().optional(),
		confirm
	})
	.strict();

export const PlagePatchSchema = PlageCreateSchema.partial().strict();

export const OccurrencePatchSchema = z
	.object({
		startTime: TimeSchema.optional(),
		endTime: TimeSchema.optional(),
		lieuId: ObjectIdSchema.nullable().optional(),
		title: z.string().trim().min(1).max(160).optional().describe('Avec following=true seulement.'),
		motifIds: z.array(ObjectIdSchema).min(1).optional().describe('Avec following=true seulement.'),
		recurrence: RecurrenceInputSchema.nullable().optional().describe('Avec following=true seulement.'),
		confirm
	})
	.strict();

/** An active RDV of the agent that an absence runs into (details.warnings of needs_confirmation, too). */
export const AbsenceWarningSchema = component(
	'AbsenceWarning',
	z.object({
		code: z.literal('rdv_conflict'),
		message: z.string(),
		rdvId: ObjectIdSchema.optional().describe('Absent pour un RDV que l’agent du jeton ne peut pas voir.'),
		organisationId: ObjectIdSchema.optional().describe(
			'Absent pour une organisation dont l’agent du jeton n’est pas membre.'
		),
		organisationName: z
			.string()
			.describe('« Autre organisation » pour une organisation dont l’agent du jeton n’est pas membre.'),
		motifId: ObjectIdSchema.optional().describe('Absent pour un RDV que l’agent du jeton ne peut pas voir.'),
		motifName: z
			.string()
			.describe(
				'« Motif non communiqué » pour un RDV que l’agent du jeton ne peut pas voir (autre organisation ou service).'
			),
		startsAt: z.iso.datetime(),
		endsAt: z.iso.datetime(),
		day: StoredDaySchema.describe('Jour local du RDV.'),
		startTime: z.string().describe('Heure locale de début, HH:MM.'),
		endTime: z.string().describe('Heure locale de fin, HH:MM.')
	})
);

export const AbsenceSchema = component(
	'Absence',
	z
		.object({
			id: ObjectIdSchema,
			agentId: ObjectIdSchema,
			title: z.string().describe('Interne : jamais montré aux usagers.'),
			firstDay: StoredDaySchema,
			endDay: StoredDaySchema,
			startTime: TimeSchema.describe('Heure de début le premier jour.'),
			endTime: TimeSchema.describe('Heure de fin le dernier jour.'),
			recurrence: RecurrenceSchema.nullable(),
			timeZone: z.string(),
			lastOccurrenceDay: StoredDaySchema.optional(),
			warnings: z
				.array(AbsenceWarningSchema)
				.optional()
				.describe('RDV chevauchés, confirmés lors de cet enregistrement (ils ne sont pas annulés).')
		})
		.describe('Indisponibilité d’un agent : bloque toutes ses organisations.')
);

export const AbsenceListSchema = component('AbsenceList', z.object({ data: z.array(AbsenceSchema) }));

export const AbsenceCreateSchema = z
	.object({
		agentId: ObjectIdSchema,
		title: z.string().trim().min(1, 'Le titre est obligatoire.').max(160),
		firstDay: DaySchema,
		endDay: DaySchema.optional().describe('Absent : le même jour.'),
		startTime: TimeSchema,
		endTime: TimeSchema,
		recurrence: RecurrenceInputSchema.nullable().optional().describe('Indisponibilité d’un seul jour uniquement.'),
		confirm
	})
	.strict();

export const AbsencePatchSchema = AbsenceCreateSchema.omit({ agentId: true }).partial().strict();
