import { fail, redirect } from '@sveltejs/kit';
import { configSuccessMessage } from '$lib/config-messages';
import { LOCATION_TYPES, type LocationType } from '$lib/domain/types';
import { requireOrganisationAdmin } from '$lib/server/config-pages';
import {
	getMotif,
	listMotifServices,
	listMotifs,
	softDeleteMotif,
	type MotifFilters
} from '$lib/server/services/motifs';
import { ServiceError } from '$lib/server/services/service-error';
import type { Actions, PageServerLoad } from './$types';

/** The filter form is a GET form: its fields are the query string, unknown values are ignored. */
function filtersFrom(url: URL): { filters: MotifFilters; form: Record<string, string> } {
	const q = url.searchParams;
	const form = {
		nom: q.get('nom') ?? '',
		service: q.get('service') ?? '',
		type: q.get('type') ?? '',
		enLigne: q.get('enLigne') ?? '',
		collectif: q.get('collectif') ?? '',
		supprimes: q.get('supprimes') ?? ''
	};
	const yesNo = (v: string) => (v === 'oui' ? true : v === 'non' ? false : undefined);
	return {
		form,
		filters: {
			name: form.nom.trim() || undefined,
			serviceId: /^[0-9a-f]{24}$/.test(form.service) ? form.service : undefined,
			locationType: (LOCATION_TYPES as readonly string[]).includes(form.type) ? (form.type as LocationType) : undefined,
			bookableOnline: yesNo(form.enLigne),
			collective: yesNo(form.collectif),
			includeDeleted: form.supprimes === 'oui'
		}
	};
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	const { filters, form } = filtersFrom(url);
	const [motifs, services] = await Promise.all([listMotifs(params.orgId, filters), listMotifServices(params.orgId)]);
	return { motifs, services, filters: form, success: configSuccessMessage(url) };
};

export const actions: Actions = {
	/** Two steps, so that it works without JavaScript: first ask for confirmation, then delete. */
	delete: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const form = await request.formData();
		const motifId = String(form.get('motifId') ?? '');
		const motif = await getMotif(params.orgId, motifId);
		if (!motif || motif.deleted) return fail(404, { actionError: 'Ce motif n’existe pas ou a déjà été supprimé.' });
		if (form.get('confirm') !== 'oui') return { confirmDelete: { id: motif.id, name: motif.name } };
		let mode: 'soft' | 'hard';
		try {
			({ mode } = await softDeleteMotif(agent, params.orgId, motifId));
		} catch (err) {
			if (err instanceof ServiceError) return fail(400, { actionError: err.message });
			throw err;
		}
		redirect(
			303,
			`/agents/org/${params.orgId}/configuration/motifs?succes=${mode === 'soft' ? 'motif-archive' : 'motif-supprime'}`
		);
	}
};
