import { apiHandler } from '$lib/server/api/handler';
import { listApiOrganisations } from '$lib/server/api/organisations';
import { OrganisationListSchema } from '$lib/server/api/schemas';

export const GET = apiHandler(
	{
		operationId: 'listOrganisations',
		summary: 'Organisations accessibles',
		description:
			'Les organisations où l’agent a un rôle (agent ou administrateur), et celles des territoires qu’il administre. Liste complète, sans pagination.',
		tags: ['Organisations'],
		response: OrganisationListSchema
	},
	async ({ agent }) => ({ data: await listApiOrganisations(agent) })
);
