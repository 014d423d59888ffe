/** GET /api/v1/rdvs: the RDV list's query parameters and its page, as named OpenAPI components. */
import { z } from 'zod';
import { LOCATION_TYPES, RDV_STATUSES } from '../../domain/types.ts';
import { MAX_PAGE_SIZE, MAX_RANGE_DAYS, RDV_LIST_STATUSES } from '../services/rdv-list.ts';
import { FilteredCursorSchema, pageLimitSchema, rdvWhenFields } from './list-schemas.ts';
import { component } from './openapi.ts';
import { DaySchema } from './plage-schemas.ts';
import { ObjectIdSchema } from './schemas.ts';

const Person = z.object({ firstName: z.string(), lastName: z.string() });

export const RdvListQuerySchema = z
	.object({
		organisationId: ObjectIdSchema.describe('Organisation dont lister les RDV (requis).'),
		from: DaySchema.describe('Premier jour local (AAAA-MM-JJ), inclus.'),
		to: DaySchema.describe(`Dernier jour local, inclus ; ${MAX_RANGE_DAYS} jours au plus depuis from.`),
		agentId: ObjectIdSchema.optional().describe('RDV de cet agent.'),
		usagerId: ObjectIdSchema.optional().describe('RDV de cet usager.'),
		motifId: ObjectIdSchema.optional(),
		lieuId: ObjectIdSchema.optional(),
		status: z
			.enum(RDV_LIST_STATUSES)
			.optional()
			.describe(
				'a_renseigner : commencés et toujours « unknown » ; a_venir : pas encore commencés, « unknown » ; sinon le statut enregistré (seen, noshow, excused, revoked).'
			),
		cursor: FilteredCursorSchema,
		limit: pageLimitSchema(MAX_PAGE_SIZE, 50)
	})
	.strict();

export const RdvListItemSchema = component(
	'RdvListItem',
	z
		.object({
			id: ObjectIdSchema,
			...rdvWhenFields,
			durationMinutes: z.number().int(),
			status: z.enum(RDV_STATUSES),
			toFill: z.boolean().describe('Commencé et toujours « unknown » : son statut est à renseigner.'),
			motif: z.object({ id: ObjectIdSchema, name: z.string(), color: z.string() }),
			locationType: z.enum(LOCATION_TYPES),
			lieu: z.object({ id: ObjectIdSchema, name: z.string() }).optional(),
			singleUseAddress: z.string().optional(),
			agents: z.array(Person.extend({ id: ObjectIdSchema })),
			participants: z.array(Person.extend({ usagerId: ObjectIdSchema, status: z.enum(RDV_STATUSES) })),
			collective: z.boolean(),
			title: z.string().optional(),
			maxParticipants: z.number().int().optional()
		})
		.describe('RDV dans une liste.')
);

export const RdvListPageSchema = component(
	'RdvListPage',
	z
		.object({
			data: z.array(RdvListItemSchema).describe('Triés par début, puis par identifiant.'),
			nextCursor: z
				.string()
				.nullable()
				.describe(
					'À passer en cursor pour la suite ; null quand la période est épuisée. Une page peut compter moins de limit RDV (voire aucun) sans être la dernière : chaque requête parcourt au plus un trimestre de la période.'
				)
		})
		.describe('Une page de RDV.')
);
