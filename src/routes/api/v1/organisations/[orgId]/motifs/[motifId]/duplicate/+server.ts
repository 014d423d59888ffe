import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { MotifSchema } from '$lib/server/api/config-schemas';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { serviceCall } from '$lib/server/api/service-errors';
import { duplicateMotif } from '$lib/server/services/motifs';

/** What the configuration page's « Dupliquer » does, also into another organisation the agent administers. */
export const POST = apiHandler(
	{
		operationId: 'duplicateMotif',
		summary: 'Dupliquer un motif',
		description:
			'Copie le motif dans la même organisation (nommé « … (copie) ») ou dans une autre organisation que l’agent administre (même nom s’il est libre). ' +
			'Le service du motif doit être activé sur le territoire cible (422). Réservé aux administrateurs des deux organisations (403) ; ' +
			'une organisation cible inconnue ou hors de portée répond 422 sur targetOrganisationId.',
		tags: ['Motifs'],
		params: z.object({ orgId: ObjectIdSchema, motifId: ObjectIdSchema }),
		body: z
			.object({
				targetOrganisationId: ObjectIdSchema.optional().describe('Organisation où créer la copie ; par défaut la même.')
			})
			.strict(),
		response: MotifSchema,
		status: 201,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		return serviceCall(() =>
			duplicateMotif(agent, params.orgId, params.motifId, { targetOrganisationId: body.targetOrganisationId })
		);
	}
);
