import { apiHandler } from '$lib/server/api/handler';
import { PlagePatchSchema, PlageSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { deletePlage, getPlage, updatePlage } from '$lib/server/services/plages';
import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { okOrThrow } from '$lib/server/api/service-errors';

const params = z.object({ orgId: ObjectIdSchema, plageId: ObjectIdSchema });

export const GET = apiHandler(
	{
		operationId: 'getPlage',
		summary: 'Une plage d’ouverture',
		tags: ['Plages d’ouverture'],
		params,
		response: PlageSchema,
		errors: [403]
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		return okOrThrow(await getPlage(agent, params.plageId, { organisationId: params.orgId })).value;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'updatePlage',
		summary: 'Modifier toute la série',
		description:
			'Les champs absents restent inchangés. Pour une seule occurrence ou « celle-ci et les suivantes », voir /occurrences/{day}.',
		tags: ['Plages d’ouverture'],
		params,
		body: PlagePatchSchema,
		response: PlageSchema,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		const { confirm, ...changes } = body;
		const options = { organisationId: params.orgId, confirm };
		const { value, warnings } = okOrThrow(await updatePlage(agent, params.plageId, changes, options));
		return { ...value, warnings };
	}
);

export const DELETE = apiHandler(
	{
		operationId: 'deletePlage',
		summary: 'Supprimer une plage d’ouverture',
		description: 'Les RDV déjà pris ne sont pas annulés.',
		tags: ['Plages d’ouverture'],
		params,
		response: z.null(),
		status: 204,
		errors: [403]
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		okOrThrow(await deletePlage(agent, params.plageId, { organisationId: params.orgId }));
		return null;
	}
);
