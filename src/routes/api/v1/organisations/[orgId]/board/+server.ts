import { z } from 'zod';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { okOrThrow } from '$lib/server/api/service-errors';
import { boardNextSlots, organisationBoard } from '$lib/server/services/board';
import { BoardSchema } from './schemas';

export const GET = apiHandler(
	{
		operationId: 'getOrganisationBoard',
		summary: 'Tableau de bord du jour',
		description:
			'« Aujourd’hui » d’une organisation : RDV du jour par statut, occupation par agent (temps réservé / temps ouvert), RDV à renseigner, derniers changements et prochain créneau en ligne par motif. ' +
			'Réservé aux administrateurs de l’organisation, à son secrétariat et aux administrateurs de son territoire. ' +
			'404 : organisation inexistante ou hors de vue de l’agent (les deux cas répondent pareil) ; 403 : membre sans droit de supervision.',
		tags: ['Organisations'],
		params: z.object({ orgId: ObjectIdSchema }),
		response: BoardSchema,
		errors: [403, 404]
	},
	async ({ agent, params }) => {
		const now = new Date();
		const { value } = okOrThrow(await organisationBoard(agent, params.orgId, now));
		const { value: nextSlots } = okOrThrow(await boardNextSlots(agent, params.orgId, now));
		const { board } = value;
		return {
			organisationId: value.organisation.id,
			day: board.day,
			counters: board.counters,
			occupancy: board.occupancy,
			bookedMinutes: board.bookedMinutes,
			openMinutes: board.openMinutes,
			percent: board.percent,
			toFill: board.toFill,
			latest: board.latest,
			nextSlots
		};
	}
);
