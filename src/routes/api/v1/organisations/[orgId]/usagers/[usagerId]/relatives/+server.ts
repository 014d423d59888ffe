import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { CreateUsagerBodySchema, createUsagerOrThrow, UsagerSchema } from '$lib/server/api/usager-schemas';
import { getOrganisationUsager, listRelatives } from '$lib/server/services/usagers';

const params = z.object({ orgId: ObjectIdSchema, usagerId: ObjectIdSchema });
const NOT_FOUND = 'Usager introuvable.';

export const GET = apiHandler(
	{
		operationId: 'listUsagerRelatives',
		summary: 'Les proches d’un usager',
		description: 'Les proches rattachés à l’usager, parmi les usagers de l’organisation. 404 : comme pour la fiche.',
		tags: ['Usagers'],
		params,
		response: z.object({ data: z.array(UsagerSchema) }),
		errors: [404]
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		const relatives = await listRelatives(params.orgId, params.usagerId);
		if (!relatives) throw notFound(NOT_FOUND);
		return { data: relatives };
	}
);

export const POST = apiHandler(
	{
		operationId: 'createUsagerRelative',
		summary: 'Ajouter un proche',
		description:
			'Crée un usager rattaché à l’usager du chemin, qui reçoit ses notifications. Un seul niveau : 409 conflict quand l’usager du chemin est lui-même un proche. Doublons possibles (409 needs_confirmation) et erreurs de champs (422) comme pour la création d’un usager. 404 : comme pour la fiche.',
		tags: ['Usagers'],
		params,
		body: CreateUsagerBodySchema,
		response: UsagerSchema,
		status: 201,
		errors: [404, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		if (!(await getOrganisationUsager(params.orgId, params.usagerId))) throw notFound(NOT_FOUND);
		return createUsagerOrThrow(params.orgId, body, params.usagerId);
	}
);
