import { error, redirect } from '@sveltejs/kit';
import { configSuccessMessage } from '$lib/config-messages';
import { failFromServiceError, formValues, motifFromForm, requireOrganisationAdmin } from '$lib/server/config-pages';
import { getMotif, listMotifServices, motifHasRdvs, updateMotif } from '$lib/server/services/motifs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	const motif = await getMotif(params.orgId, params.motifId);
	if (!motif || motif.deleted) error(404, 'Motif introuvable.');
	const [services, locked] = await Promise.all([listMotifServices(params.orgId), motifHasRdvs(motif.id)]);
	return { motif, services, locked, success: configSuccessMessage(url) };
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const form = await request.formData();
		try {
			await updateMotif(agent, params.orgId, params.motifId, motifFromForm(form));
		} catch (err) {
			return failFromServiceError(err, formValues(form));
		}
		redirect(303, `/agents/org/${params.orgId}/configuration/motifs?succes=motif-modifie`);
	}
};
