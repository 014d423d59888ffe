import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { notFound, validationFailed } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { NextCreneauSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { CreneauxQueryError, nextCreneau } from '$lib/server/services/creneaux';

const IdList = z.union([ObjectIdSchema, z.array(ObjectIdSchema)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const GET = apiHandler(
	{
		operationId: 'nextCreneau',
		summary: 'Prochaine disponibilité d’un motif',
		description: 'Le premier créneau libre à partir d’un jour local, cherché sur six mois.',
		tags: ['Créneaux'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: z.object({
			motifId: ObjectIdSchema,
			from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date au format AAAA-MM-JJ attendue.'),
			agentIds: IdList.optional(),
			lieuIds: IdList.optional()
		}),
		response: NextCreneauSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		try {
			const result = await nextCreneau({
				organisationId: params.orgId,
				motifId: query.motifId,
				from: query.from,
				agentIds: query.agentIds,
				lieuIds: query.lieuIds,
				audience: 'agent',
				viewer: agent
			});
			if (!result) throw notFound('Motif introuvable.');
			return result;
		} catch (err) {
			if (err instanceof CreneauxQueryError)
				throw validationFailed([{ location: 'query', path: err.field, code: 'custom', message: err.message }]);
			throw err;
		}
	}
);
