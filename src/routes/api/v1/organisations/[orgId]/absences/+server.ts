import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { apiHandler } from '$lib/server/api/handler';
import { AbsenceListSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { listOrganisationAbsences } from '$lib/server/services/absences';

/** What the organisation's « Indisponibilités » page lists, for clients that do not know its agents' ids. */
export const GET = apiHandler(
	{
		operationId: 'listOrganisationAbsences',
		summary: 'Indisponibilités des agents d’une organisation',
		description:
			'Celles des membres dont l’agent du jeton voit l’agenda dans cette organisation (une indisponibilité bloque toutes les organisations de son agent). ' +
			'agentId restreint à un agent : un agent hors de cette liste donne une liste vide.',
		tags: ['Indisponibilités'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: z.object({
			agentId: ObjectIdSchema.optional().describe('Seulement les indisponibilités de cet agent.'),
			period: z
				.enum(['current', 'past', 'all'])
				.default('current')
				.describe(
					'current (défaut) : en cours et à venir, les plus proches d’abord ; past : terminées, les plus récentes d’abord ; all : toutes, les plus récentes d’abord.'
				)
		}),
		response: AbsenceListSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		const { absences } = await listOrganisationAbsences(agent, params.orgId, {
			agentId: query.agentId,
			period: query.period
		});
		return { data: absences };
	}
);
