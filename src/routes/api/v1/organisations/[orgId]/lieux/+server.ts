import { z } from 'zod';
import { QueryBoolean, queryFlag, requireOrganisationMember } from '$lib/server/api/config-access';
import { LieuListSchema, LieuSchema } from '$lib/server/api/config-schemas';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { serviceCall } from '$lib/server/api/service-errors';
import { LieuInputSchema, createLieu, listLieux } from '$lib/server/services/lieux';

const params = z.object({ orgId: ObjectIdSchema });

export const GET = apiHandler(
	{
		operationId: 'listLieux',
		summary: 'Lieux d’une organisation',
		description: 'Lieux actifs, triés par nom ; `includeDisabled=true` ajoute les lieux désactivés.',
		tags: ['Lieux'],
		params,
		query: z.object({
			includeDisabled: QueryBoolean.optional().describe('Inclure les lieux désactivés (true/false).')
		}),
		response: LieuListSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		return { data: await listLieux(params.orgId, { includeDisabled: queryFlag(query.includeDisabled) }) };
	}
);

export const POST = apiHandler(
	{
		operationId: 'createLieu',
		summary: 'Créer un lieu',
		description: 'Réservé aux administrateurs de l’organisation.',
		tags: ['Lieux'],
		params,
		body: LieuInputSchema,
		response: LieuSchema,
		status: 201,
		errors: [403]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		return serviceCall(() => createLieu(agent, params.orgId, body));
	}
);
