import { apiHandler } from '$lib/server/api/handler';
import { AbsencePatchSchema, AbsenceSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { deleteAbsence, getAbsence, updateAbsence } from '$lib/server/services/absences';
import { z } from 'zod';
import { okOrThrow } from '$lib/server/api/service-errors';

const params = z.object({ absenceId: ObjectIdSchema });

export const GET = apiHandler(
	{
		operationId: 'getAbsence',
		summary: 'Une indisponibilité',
		description:
			'404 aussi bien pour une indisponibilité inexistante que pour celle d’un agent dont l’agent du jeton ne peut pas voir l’agenda.',
		tags: ['Indisponibilités'],
		params,
		response: AbsenceSchema
	},
	async ({ agent, params }) => {
		return okOrThrow(await getAbsence(agent, params.absenceId)).value;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'updateAbsence',
		summary: 'Modifier une indisponibilité',
		description:
			'Les RDV actifs de l’agent que la modification fait entrer dans l’indisponibilité répondent 409 needs_confirmation (details.warnings), sauf avec "confirm": true.',
		tags: ['Indisponibilités'],
		params,
		body: AbsencePatchSchema,
		response: AbsenceSchema,
		errors: [403, 409]
	},
	async ({ agent, params, body }) => {
		const { confirm, ...changes } = body;
		const { value, warnings } = okOrThrow(await updateAbsence(agent, params.absenceId, changes, { confirm }));
		return { ...value, warnings };
	}
);

export const DELETE = apiHandler(
	{
		operationId: 'deleteAbsence',
		summary: 'Supprimer une indisponibilité',
		tags: ['Indisponibilités'],
		params,
		response: z.null(),
		status: 204,
		errors: [403]
	},
	async ({ agent, params }) => {
		okOrThrow(await deleteAbsence(agent, params.absenceId));
		return null;
	}
);
