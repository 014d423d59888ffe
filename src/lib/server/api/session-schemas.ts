/** The collective sessions' resources: GET /organisations/{orgId}/seances and POST …/seances/{rdvId}/duplicate. */
import { z } from 'zod';
import { RDV_STATUSES } from '../../domain/types.ts';
import {
	SESSION_HORIZON_DAYS,
	SESSION_MAX_PAGE_SIZE,
	SESSION_PAGE_SIZE
} from '../services/collective-sessions/index.ts';
import { QueryBoolean } from './config-access.ts';
import { FilteredCursorSchema, pageLimitSchema, rdvWhenFields } from './list-schemas.ts';
import { component } from './openapi.ts';
import { DaySchema } from './plage-schemas.ts';
import { RdvStartSchema } from './scheduling.ts';
import { ObjectIdSchema } from './schemas.ts';

export const SessionListQuerySchema = z
	.object({
		from: DaySchema.optional().describe(
			`Premier jour local (AAAA-MM-JJ), inclus ; aujourd’hui par défaut. La liste couvre ${SESSION_HORIZON_DAYS} jours.`
		),
		motifId: ObjectIdSchema.optional().describe('Séances de ce motif.'),
		withSeats: QueryBoolean.optional().describe(
			'true : seulement les séances avec des places restantes (ou sans maximum).'
		),
		cursor: FilteredCursorSchema,
		limit: pageLimitSchema(SESSION_MAX_PAGE_SIZE, SESSION_PAGE_SIZE)
	})
	.strict();

export const SessionListItemSchema = component(
	'SessionListItem',
	z
		.object({
			id: ObjectIdSchema.describe('Identifiant du RDV collectif.'),
			...rdvWhenFields,
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
