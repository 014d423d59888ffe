import { apiHandler } from '$lib/server/api/handler';
import { BookedRdvSchema, CreateRdvBodySchema } from '$lib/server/api/scheduling';
import { bookRdv } from '$lib/server/services/booking';
import { okOrThrow } from '$lib/server/api/service-errors';

export const POST = apiHandler(
	{
		operationId: 'createRdv',
		summary: 'Créer un RDV',
		description:
			'Réserve le temps des agents sans double réservation possible, même sous requêtes concurrentes. 409 conflict : le créneau vient d’être pris, ou un RDV identique existe déjà (mêmes usagers, même motif, même début). 409 needs_confirmation : avertissements (details.warnings) à confirmer en renvoyant la requête avec confirm: true ; un RDV que l’agent ne peut pas voir (autre organisation, autre service) compte comme un « autre engagement » de l’agent, sans être nommé. 404 : organisation ou motif inexistant ou hors de portée de l’agent (les deux cas répondent pareil). 422 : usager, lieu ou agent inconnu ou d’une autre organisation (même réponse). 403 : agenda d’un agent de l’organisation que l’agent ne peut pas modifier.',
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
