import { z } from 'zod';
import { queryFlag, requireOrganisationMember } from '$lib/server/api/config-access';
import { validationFailed, notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { SessionListPageSchema, SessionListQuerySchema } from '$lib/server/api/session-schemas';
import { listSessions, SessionListQueryError } from '$lib/server/services/collective-sessions';
import { getOrganisation } from '$lib/server/services/organisations';
import { localDay } from '$lib/domain/local-time';

export const GET = apiHandler(
	{
		operationId: 'listSessions',
		summary: 'Lister les séances collectives',
		description:
			'Les séances actives (non annulées) de l’organisation que l’agent peut voir, à partir d’un jour, triées par début, avec leurs places, filtrées par motif et « avec places restantes », paginées par curseur. ' +
			'404 : organisation inexistante ou sans rôle de l’agent (les deux cas répondent pareil). Un motif inconnu ou d’ailleurs donne une liste vide. 422 : jour ou curseur invalide.',
		tags: ['RDV'],
		params: z.object({ orgId: ObjectIdSchema }),
		query: SessionListQuerySchema,
		response: SessionListPageSchema,
		errors: [404]
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		const organisation = await getOrganisation(params.orgId);
		if (!organisation) throw notFound('Organisation introuvable.');
		try {
			const page = await listSessions(agent, {
				organisationId: params.orgId,
				from: query.from ?? localDay(new Date(), organisation.timeZone),
				motifId: query.motifId,
				withSeats: queryFlag(query.withSeats),
				cursor: query.cursor,
				limit: query.limit
			});
			if (!page) throw notFound('Organisation introuvable.');
			return { data: page.items, nextCursor: page.nextCursor };
		} catch (err) {
			if (err instanceof SessionListQueryError)
				throw validationFailed([{ location: 'query', path: err.field, code: 'custom', message: err.message }]);
			throw err;
		}
	}
);
