import { error, fail } from '@sveltejs/kit';
import { canSeeAgenda } from '$lib/domain/permissions';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { listOrganisationAgents } from '$lib/server/services/organisations';
import { deletePlage, listPlages, plageFormOptions } from '$lib/server/services/plages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const vue = url.searchParams.get('vue');
	const expired = vue === 'expirees';
	const agentId = url.searchParams.get('agent') || undefined;
	const [members, plages, options] = await Promise.all([
		listOrganisationAgents(params.orgId),
		listPlages(viewer, params.orgId, { agentId, expired }),
		plageFormOptions(viewer, params.orgId)
	]);
	const agents = members
		.filter((a) => canSeeAgenda(viewer, { organisationId: params.orgId, agentId: a.id, agentServiceIds: a.serviceIds }))
		.map(({ id, firstName, lastName }) => ({ id, firstName, lastName }));
	const editable = new Set(options.agents.map((a) => a.id));
	return {
		plages: plages.map((p) => ({ ...p, editable: editable.has(p.agentId) })),
		agents,
		lieux: options.lieux.map(({ id, name }) => ({ id, name })),
		motifs: options.motifs.map(({ id, name }) => ({ id, name })),
		expired,
		/** « Calendrier »: the current plages in a calendar instead of the table. */
		calendar: vue === 'calendrier',
		agentId: agentId ?? '',
		canCreate: options.agents.length > 0
	};
};

export const actions: Actions = {
	delete: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const plageId = String((await request.formData()).get('plageId') ?? '');
		const result = await deletePlage(viewer, plageId, { organisationId: params.orgId });
		if (!result.ok) {
			if (result.code === 'not_found') return fail(404, { deleteError: result.message });
			if (result.code === 'forbidden') error(403, result.message);
			return fail(400, { deleteError: result.message });
		}
		return { deleted: result.value.title };
	}
};
