import { z } from 'zod';
import { notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { RdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { getRdv } from '$lib/server/services/booking';

export const GET = apiHandler(
	{
		operationId: 'getRdv',
		summary: 'Un RDV',
		description: '404 aussi bien pour un RDV inexistant que pour un RDV que l’agent ne peut pas voir.',
		tags: ['RDV'],
		params: z.object({ rdvId: ObjectIdSchema }),
		response: RdvSchema
	},
	async ({ agent, params }) => {
		const rdv = await getRdv(params.rdvId, agent);
		if (!rdv) throw notFound('RDV introuvable.');
		return rdv;
	}
);
