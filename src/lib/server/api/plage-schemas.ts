/**
 * Schemas of the plages and absences resources of /api/v1, and the shared mapping of their service failures
 * to API errors.
 */
import { z } from 'zod';
import { MAX_RECURRENCE_INTERVAL } from '../../domain/recurrence.ts';
import { component } from './openapi.ts';
import { ObjectIdSchema } from './schemas.ts';

export const DaySchema = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ')
	.describe('Jour local, AAAA-MM-JJ.');

export const TimeSchema = z
	.string()
	.regex(/^([01]\d|2[0-3]):[0-5][05]$/, 'Heure attendue au format HH:MM, par pas de 5 minutes')
	.describe('Heure locale HH:MM (pas de 5 minutes), dans le fuseau du territoire.');

export const RecurrenceSchema = component(
	'Recurrence',
	z
		.object({
			every: z.enum(['week', 'month']).describe('week : chaque semaine ; month : le Nième jour de la semaine du mois.'),
			interval: z.number().int().min(1).max(MAX_RECURRENCE_INTERVAL).describe('Toutes les 1 à 5 semaines ou mois.'),
			weekdays: z
				.array(z.number().int().min(1).max(7))
				.optional()
				.describe('Hebdomadaire : jours ISO (1 = lundi … 7 = dimanche) ; par défaut celui du premier jour.'),
			until: DaySchema.optional().describe('Dernier jour possible, inclus ; absent : sans fin.')
		})
		.describe('Répétition d’une plage ou d’une indisponibilité d’un jour.')
);

const WarningSchema = z.object({
	code: z.enum(['overlap', 'motif_too_long']),
	message: z.string(),
	plageId: ObjectIdSchema.optional(),
	organisationId: ObjectIdSchema.optional(),
	day: DaySchema.optional(),
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
			firstDay: DaySchema,
			startTime: TimeSchema,
			endTime: TimeSchema,
			recurrence: RecurrenceSchema.nullable(),
			exceptions: z
				.array(
					z.object({
						day: DaySchema.describe('Jour de l’occurrence dans la série.'),
						cancelled: z.boolean(),
						startTime: TimeSchema.optional(),
						endTime: TimeSchema.optional(),
						lieuId: ObjectIdSchema.optional()
					})
				)
				.describe('Occurrences annulées ou modifiées.'),
			timeZone: z.string(),
			lastOccurrenceDay: DaySchema.optional().describe('Dernière occurrence ; absent pour une série sans fin.'),
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
		recurrence: RecurrenceSchema.nullable().optional(),
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
		recurrence: RecurrenceSchema.nullable().optional().describe('Avec following=true seulement.'),
		confirm
	})
	.strict();

/** An active RDV of the agent that an absence runs into (details.warnings of needs_confirmation, too). */
const AbsenceWarningSchema = component(
	'AbsenceWarning',
	z.object({
		code: z.literal('rdv_conflict'),
		message: z.string(),
		rdvId: ObjectIdSchema,
		organisationId: ObjectIdSchema,
		organisationName: z.string(),
		motifId: ObjectIdSchema,
		motifName: z.string(),
		startsAt: z.iso.datetime(),
		endsAt: z.iso.datetime(),
		day: DaySchema.describe('Jour local du RDV.'),
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
			firstDay: DaySchema,
			endDay: DaySchema,
			startTime: TimeSchema.describe('Heure de début le premier jour.'),
			endTime: TimeSchema.describe('Heure de fin le dernier jour.'),
			recurrence: RecurrenceSchema.nullable(),
			timeZone: z.string(),
			lastOccurrenceDay: DaySchema.optional(),
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
		recurrence: RecurrenceSchema.nullable().optional().describe('Indisponibilité d’un seul jour uniquement.'),
		confirm
	})
	.strict();

export const AbsencePatchSchema = AbsenceCreateSchema.omit({ agentId: true }).partial().strict();
