import { apiHandler } from '$lib/server/api/handler';
import { BookedRdvSchema, CreateRdvBodySchema } from '$lib/server/api/scheduling';
import { bookRdv } from '$lib/server/services/booking';
import { okOrThrow } from '$lib/server/api/service-errors';

export const POST = apiHandler(
	{
		operationId: 'createRdv',
		summary: 'Créer un RDV',
		description:
			'Réserve le temps des agents sans double réservation possible, même sous requêtes concurrentes. 409 conflict : le créneau vient d’être pris, ou un RDV identique existe déjà (mêmes usagers, même motif, même début). 409 needs_confirmation : avertissements (details.warnings) à confirmer en renvoyant la requête avec confirm: true. 403 : agenda ou motif hors des droits de l’agent.',
		tags: ['RDV'],
		body: CreateRdvBodySchema,
		response: BookedRdvSchema,
		status: 201,
		errors: [403, 404, 409]
	},
	async ({ agent, body }) => {
		const { rdv, notices } = okOrThrow(await bookRdv(body, { kind: 'agent', agent }));
		return { ...rdv, notices };
	}
);
