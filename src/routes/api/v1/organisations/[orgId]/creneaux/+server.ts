import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { apiHandler } from '$lib/server/api/handler';
import { CreneauxSearchSchema } from '$lib/server/api/scheduling';
import { DayQuery, IdListQuery, searchCall } from '$lib/server/api/creneaux-query';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { MAX_SEARCH_DAYS, searchCreneaux } from '$lib/server/services/creneaux';
import { addDays } from '$lib/domain/local-time';

export const GET = apiHandler(
	{
		operationId: 'listCreneaux',
		summary: 'Créneaux libres d’un motif',
		description: `Créneaux libres entre deux jours locaux (au plus ${MAX_SEARCH_DAYS} jours ; 7 par défaut) : plages d’ouverture moins jours fériés, indisponibilités et RDV des agents dans toutes les organisations. Seuls les agendas visibles par l’agent sont cherchés. view=agents (défaut) donne un créneau par agent et heure, view=merged un créneau par heure avec les agents libres.`,
		tags: ['Créneaux'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: z.object({
			motifId: ObjectIdSchema,
			from: DayQuery.describe('Premier jour (inclus).'),
			to: DayQuery.optional().describe('Dernier jour (exclu) ; from + 7 jours par défaut.'),
			agentIds: IdListQuery.optional().describe('Seulement ces agents (paramètre répétable).'),
			lieuIds: IdListQuery.optional().describe('Seulement ces lieux (paramètre répétable).'),
			view: z.enum(['agents', 'merged']).default('agents')
		}),
		response: CreneauxSearchSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		const result = await searchCall(() =>
			searchCreneaux({
				organisationId: params.orgId,
				motifId: query.motifId,
				from: query.from,
				to: query.to ?? addDays(query.from, 7),
				agentIds: query.agentIds,
				lieuIds: query.lieuIds,
				audience: 'agent',
				viewer: agent
			})
		);
		return query.view === 'merged' ? { ...result, slots: [] } : { ...result, merged: [] };
	}
);
