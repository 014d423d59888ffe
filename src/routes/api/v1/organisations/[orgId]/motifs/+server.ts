import { z } from 'zod';
import { QueryBoolean, queryFlag, requireOrganisationMember } from '$lib/server/api/config-access';
import { MotifListSchema, MotifSchema } from '$lib/server/api/config-schemas';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { serviceCall } from '$lib/server/api/service-errors';
import { LOCATION_TYPES } from '$lib/domain/types';
import { MotifInputSchema, createMotif, listMotifs } from '$lib/server/services/motifs';

const params = z.object({ orgId: ObjectIdSchema });

export const GET = apiHandler(
	{
		operationId: 'listMotifs',
		summary: 'Motifs d’une organisation',
		description:
			'Les motifs que l’agent peut voir : tous pour un administrateur ou le secrétariat, ceux de ses services sinon. Les motifs supprimés sont exclus sauf `includeDeleted=true`.',
		tags: ['Motifs'],
		params,
		query: z.object({
			name: z.string().max(160).optional().describe('Partie du nom (sans tenir compte des accents ni de la casse).'),
			serviceId: ObjectIdSchema.optional(),
			locationType: z.enum(LOCATION_TYPES).optional(),
			bookableOnline: QueryBoolean.optional().describe('true : réservables en ligne ; false : agents uniquement.'),
			collective: QueryBoolean.optional(),
			includeDeleted: QueryBoolean.optional()
		}),
		response: MotifListSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		const data = await listMotifs(
			params.orgId,
			{
				name: query.name,
				serviceId: query.serviceId,
				locationType: query.locationType,
				bookableOnline: queryFlag(query.bookableOnline),
				collective: queryFlag(query.collective),
				includeDeleted: queryFlag(query.includeDeleted)
			},
			agent
		);
		return { data };
	}
);

export const POST = apiHandler(
	{
		operationId: 'createMotif',
		summary: 'Créer un motif',
		description:
			'Réservé aux administrateurs de l’organisation. Le service doit être activé sur le territoire et ne peut pas être le secrétariat ; 409 si un motif actif porte déjà ce nom pour ce service et ce type de lieu.',
		tags: ['Motifs'],
		params,
		body: MotifInputSchema,
		response: MotifSchema,
		status: 201,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		return serviceCall(() => createMotif(agent, params.orgId, body));
	}
);
