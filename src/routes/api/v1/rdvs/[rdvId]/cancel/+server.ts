import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import { rdvResultOrThrow } from '$lib/server/api/rdv-schemas';
import { BookedRdvSchema, CancelRdvBodySchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { cancelRdv } from '$lib/server/services/booking';

export const POST = apiHandler(
	{
		operationId: 'cancelRdv',
		summary: 'Annuler un RDV',
		description:
			'Annule le RDV et libère le temps des agents. Un RDV déjà annulé répond toujours 409 already_cancelled, y compris aux requêtes concurrentes qui perdent la course (une seule annulation réussit). 409 conflict si le RDV a été modifié depuis la version lue (expectedVersion).',
		tags: ['RDV'],
		params: z.object({ rdvId: ObjectIdSchema }),
		body: CancelRdvBodySchema,
		response: BookedRdvSchema,
		errors: [403, 409],
		errorDescriptions: {
			409: 'already_cancelled : le RDV est déjà annulé, ou une autre annulation vient de réussir (rien n’est modifié) ; conflict : le RDV a été modifié depuis la version lue (expectedVersion) — details.changedBy nomme l’agent et ce qu’il a changé.'
		}
	},
	async ({ agent, params, body }) => {
		const result = await cancelRdv(params.rdvId, { kind: 'agent', agent }, body.status, {
			expectedVersion: body.expectedVersion
		});
		const { rdv, notices } = rdvResultOrThrow(result);
		return { ...rdv, notices };
	}
);
