import { z } from 'zod';
import { usagerFormValues } from '$lib/components/usagers/form-fields';
import { requireOrganisationMember } from '$lib/server/api/config-access';
import { notFound } from '$lib/server/api/errors';
import { apiHandler } from '$lib/server/api/handler';
import { ObjectIdSchema } from '$lib/server/api/schemas';
import { invalidFields, UpdateUsagerBodySchema, UsagerRecordSchema } from '$lib/server/api/usager-schemas';
import { getUsagerRecord, updateUsager, type UsagerFieldsInput } from '$lib/server/services/usagers';

const params = z.object({ orgId: ObjectIdSchema, usagerId: ObjectIdSchema });
const NOT_FOUND = 'Usager introuvable.';

export const GET = apiHandler(
	{
		operationId: 'getUsager',
		summary: 'La fiche d’un usager',
		description:
			'404 : usager inexistant, ou sans profil dans cette organisation (les deux cas répondent pareil), ou organisation hors de portée.',
		tags: ['Usagers'],
		params,
		response: UsagerRecordSchema,
		errors: [404]
	},
	async ({ agent, params }) => {
		requireOrganisationMember(agent, params.orgId);
		const usager = await getUsagerRecord(params.orgId, params.usagerId);
		if (!usager) throw notFound(NOT_FOUND);
		return usager;
	}
);

export const PATCH = apiHandler(
	{
		operationId: 'updateUsager',
		summary: 'Modifier un usager',
		description:
			'Seuls les champs envoyés changent ; null efface un champ facultatif. 422 : champ invalide ou adresse e-mail déjà utilisée. 404 : comme pour GET.',
		tags: ['Usagers'],
		params,
		body: UpdateUsagerBodySchema,
		response: UsagerRecordSchema,
		errors: [404]
	},
	async ({ agent, params, body }) => {
		requireOrganisationMember(agent, params.orgId);
		const current = await getUsagerRecord(params.orgId, params.usagerId);
		if (!current) throw notFound(NOT_FOUND);
		// The service replaces every field (as the form sends them all): start from the stored ones; null clears.
		const stored = Object.entries(usagerFormValues(current)).filter(([, v]) => v !== '');
		const merged: Record<string, unknown> = {
			...Object.fromEntries(stored),
			numberOfChildren: current.numberOfChildren,
			notifyBySms: current.notifyBySms,
			notifyByEmail: current.notifyByEmail,
			...body
		};
		for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
		const result = await updateUsager(params.orgId, params.usagerId, merged as UsagerFieldsInput);
		if (result.ok) return result.usager;
		if (result.kind === 'not_found') throw notFound(NOT_FOUND);
		throw invalidFields(result.errors);
	}
);
