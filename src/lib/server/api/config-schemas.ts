/** Response schemas of the configuration resources of /api/v1 (lieux, motifs), as named OpenAPI components. */
import { z } from 'zod';
import { BOOKABLE_BY, LOCATION_TYPES, MOTIF_VISIBILITIES } from '../../domain/types.ts';
import { LIEU_AVAILABILITIES } from '../db/models/lieu.ts';
import { component } from './openapi.ts';
import { ObjectIdSchema } from './schemas.ts';

export const LieuSchema = component(
	'Lieu',
	z
		.object({
			id: ObjectIdSchema,
			organisationId: ObjectIdSchema,
			name: z.string(),
			address: z.string().describe('Adresse sur une ligne.'),
			phone: z.string().optional().describe('Téléphone au format E.164.'),
			coordinates: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
			availability: z
				.enum(LIEU_AVAILABILITIES)
				.describe('enabled : proposé ; disabled : désactivé, conservé pour l’historique.')
		})
		.describe('Lieu d’accueil d’une organisation.')
);

export const LieuListSchema = component(
	'LieuList',
	z.object({ data: z.array(LieuSchema) }).describe('Lieux de l’organisation, triés par nom.')
);

export const MotifSchema = component(
	'Motif',
	z
		.object({
			id: ObjectIdSchema,
			organisationId: ObjectIdSchema,
			serviceId: ObjectIdSchema,
			name: z.string(),
			color: z.string().describe('#RRGGBB'),
			durationMinutes: z.number().int(),
			locationType: z.enum(LOCATION_TYPES),
			collective: z.boolean(),
			bookableBy: z.enum(BOOKABLE_BY),
			minBookingDelayMinutes: z.number().int().describe('Délai minimum de réservation en ligne, en minutes.'),
			maxBookingDelayMinutes: z.number().int().describe('Délai maximum de réservation en ligne, en minutes.'),
			rdvsEditableByUser: z.boolean(),
			rdvsCancellableByUser: z.boolean(),
			visibility: z.enum(MOTIF_VISIBILITIES),
			followUp: z.boolean(),
			instructionsBeforeBooking: z.string().optional(),
			instructionsAfterBooking: z.string().optional(),
			customCancelWarning: z.string().optional(),
			deleted: z.boolean().describe('Supprimé : conservé pour les RDV existants, plus proposé.')
		})
		.describe('Motif de RDV.')
);

export const MotifListSchema = component(
	'MotifList',
	z.object({ data: z.array(MotifSchema) }).describe('Motifs visibles par l’agent, triés par nom.')
);

export const MotifDeletionSchema = component(
	'MotifDeletion',
	z
		.object({
			mode: z
				.enum(['soft', 'hard'])
				.describe('soft : des RDV ou plages y font référence, le motif est marqué supprimé ; hard : effacé.')
		})
		.describe('Résultat de la suppression d’un motif.')
);
