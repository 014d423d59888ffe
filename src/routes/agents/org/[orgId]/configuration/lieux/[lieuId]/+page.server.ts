import { error, redirect } from '@sveltejs/kit';
import { failFromServiceError, formValues, lieuFromForm, requireOrganisationAdmin } from '$lib/server/config-pages';
import { getLieu, updateLieu } from '$lib/server/services/lieux';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	const lieu = await getLieu(params.orgId, params.lieuId);
	if (!lieu) error(404, 'Lieu introuvable.');
	return { lieu };
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const form = await request.formData();
		try {
			await updateLieu(agent, params.orgId, params.lieuId, lieuFromForm(form));
		} catch (err) {
			return failFromServiceError(err, formValues(form));
		}
		redirect(303, `/agents/org/${params.orgId}/configuration/lieux?succes=lieu-modifie`);
	}
};
