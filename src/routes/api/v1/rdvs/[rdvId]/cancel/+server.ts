import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import {
	CancelRdvBodySchema,
	IfMatchHeadersSchema,
	rdvResultOrThrow,
	readRdvVersion,
	withRdvEtag
} from '$lib/server/api/rdv-schemas';
import { badRequest } from '$lib/server/api/errors';
import { BookedRdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { cancelRdv } from '$lib/server/services/booking';

export const POST = apiHandler(
	{
		operationId: 'cancelRdv',
		summary: 'Annuler un RDV',
		description:
			'Annule le RDV et libère le temps des agents. Un RDV déjà annulé répond toujours 409 already_cancelled, y compris aux requêtes concurrentes qui perdent la course (une seule annulation réussit). 409 conflict si le RDV a été modifié depuis la version lue (If-Match ou version ; expectedVersion, son ancien nom, reste accepté).',
		tags: ['RDV'],
		params: z.object({ rdvId: ObjectIdSchema }),
		headers: IfMatchHeadersSchema,
		body: CancelRdvBodySchema,
		response: BookedRdvSchema,
		responseHeaders: { ETag: '"<version>" : la version du RDV annulé.' },
		errors: [403, 409],
		errorDescriptions: {
			409: 'already_cancelled : le RDV est déjà annulé, ou une autre annulation vient de réussir (rien n’est modifié) ; conflict : le RDV a été modifié depuis la version lue — details.changedBy nomme l’agent et ce qu’il a changé.'
		}
	},
	async ({ agent, params, body, event }) => {
		if (body.version !== undefined && body.expectedVersion !== undefined && body.version !== body.expectedVersion)
			throw badRequest('Les champs version et expectedVersion indiquent deux versions différentes.');
		const version = readRdvVersion(event, body.version ?? body.expectedVersion, false);
		const result = await cancelRdv(params.rdvId, { kind: 'agent', agent }, body.status, { expectedVersion: version });
		const { rdv, notices } = rdvResultOrThrow(result);
		return withRdvEtag(event, { ...rdv, notices });
	}
);
