import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { MotifDeletionSchema, MotifSchema } from '$lib/server/api/config-schemas';
import { notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { serviceCall } from '$lib/server/api/service-errors';
import { MotifPatchSchema, getMotif, softDeleteMotif, updateMotif } from '$lib/server/services/motifs';

const params = z.object({ orgId: ObjectIdSchema, motifId: ObjectIdSchema });

export const GET = apiHandler(
	{
		operationId: 'getMotif',
		summary: 'Un motif',
		description: '404 aussi pour un motif d’un service que l’agent ne peut pas voir.',
		tags: ['Motifs'],
		params,
		response: MotifSchema
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		const motif = await getMotif(params.orgId, params.motifId, agent);
		if (!motif) throw notFound('Motif introuvable.');
		return motif;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'updateMotif',
		summary: 'Modifier un motif',
		description:
			'Seuls les champs envoyés changent ; le motif obtenu doit rester valide (délai maximum > délai minimum). Le type de lieu et le caractère collectif ne changent plus une fois des RDV pris (422). Réservé aux administrateurs.',
		tags: ['Motifs'],
		params,
		body: MotifPatchSchema,
		response: MotifSchema,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		return serviceCall(() => updateMotif(agent, params.orgId, params.motifId, body));
	}
);

export const DELETE = apiHandler(
	{
		operationId: 'deleteMotif',
		summary: 'Supprimer un motif',
		description:
			'Efface le motif, ou le marque seulement supprimé (`mode: soft`) quand des RDV ou des plages y font référence. Réservé aux administrateurs.',
		tags: ['Motifs'],
		params,
		response: MotifDeletionSchema,
		errors: [403]
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		return serviceCall(() => softDeleteMotif(agent, params.orgId, params.motifId));
	}
);
