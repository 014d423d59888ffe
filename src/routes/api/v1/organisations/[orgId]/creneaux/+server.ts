import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { notFound, validationFailed } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { CreneauxSearchSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { CreneauxQueryError, MAX_SEARCH_DAYS, searchCreneaux } from '$lib/server/services/creneaux';
import { addDays } from '$lib/domain/local-time';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date au format AAAA-MM-JJ attendue.');
/** `?agentIds=a&agentIds=b` (or a single value). */
const IdList = z.union([ObjectIdSchema, z.array(ObjectIdSchema)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const GET = apiHandler(
	{
		operationId: 'listCreneaux',
		summary: 'Créneaux libres d’un motif',
		description: `Créneaux libres entre deux jours locaux (au plus ${MAX_SEARCH_DAYS} jours ; 7 par défaut) : plages d’ouverture moins jours fériés, indisponibilités et RDV des agents dans toutes les organisations. Seuls les agendas visibles par l’agent sont cherchés. view=agents (défaut) donne un créneau par agent et heure, view=merged un créneau par heure avec les agents libres.`,
		tags: ['Créneaux'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: z.object({
			motifId: ObjectIdSchema,
			from: Day.describe('Premier jour (inclus).'),
			to: Day.optional().describe('Dernier jour (exclu) ; from + 7 jours par défaut.'),
			agentIds: IdList.optional().describe('Seulement ces agents (paramètre répétable).'),
			lieuIds: IdList.optional().describe('Seulement ces lieux (paramètre répétable).'),
			view: z.enum(['agents', 'merged']).default('agents')
		}),
		response: CreneauxSearchSchema
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		try {
			const result = await searchCreneaux({
				organisationId: params.orgId,
				motifId: query.motifId,
				from: query.from,
				to: query.to ?? addDays(query.from, 7),
				agentIds: query.agentIds,
				lieuIds: query.lieuIds,
				audience: 'agent',
				viewer: agent
			});
			if (!result) throw notFound('Motif introuvable.');
			return query.view === 'merged' ? { ...result, slots: [] } : { ...result, merged: [] };
		} catch (err) {
			if (err instanceof CreneauxQueryError)
				throw validationFailed([{ location: 'query', path: err.field, code: 'custom', message: err.message }]);
			throw err;
		}
	}
);
