import { redirect } from '@sveltejs/kit';
import { failFromServiceError, formValues, lieuFromForm, requireOrganisationAdmin } from '$lib/server/config-pages';
import { createLieu } from '$lib/server/services/lieux';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	return {};
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const form = await request.formData();
		try {
			await createLieu(agent, params.orgId, lieuFromForm(form));
		} catch (err) {
			return failFromServiceError(err, formValues(form));
		}
		redirect(303, `/agents/org/${params.orgId}/configuration/lieux?succes=lieu-cree`);
	}
};
