import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { LieuSchema } from '$lib/server/api/config-schemas';
import { notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { serviceCall } from '$lib/server/api/service-errors';
import { LieuPatchSchema, deleteLieu, getLieu, updateLieu } from '$lib/server/services/lieux';

const params = z.object({ orgId: ObjectIdSchema, lieuId: ObjectIdSchema });

export const GET = apiHandler(
	{ operationId: 'getLieu', summary: 'Un lieu', tags: ['Lieux'], params, response: LieuSchema },
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		const lieu = await getLieu(params.orgId, params.lieuId);
		if (!lieu) throw notFound('Lieu introuvable.');
		return lieu;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'updateLieu',
		summary: 'Modifier un lieu',
		description:
			'Seuls les champs envoyés changent. `availability: disabled` désactive le lieu (il reste sur les plages et RDV existants mais n’est plus proposé : seule issue pour un lieu utilisé, qui ne peut pas être supprimé), `enabled` le réactive. Réservé aux administrateurs.',
		tags: ['Lieux'],
		params,
		body: LieuPatchSchema,
		response: LieuSchema,
		errors: [403]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		return serviceCall(() => updateLieu(agent, params.orgId, params.lieuId, body));
	}
);

export const DELETE = apiHandler(
	{
		operationId: 'deleteLieu',
		summary: 'Supprimer un lieu',
		description:
			'Refusé (409) quand des plages d’ouverture ou des RDV utilisent le lieu : il ne peut alors qu’être désactivé (PATCH avec `availability: disabled`). Réservé aux administrateurs.',
		tags: ['Lieux'],
		params,
		response: z.null(),
		status: 204,
		errors: [403, 409]
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		await serviceCall(() => deleteLieu(agent, params.orgId, params.lieuId));
		return null;
	}
);
