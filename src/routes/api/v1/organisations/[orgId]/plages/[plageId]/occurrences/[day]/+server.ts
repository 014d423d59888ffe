import { apiHandler } from '$lib/server/api/handler';
import { acceptedPathDay, OccurrencePatchSchema, PathDaySchema, PlageSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { cancelFollowing, cancelOccurrence, editFollowing, overrideOccurrence } from '$lib/server/services/plages';
import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { okOrThrow } from '$lib/server/api/service-errors';

const params = z.object({
	orgId: ObjectIdSchema,
	plageId: ObjectIdSchema,
	day: PathDaySchema.describe('Jour de l’occurrence, AAAA-MM-JJ : un jour réel de 2000 à 2100 (sinon 422).')
});
const query = z.object({
	following: z
		.enum(['true', 'false'])
		.optional()
		.describe('true : cette occurrence et les suivantes (la série est scindée en deux plages).')
});

export const DELETE = apiHandler(
	{
		operationId: 'cancelPlageOccurrence',
		summary: 'Annuler une occurrence (ou celle-ci et les suivantes)',
		description:
			'Sans following, seule l’occurrence du jour est annulée. Avec following=true, la série s’arrête la veille (elle est supprimée si le jour est son premier jour).',
		tags: ['Plages d’ouverture'],
		params,
		query,
		response: z.null(),
		status: 204,
		errors: [403]
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		const day = acceptedPathDay(params.day);
		const options = { organisationId: params.orgId };
		okOrThrow(
			query.following === 'true'
				? await cancelFollowing(agent, params.plageId, day, options)
				: await cancelOccurrence(agent, params.plageId, day, options)
		);
		return null;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'updatePlageOccurrence',
		summary: 'Modifier une occurrence (ou celle-ci et les suivantes)',
		description:
			'Sans following : horaires ou lieu de cette seule occurrence ; la plage est renvoyée. Avec following=true : la série est scindée, la nouvelle plage (à partir de ce jour) est renvoyée ; titre, motifs et répétition peuvent aussi changer.',
		tags: ['Plages d’ouverture'],
		params,
		query,
		body: OccurrencePatchSchema,
		response: PlageSchema,
		errors: [403, 409]
	},
	async ({ agent, params, query, body }) => {
		requireOrganisationMember(agent, params.orgId);
		const day = acceptedPathDay(params.day);
		const { confirm, ...changes } = body;
		const options = { organisationId: params.orgId, confirm };
		if (query.following === 'true') {
			const { value, warnings } = okOrThrow(await editFollowing(agent, params.plageId, day, changes, options));
			return { ...value.after, warnings };
		}
		const { startTime, endTime, lieuId } = changes;
		const change = { startTime, endTime, lieuId };
		const { value, warnings } = okOrThrow(await overrideOccurrence(agent, params.plageId, day, change, options));
		return { ...value, warnings };
	}
);
