import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { apiHandler } from '$lib/server/api/handler';
import { NextCreneauSchema } from '$lib/server/api/scheduling';
import { DayQuery, IdListQuery, searchCall } from '$lib/server/api/creneaux-query';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { nextCreneau } from '$lib/server/services/creneaux';

export const GET = apiHandler(
	{
		operationId: 'nextCreneau',
		summary: 'Prochaine disponibilité d’un motif',
		description: 'Le premier créneau libre à partir d’un jour local, cherché sur six mois.',
		tags: ['Créneaux'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: z.object({
			motifId: ObjectIdSchema,
			from: DayQuery,
			agentIds: IdListQuery.optional(),
			lieuIds: IdListQuery.optional()
		}),
		response: NextCreneauSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		return searchCall(() =>
			nextCreneau({
				organisationId: params.orgId,
				motifId: query.motifId,
				from: query.from,
				agentIds: query.agentIds,
				lieuIds: query.lieuIds,
				audience: 'agent',
				viewer: agent
			})
		);
	}
);
