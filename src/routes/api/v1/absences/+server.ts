import { apiHandler } from '$lib/server/api/handler';
import { AbsenceCreateSchema, AbsenceListSchema, AbsenceSchema, apiFailure } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { createAbsence, listAbsences } from '$lib/server/services/absences';
import { z } from 'zod';

export const GET = apiHandler(
	{
		operationId: 'listAbsences',
		summary: 'Indisponibilités d’un agent',
		description:
			'Les siennes par défaut ; celles d’un collègue dont l’agent peut voir l’agenda dans une organisation commune.',
		tags: ['Indisponibilités'],
		query: z.object({ agentId: ObjectIdSchema.optional().describe('Par défaut : l’agent du jeton.') }),
		response: AbsenceListSchema,
		errors: [403]
	},
	async ({ agent, query }) => {
		const result = await listAbsences(agent, query.agentId ?? agent.id);
		if (!result.ok) throw apiFailure(result);
		return { data: result.value };
	}
);

export const POST = apiHandler(
	{
		operationId: 'createAbsence',
		summary: 'Créer une indisponibilité',
		description:
			'Un jour, plusieurs jours (endDay), ou un jour répété (recurrence). Les heures sont lues dans le fuseau de la première organisation de l’agent.',
		tags: ['Indisponibilités'],
		body: AbsenceCreateSchema,
		response: AbsenceSchema,
		status: 201,
		errors: [403]
	},
	async ({ agent, body }) => {
		const result = await createAbsence(agent, body);
		if (!result.ok) throw apiFailure(result);
		return result.value;
	}
);
