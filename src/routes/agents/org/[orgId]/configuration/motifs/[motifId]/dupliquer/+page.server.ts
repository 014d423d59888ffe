import { error, fail, redirect } from '@sveltejs/kit';
import { canManageMotif } from '$lib/domain/permissions';
import { requireOrganisationAdmin } from '$lib/server/config-pages';
import { listOrganisationsForAgent } from '$lib/server/services/organisations';
import { duplicateMotif, getMotif } from '$lib/server/services/motifs';
import { ServiceError } from '$lib/server/services/service-error';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const agent = requireOrganisationAdmin(locals, url, params.orgId);
	const motif = await getMotif(params.orgId, params.motifId);
	if (!motif || motif.deleted) error(404, 'Motif introuvable.');
	// The target can be any organisation the agent administers, this one first.
	const targets = (await listOrganisationsForAgent(agent))
		.filter((o) => canManageMotif(agent, { organisationId: o.id }))
		.map(({ id, name }) => ({ id, name }))
		.sort((a, b) => Number(b.id === params.orgId) - Number(a.id === params.orgId));
	return { motif, targets };
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const targetOrganisationId = String((await request.formData()).get('targetOrganisationId') ?? '');
		let copy;
		try {
			copy = await duplicateMotif(agent, params.orgId, params.motifId, { targetOrganisationId });
		} catch (err) {
			if (!(err instanceof ServiceError)) throw err;
			if (err.code === 'not_found') error(404, err.message);
			const errors = { targetOrganisationId: err.fieldErrors.targetOrganisationId ?? err.message };
			return fail(err.code === 'forbidden' ? 403 : 400, { errors, values: { targetOrganisationId } });
		}
		redirect(303, `/agents/org/${copy.organisationId}/configuration/motifs/${copy.id}?succes=motif-duplique`);
	}
};
