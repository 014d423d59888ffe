import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import {
	IfMatchHeadersSchema,
	UpdateParticipantBodySchema,
	rdvResultOrThrow,
	readRdvVersion,
	withRdvEtag
} from '$lib/server/api/rdv-schemas';
import { BookedRdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { removeRdvParticipant, updateRdvParticipant } from '$lib/server/services/booking';

const params = z.object({ rdvId: ObjectIdSchema, usagerId: ObjectIdSchema });
const ETAG = { ETag: '"<version>" : la nouvelle version du RDV.' };

export const PATCH = apiHandler(
	{
		operationId: 'updateRdvParticipant',
		summary: 'Changer les notifications d’un participant',
		description:
			'Messages de cycle de vie (création, modification, annulation) et rappel, pour ce participant. 404 si l’usager ne participe pas au RDV. La version lue est obligatoire (If-Match ou version) : sans elle 428.',
		tags: ['RDV'],
		params,
		headers: IfMatchHeadersSchema,
		body: UpdateParticipantBodySchema,
		response: BookedRdvSchema,
		responseHeaders: ETAG,
		errors: [403, 409, 428],
		errorDescriptions: { 409: 'conflict : le RDV a été modifié depuis la version lue (details.changedBy).' }
	},
	async ({ agent, params, body, event }) => {
		const version = readRdvVersion(event, body.version, true);
		const result = await updateRdvParticipant(params.rdvId, params.usagerId, { ...body, version }, agent);
		const { rdv, notices } = rdvResultOrThrow(result);
		return withRdvEtag(event, { ...rdv, notices });
	}
);

export const DELETE = apiHandler(
	{
		operationId: 'removeRdvParticipant',
		summary: 'Retirer un participant',
		description:
			'L’usager ne participe plus au RDV ou à la séance (une place se libère). Le dernier participant d’un RDV individuel ne se retire pas (422 : annulez le RDV). 404 si l’usager ne participe pas au RDV. En-tête If-Match obligatoire : sans lui 428.',
		tags: ['RDV'],
		params,
		headers: IfMatchHeadersSchema,
		response: BookedRdvSchema,
		responseHeaders: ETAG,
		errors: [403, 409, 428],
		errorDescriptions: {
			409: 'conflict : le RDV a été modifié depuis la version lue (details.changedBy) ; already_cancelled : le RDV est annulé.'
		}
	},
	async ({ agent, params, event }) => {
		const version = readRdvVersion(event, undefined, true);
		const result = await removeRdvParticipant(params.rdvId, params.usagerId, { version }, agent);
		const { rdv, notices } = rdvResultOrThrow(result);
		return withRdvEtag(event, { ...rdv, notices });
	}
);
