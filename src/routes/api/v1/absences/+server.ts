import { apiHandler } from '$lib/server/api/handler';
import { AbsenceCreateSchema, AbsenceListSchema, AbsenceSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { createAbsence, listAbsences } from '$lib/server/services/absences';
import { z } from 'zod';
import { okOrThrow } from '$lib/server/api/service-errors';

export const GET = apiHandler(
	{
		operationId: 'listAbsences',
		summary: 'Indisponibilités d’un agent',
		description:
			'Les siennes par défaut ; celles d’un collègue dont l’agent peut voir l’agenda dans une organisation commune. ' +
			'404 pour un agent inconnu comme pour un agent sans organisation commune (les identifiants ne se devinent pas) ; ' +
			'403 pour un collègue d’une organisation commune dont l’agent ne voit pas l’agenda.',
		tags: ['Indisponibilités'],
		query: z.object({
			agentId: ObjectIdSchema.optional().describe('Par défaut : l’agent du jeton.'),
			period: z
				.enum(['current', 'past', 'all'])
				.default('all')
				.describe(
					'current : en cours et à venir (les plus proches d’abord) ; past : terminées avant aujourd’hui (les plus récentes d’abord) ; all (défaut) : toutes, les plus récentes d’abord.'
				)
		}),
		response: AbsenceListSchema,
		errors: [403, 404]
	},
	async ({ agent, query }) => {
		return { data: okOrThrow(await listAbsences(agent, query.agentId ?? agent.id, { period: query.period })).value };
	}
);

export const POST = apiHandler(
	{
		operationId: 'createAbsence',
		summary: 'Créer une indisponibilité',
		description:
			'Un jour, plusieurs jours (endDay), ou un jour répété (recurrence). Les heures sont lues dans le fuseau de la première organisation de l’agent. ' +
			'Les RDV actifs de l’agent (toutes organisations) pendant l’indisponibilité, sur les 6 prochains mois, ne sont pas annulés : ' +
			'ils répondent 409 needs_confirmation (details.warnings les liste), sauf avec "confirm": true. ' +
			'Un agentId inconnu ou sans organisation commune répond 422 (« Agent introuvable. ») ; un collègue dont l’agent ne peut pas gérer l’agenda, 403.',
		tags: ['Indisponibilités'],
		body: AbsenceCreateSchema,
		response: AbsenceSchema,
		status: 201,
		errors: [403, 409]
	},
	async ({ agent, body }) => {
		const { confirm, ...input } = body;
		const { value, warnings } = okOrThrow(await createAbsence(agent, input, { confirm }));
		return { ...value, warnings };
	}
);
