import { apiHandler } from '$lib/server/api/handler';
import { BookedRdvSchema, CreateRdvBodySchema } from '$lib/server/api/scheduling';
import { bookRdv } from '$lib/server/services/booking';
import { okOrThrow } from '$lib/server/api/service-errors';
import { notFound, validationFailed } from '$lib/server/api/errors';
import { RdvListPageSchema, RdvListQuerySchema } from '$lib/server/api/rdv-list-schemas';
import { listRdvs, RdvListQueryError } from '$lib/server/services/rdv-list';

export const GET = apiHandler(
	{
		operationId: 'listRdvs',
		summary: 'Lister les RDV',
		description:
			'Les RDV d’une organisation que l’agent peut voir (un agent voit ceux de ses services et ceux auxquels il participe), triés par début, entre deux jours locaux (un an au plus), avec filtres et pagination par curseur. ' +
			'404 : organisation inexistante ou sans rôle de l’agent (les deux cas répondent pareil). Un agent, usager, motif ou lieu inconnu ou d’ailleurs donne une liste vide. ' +
			'422 : période inversée ou trop longue, curseur invalide.',
		tags: ['RDV'],
		query: RdvListQuerySchema,
		response: RdvListPageSchema,
		errors: [404]
	},
	async ({ agent, query }) => {
		try {
			const page = await listRdvs(agent, query);
			if (!page) throw notFound('Organisation introuvable.');
			return { data: page.items, nextCursor: page.nextCursor };
		} catch (err) {
			if (err instanceof RdvListQueryError)
				throw validationFailed([{ location: 'query', path: err.field, code: 'custom', message: err.message }]);
			throw err;
		}
	}
);

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
