import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import {
	ChangeRdvStatusBodySchema,
	IfMatchHeadersSchema,
	rdvResultOrThrow,
	readRdvVersion,
	withRdvEtag
} from '$lib/server/api/rdv-schemas';
import { BookedRdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { changeRdvStatus } from '$lib/server/services/booking';

export const POST = apiHandler(
	{
		operationId: 'changeRdvStatus',
		summary: 'Changer le statut d’un RDV ou d’un participant',
		description:
			'Statut du RDV (les participants suivent) ou, avec participantUsagerId, d’un seul participant (le statut du RDV en découle). Passer à excused ou revoked libère le temps des agents ; revenir à un statut actif le reprend, refusé (409) si un autre RDV l’a pris entre-temps. Version lue facultative (If-Match ou version). 404 aussi bien pour un RDV inexistant que pour un RDV que l’agent ne peut pas voir (autre organisation, autre service).',
		tags: ['RDV'],
		params: z.object({ rdvId: ObjectIdSchema }),
		headers: IfMatchHeadersSchema,
		body: ChangeRdvStatusBodySchema,
		response: BookedRdvSchema,
		responseHeaders: { ETag: '"<version>" : la nouvelle version du RDV.' },
		errors: [403, 409],
		errorDescriptions: {
			409: 'conflict : le RDV a déjà ce statut, son temps a été repris par un autre RDV, ou il a été modifié depuis la version lue — details.changedBy donne alors { version, at, agentId, agentName, summary } de la modification plus récente.'
		}
	},
	async ({ agent, params, body, event }) => {
		const version = readRdvVersion(event, body.version, false);
		const { rdv, notices } = rdvResultOrThrow(await changeRdvStatus(params.rdvId, { ...body, version }, agent));
		return withRdvEtag(event, { ...rdv, notices });
	}
);
