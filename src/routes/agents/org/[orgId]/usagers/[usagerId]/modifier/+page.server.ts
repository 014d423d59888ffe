/** Editing an usager of the organisation (404 for an usager without a profile here, like an unknown one). */
import { error, fail, redirect } from '@sveltejs/kit';
import { readUsagerForm, usagerFormValues } from '$lib/components/usagers/form-fields';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { getUsagerRecord, updateUsager } from '$lib/server/services/usagers';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireOrganisationAccess(locals, url, params.orgId);
	const usager = await getUsagerRecord(params.orgId, params.usagerId);
	if (!usager) error(404, 'Usager introuvable.');
	return { usager, values: usagerFormValues(usager) };
};

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		requireOrganisationAccess(locals, url, params.orgId);
		const { input, values } = readUsagerForm(await request.formData());
		const result = await updateUsager(params.orgId, params.usagerId, input);
		if (!result.ok && result.kind === 'not_found') error(404, 'Usager introuvable.');
		if (!result.ok) return fail(422, { values, errors: result.errors });
		redirect(303, `/agents/org/${params.orgId}/usagers/${params.usagerId}?succes=modifie`);
	}
};
