import { apiHandler } from '$lib/server/api/handler';
import { PlageCreateSchema, PlageListSchema, PlageSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { createPlage, listPlages } from '$lib/server/services/plages';
import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { okOrThrow } from '$lib/server/api/service-errors';

export const GET = apiHandler(
	{
		operationId: 'listPlages',
		summary: 'Plages d’ouverture de l’organisation',
		description: 'Les plages des agendas que l’agent peut voir, en cours (par défaut) ou expirées.',
		tags: ['Plages d’ouverture'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: z.object({
			agentId: ObjectIdSchema.optional().describe('Seulement les plages de cet agent.'),
			expired: z.enum(['true', 'false']).optional().describe('true : plages dont la dernière occurrence est passée.')
		}),
		response: PlageListSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		const data = await listPlages(agent, params.orgId, { agentId: query.agentId, expired: query.expired === 'true' });
		return { data };
	}
);

export const POST = apiHandler(
	{
		operationId: 'createPlage',
		summary: 'Créer une plage d’ouverture',
		description:
			'Un chevauchement avec une autre plage de l’agent ou un motif plus long que la plage répondent 409 needs_confirmation, sauf avec "confirm": true.',
		tags: ['Plages d’ouverture'],
		params: z.object({ orgId: ObjectIdSchema }),
		body: PlageCreateSchema,
		response: PlageSchema,
		status: 201,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		const { confirm, ...input } = body;
		const { value, warnings } = okOrThrow(await createPlage(agent, params.orgId, input, { confirm }));
		return { ...value, warnings };
	}
);
