import { z } from 'zod';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { validationFailed } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import {
	CreateUsagerBodySchema,
	createUsagerOrThrow,
	UsagerListQuerySchema,
	UsagerPageSchema,
	UsagerSchema
} from '$lib/server/api/usager-schemas';
import { listUsagers, searchUsagers, UsagerCursorError } from '$lib/server/services/usagers';

const params = z.object({ orgId: ObjectIdSchema });

export const GET = apiHandler(
	{
		operationId: 'listUsagers',
		summary: 'Lister ou rechercher les usagers',
		description:
			'Sans q : les usagers de l’organisation par ordre alphabétique (nom, puis prénom), paginés par curseur. Avec q : les meilleurs résultats de la recherche (au plus limit, sans page suivante). 404 : organisation inexistante ou sans rôle de l’agent (les deux cas répondent pareil). 422 : curseur invalide.',
		tags: ['Usagers'],
		params,
		query: UsagerListQuerySchema,
		response: UsagerPageSchema,
		errors: [404]
	},
	async ({ agent, params, query }) => {
		requireOrganisationMember(agent, params.orgId);
		if (query.q?.trim()) return { data: await searchUsagers(params.orgId, query.q, { limit: query.limit }) };
		try {
			const page = await listUsagers(params.orgId, { cursor: query.cursor, limit: query.limit });
			return { data: page.items, nextCursor: page.nextCursor };
		} catch (err) {
			if (err instanceof UsagerCursorError)
				throw validationFailed([{ location: 'query', path: 'cursor', code: 'custom', message: err.message }]);
			throw err;
		}
	}
);

export const POST = apiHandler(
	{
		operationId: 'createUsager',
		summary: 'Créer un usager',
		description:
			'Crée un usager avec un profil dans l’organisation. 409 needs_confirmation : doublons possibles dans l’organisation (mêmes nom, prénom et date de naissance, ou même téléphone), listés dans details.warnings avec la fiche existante ; renvoyer la requête avec confirm: true pour créer quand même. 422 : champ invalide, ou adresse e-mail déjà utilisée par un usager (l’e-mail est unique). 404 : organisation inexistante ou hors de portée.',
		tags: ['Usagers'],
		params,
		body: CreateUsagerBodySchema,
		response: UsagerSchema,
		status: 201,
		errors: [404, 409]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		return createUsagerOrThrow(params.orgId, body);
	}
);
