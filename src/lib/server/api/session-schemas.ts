/** The collective sessions' resources: GET /organisations/{orgId}/seances and POST …/seances/{rdvId}/duplicate. */
import { z } from 'zod';
import { RDV_STATUSES } from '../../domain/types.ts';
import {
	SESSION_HORIZON_DAYS,
	SESSION_MAX_PAGE_SIZE,
	SESSION_PAGE_SIZE
} from '../services/collective-sessions/index.ts';
import { QueryBoolean } from './config-access.ts';
import { component } from './openapi.ts';
import { DaySchema } from './plage-schemas.ts';
import { RdvStartSchema } from './scheduling.ts';
import { ObjectIdSchema } from './schemas.ts';

const Instant = z.string().describe('Instant ISO 8601 (UTC).');

export const SessionListQuerySchema = z
	.object({
		from: DaySchema.optional().describe(
			`Premier jour local (AAAA-MM-JJ), inclus ; aujourd’hui par défaut. La liste couvre ${SESSION_HORIZON_DAYS} jours.`
		),
		motifId: ObjectIdSchema.optional().describe('Séances de ce motif.'),
		withSeats: QueryBoolean.optional().describe(
			'true : seulement les séances avec des places restantes (ou sans maximum).'
		),
		cursor: z.string().max(64).optional().describe('nextCursor de la page précédente, avec les mêmes filtres.'),
		limit: z.coerce
			.number()
			.int()
			.min(1)
			.max(SESSION_MAX_PAGE_SIZE)
			.default(SESSION_PAGE_SIZE)
			.describe(`Taille de page (${SESSION_PAGE_SIZE} par défaut).`)
	})
	.strict();

export const SessionListItemSchema = component(
	'SessionListItem',
	z
		.object({
			id: ObjectIdSchema.describe('Identifiant du RDV collectif.'),
			startsAt: Instant,
			endsAt: Instant,
			day: z.string().describe('Jour local de début (AAAA-MM-JJ), dans le fuseau de l’organisation.'),
			time: z.string().describe('Heure locale de début (HH:MM).'),
			durationMinutes: z.number().int(),
			status: z.enum(RDV_STATUSES),
			motif: z.object({ id: ObjectIdSchema, name: z.string(), color: z.string() }),
			title: z.string().optional(),
			lieu: z.object({ id: ObjectIdSchema, name: z.string() }).optional(),
			singleUseAddress: z.string().optional(),
			agents: z.array(z.object({ id: ObjectIdSchema, firstName: z.string(), lastName: z.string() })),
			participantCount: z.number().int().describe('Participants attendus (ni excusés ni annulés).'),
			maxParticipants: z.number().int().optional().describe('Absent : sans maximum.'),
			seatsLeft: z.number().int().nullable().describe('Places restantes ; null sans maximum.'),
			full: z.boolean().describe('Complète : autant de participants que de places.')
		})
		.describe('Séance collective dans une liste.')
);

export const SessionListPageSchema = component(
	'SessionListPage',
	z
		.object({
			data: z.array(SessionListItemSchema).describe('Séances actives, triées par début puis par identifiant.'),
			nextCursor: z
				.string()
				.nullable()
				.describe(
					'À passer en cursor pour la suite ; null quand la période est épuisée. Une page peut compter moins de limit séances sans être la dernière : chaque requête parcourt au plus 26 semaines.'
				)
		})
		.describe('Une page de séances.')
);

export const DuplicateSessionBodySchema = z
	.object({
		startsAt: RdvStartSchema.describe('Début de la copie (ISO 8601), sur un multiple de 5 minutes.'),
		confirm: z
			.boolean()
			.optional()
			.describe('true pour créer malgré les avertissements renvoyés par un 409 needs_confirmation.')
	})
	.strict()
	.describe(
		'Copie d’une séance à une autre date : même motif, lieu, agents, titre, places et durée, sans participants.'
	);
