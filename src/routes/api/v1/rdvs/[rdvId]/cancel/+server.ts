import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import { BookedRdvSchema, CancelRdvBodySchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { cancelRdv } from '$lib/server/services/booking';
import { okOrThrow } from '$lib/server/api/service-errors';

export const POST = apiHandler(
	{
		operationId: 'cancelRdv',
		summary: 'Annuler un RDV',
		description: 'Annule le RDV et libère le temps des agents. 409 si le RDV a été modifié entre-temps.',
		tags: ['RDV'],
		params: z.object({ rdvId: ObjectIdSchema }),
		body: CancelRdvBodySchema,
		response: BookedRdvSchema,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		const { rdv, notices } = okOrThrow(
			await cancelRdv(params.rdvId, { kind: 'agent', agent }, body.status, { expectedVersion: body.expectedVersion })
		);
		return { ...rdv, notices };
	}
);
