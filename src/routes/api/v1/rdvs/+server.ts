import { apiHandler } from '$lib/server/api/handler';
import { BookedRdvSchema, CreateRdvBodySchema } from '$lib/server/api/scheduling';
import { bookRdv } from '$lib/server/services/booking';
import { apiErrorOf } from '$lib/server/api/service-errors';

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
		const result = await bookRdv(body, { kind: 'agent', agent });
		if (!result.ok) throw apiErrorOf(result);
		return { ...result.rdv, notices: result.notices };
	}
);
