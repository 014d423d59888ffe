import { apiHandler } from '$lib/server/api/handler';
import { component } from '$lib/server/api/openapi';
import { AbsenceWarningSchema } from '$lib/server/api/plage-schemas';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { okOrThrow } from '$lib/server/api/service-errors';
import { listAbsenceConflicts } from '$lib/server/services/absences';
import { z } from 'zod';

const AbsenceConflictListSchema = component(
	'AbsenceConflictList',
	z
		.object({ data: z.array(AbsenceWarningSchema) })
		.describe('RDV actifs de l’agent pendant l’indisponibilité, par heure de début.')
);

/** What the indisponibilité's page lists under « RDV pendant cette indisponibilité ». */
export const GET = apiHandler(
	{
		operationId: 'listAbsenceConflicts',
		summary: 'RDV pendant une indisponibilité',
		description:
			'Les RDV actifs de l’agent (toutes organisations) que l’indisponibilité chevauche, d’aujourd’hui aux 6 prochains mois : ils ne sont pas annulés. ' +
			'Pour un RDV que l’agent du jeton ne peut pas voir, seul l’horaire est donné (motif non communiqué, organisation nommée seulement s’il en est membre).',
		tags: ['Indisponibilités'],
		params: z.object({ absenceId: ObjectIdSchema }),
		response: AbsenceConflictListSchema
	},
	async ({ agent, params }) => ({ data: okOrThrow(await listAbsenceConflicts(agent, params.absenceId)).value })
);
