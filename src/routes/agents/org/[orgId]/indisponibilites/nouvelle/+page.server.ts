import { redirect } from '@sveltejs/kit';
import { canEditAgenda } from '$lib/domain/permissions';
import { NO_RECURRENCE, readAbsenceForm, type AbsenceFormValues } from '$lib/recurrence-form';
import { readPostedForm } from '$lib/server/posted-form';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { createAbsence } from '$lib/server/services/absences';
import { listOrganisationAgents } from '$lib/server/services/organisations';
import { absenceFailure, absenceInput, confirmed } from '../absence-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const agents = (await listOrganisationAgents(params.orgId))
		.filter(
			(a) =>
				a.id === viewer.id ||
				canEditAgenda(viewer, { organisationId: params.orgId, agentId: a.id, agentServiceIds: a.serviceIds })
		)
		.map(({ id, firstName, lastName }) => ({ id, firstName, lastName }))
		.sort((a, b) => Number(b.id === viewer.id) - Number(a.id === viewer.id));
	const values: AbsenceFormValues = {
		agentId: url.searchParams.get('agent') ?? viewer.id,
		title: '',
		kind: 'one',
		firstDay: '',
		endDay: '',
		startTime: '09:00',
		endTime: '17:00',
		recurrence: NO_RECURRENCE
	};
	return { agents, values };
};

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const { form, values, input, refusal } = await readPostedForm(request, readAbsenceForm, absenceInput);
		if (refusal) return absenceFailure(values, refusal);
		const result = await createAbsence(viewer, input, { organisationId: params.orgId, confirm: confirmed(form) });
		if (!result.ok) return absenceFailure(values, result);
		redirect(303, `/agents/org/${params.orgId}/indisponibilites`);
	}
};
