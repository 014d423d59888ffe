import { z } from 'zod';
import { notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import {
	EditRdvBodySchema,
	IfMatchHeadersSchema,
	rdvEtag,
	rdvResultOrThrow,
	readRdvVersion,
	withRdvEtag
} from '$lib/server/api/rdv-schemas';
import { BookedRdvSchema, RdvSchema } from '$lib/server/api/scheduling';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { deleteRdv, editRdv, getRdv } from '$lib/server/services/booking';

const params = z.object({ rdvId: ObjectIdSchema });
const ETAG = { ETag: '"<version>" : à renvoyer dans If-Match pour modifier le RDV.' };
const CONFLICTS =
	'conflict : le RDV a été modifié depuis la version lue — details.changedBy donne { version, at, agentId, agentName, summary } de la modification plus récente — ou le temps choisi vient d’être pris ; already_cancelled : le RDV est annulé (son horaire, ses agents et son lieu ne changent plus) ; needs_confirmation : avertissements à confirmer avec "confirm": true (details.warnings).';

export const GET = apiHandler(
	{
		operationId: 'getRdv',
		summary: 'Un RDV',
		description:
			'404 aussi bien pour un RDV inexistant que pour un RDV que l’agent ne peut pas voir. L’en-tête ETag porte sa version, à renvoyer dans If-Match pour le modifier.',
		tags: ['RDV'],
		params,
		response: RdvSchema,
		responseHeaders: ETAG
	},
	async ({ agent, params, event }) => {
		const rdv = await getRdv(params.rdvId, agent);
		if (!rdv) throw notFound('RDV introuvable.');
		event.setHeaders({ etag: rdvEtag(rdv.version) });
		return rdv;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'editRdv',
		summary: 'Modifier un RDV',
		description:
			'Horaire, durée, lieu ou adresse ponctuelle, agents, note de contexte : seuls les champs envoyés changent. Un nouvel horaire ou d’autres agents passent par les mêmes règles qu’une réservation (chevauchements, indisponibilités, autres RDV des usagers). La version lue est obligatoire (If-Match ou version) : sans elle 428 precondition_required.',
		tags: ['RDV'],
		params,
		headers: IfMatchHeadersSchema,
		body: EditRdvBodySchema,
		response: BookedRdvSchema,
		responseHeaders: ETAG,
		errors: [403, 409, 428],
		errorDescriptions: { 409: CONFLICTS }
	},
	async ({ agent, params, body, event }) => {
		const version = readRdvVersion(event, body.version, true);
		const { rdv, notices } = rdvResultOrThrow(await editRdv(params.rdvId, { ...body, version }, agent));
		return withRdvEtag(event, { ...rdv, notices });
	}
);

export const DELETE = apiHandler(
	{
		operationId: 'deleteRdv',
		summary: 'Supprimer un RDV',
		description:
			'Réservé aux administrateurs de l’organisation (403 pour les autres agents) : supprime le RDV et son historique, et libère le temps des agents. Pour un RDV qui n’aura pas lieu, préférez l’annulation, qui garde une trace. If-Match facultatif : 409 si le RDV a changé depuis.',
		tags: ['RDV'],
		params,
		headers: IfMatchHeadersSchema,
		response: z.null(),
		status: 204,
		errors: [403, 409]
	},
	async ({ agent, params, event }) => {
		const version = readRdvVersion(event, undefined, false);
		rdvResultOrThrow(await deleteRdv(params.rdvId, agent, { version }));
		return null;
	}
);
