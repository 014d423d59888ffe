import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { apiHandler } from '$lib/server/api/handler';
import { BookedRdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { okOrThrow } from '$lib/server/api/service-errors';
import { DuplicateSessionBodySchema } from '$lib/server/api/session-schemas';
import { duplicateSession } from '$lib/server/services/collective-sessions';

export const POST = apiHandler(
	{
		operationId: 'duplicateSession',
		summary: 'Dupliquer une séance collective',
		description:
			'Crée une séance du même motif, au même lieu (ou à la même adresse), avec les mêmes agents, titre, places, durée et note, au début donné, sans participants ; par le service de réservation, donc sans double réservation des agents. ' +
			'409 conflict : le temps d’un agent est déjà pris ; 409 needs_confirmation : avertissements (details.warnings) à confirmer avec confirm: true. 404 : organisation ou séance inexistante, hors de portée, ou RDV individuel (même réponse). 403 : agenda d’un des agents que l’agent ne peut pas modifier.',
		tags: ['RDV'],
		params: z.object({ orgId: ObjectIdSchema, rdvId: ObjectIdSchema }),
		body: DuplicateSessionBodySchema,
		response: BookedRdvSchema,
		status: 201,
		errors: [403, 404, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		const { rdv, notices } = okOrThrow(await duplicateSession(agent, params.orgId, params.rdvId, body));
		return { ...rdv, notices };
	}
);
