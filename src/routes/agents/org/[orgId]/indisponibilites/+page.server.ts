import { error, fail } from '@sveltejs/kit';
import { canSeeAgenda } from '$lib/domain/permissions';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { deleteAbsence, listAbsences, type AbsenceDto } from '$lib/server/services/absences';
import { listOrganisationAgents } from '$lib/server/services/organisations';
import type { Actions, PageServerLoad } from './$types';

/** The indisponibilités of the agents whose agenda the viewer sees here (one query per agent: an equality). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const agentFilter = url.searchParams.get('agent') || '';
	const agents = (await listOrganisationAgents(params.orgId))
		.filter((a) => canSeeAgenda(viewer, { organisationId: params.orgId, agentId: a.id, agentServiceIds: a.serviceIds }))
		.map(({ id, firstName, lastName }) => ({ id, firstName, lastName }));
	const shown = agentFilter ? agents.filter((a) => a.id === agentFilter) : agents;
	// « En cours et à venir » by default, soonest first; « Passées », latest first.
	const past = url.searchParams.get('vue') === 'passees';
	const lists = await Promise.all(shown.map((a) => listAbsences(viewer, a.id, { period: past ? 'past' : 'current' })));
	const order = (a: AbsenceDto, b: AbsenceDto) =>
		a.firstDay.localeCompare(b.firstDay) || a.startTime.localeCompare(b.startTime);
	const absences = lists.flatMap((r) => (r.ok ? r.value : [])).sort((a, b) => (past ? order(b, a) : order(a, b)));
	return { agents, absences, agentId: agentFilter, past };
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
