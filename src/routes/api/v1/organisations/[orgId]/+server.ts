import { apiHandler } from '$lib/server/api/handler';
import { notFound } from '$lib/server/api/errors';
import { getApiOrganisation } from '$lib/server/api/organisations';
import { ObjectIdSchema, OrganisationSchema } from '$lib/server/api/schemas';
import { z } from 'zod';

export const GET = apiHandler(
	{
		operationId: 'getOrganisation',
		summary: 'Une organisation',
		description:
			'404 aussi bien pour une organisation inexistante que pour une organisation à laquelle l’agent n’a pas accès : les identifiants ne se devinent pas.',
		tags: ['Organisations'],
		params: z.object({ orgId: ObjectIdSchema }),
		response: OrganisationSchema
	},
	async ({ agent, params }) => {
		const organisation = await getApiOrganisation(agent, params.orgId);
		if (!organisation) throw notFound('Organisation introuvable.');
		return organisation;
	}
);
