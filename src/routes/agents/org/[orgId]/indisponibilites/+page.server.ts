import { error, fail } from '@sveltejs/kit';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { deleteAbsence, listOrganisationAbsences } from '$lib/server/services/absences';
import type { Actions, PageServerLoad } from './$types';

/** The indisponibilités of the agents whose agenda the viewer sees here: « En cours et à venir » or « Passées ». */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const agentId = url.searchParams.get('agent') || '';
	const past = url.searchParams.get('vue') === 'passees';
	const { agents, absences } = await listOrganisationAbsences(viewer, params.orgId, {
		agentId: agentId || undefined,
		period: past ? 'past' : 'current'
	});
	return { agents, absences, agentId, past };
};

export const actions: Actions = {
	delete: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const absenceId = String((await request.formData()).get('absenceId') ?? '');
		const result = await deleteAbsence(viewer, absenceId);
		if (!result.ok) {
			if (result.code === 'forbidden') error(403, result.message);
			return fail(404, { deleteError: result.message });
		}
		return { deleted: result.value.title };
	}
};
