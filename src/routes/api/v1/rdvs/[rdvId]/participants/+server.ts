import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import {
	AddParticipantsBodySchema,
	IfMatchHeadersSchema,
	rdvResultOrThrow,
	readRdvVersion,
	withRdvEtag
} from '$lib/server/api/rdv-schemas';
import { BookedRdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { addRdvParticipants } from '$lib/server/services/booking';

export const POST = apiHandler(
	{
		operationId: 'addRdvParticipants',
		summary: 'Ajouter des participants',
		description:
			'Ajoute des usagers de l’organisation au RDV (une famille peut partager un RDV) ou à la séance collective, dans la limite de ses places (409 conflict « Cette séance est complète. » au-delà). Un RDV identique de l’usager est refusé ; un autre RDV du même motif le même jour, ou juste avant ou après dans un autre lieu, demande "confirm": true (409 needs_confirmation). La version lue est obligatoire (If-Match ou version) : sans elle 428.',
		tags: ['RDV'],
		params: z.object({ rdvId: ObjectIdSchema }),
		headers: IfMatchHeadersSchema,
		body: AddParticipantsBodySchema,
		response: BookedRdvSchema,
		responseHeaders: { ETag: '"<version>" : la nouvelle version du RDV.' },
		errors: [403, 409, 428],
		errorDescriptions: {
			409: 'conflict : la séance est complète, ou le RDV a été modifié depuis la version lue (details.changedBy) ; already_cancelled : le RDV est annulé ; needs_confirmation : avertissements à confirmer (details.warnings).'
		}
	},
	async ({ agent, params, body, event }) => {
		const version = readRdvVersion(event, body.version, true);
		const { rdv, notices } = rdvResultOrThrow(await addRdvParticipants(params.rdvId, { ...body, version }, agent));
		return withRdvEtag(event, { ...rdv, notices });
	}
);
