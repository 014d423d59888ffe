import { redirect } from '@sveltejs/kit';
import { failFromServiceError, formValues, motifFromForm, requireOrganisationAdmin } from '$lib/server/config-pages';
import { createMotif, listMotifServices } from '$lib/server/services/motifs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	return { services: await listMotifServices(params.orgId) };
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const form = await request.formData();
		try {
			await createMotif(agent, params.orgId, motifFromForm(form));
		} catch (err) {
			return failFromServiceError(err, formValues(form));
		}
		redirect(303, `/agents/org/${params.orgId}/configuration/motifs?succes=motif-cree`);
	}
};
