import { error, redirect } from '@sveltejs/kit';
import { absenceFormValues, readAbsenceForm } from '$lib/recurrence-form';
import { readPostedForm } from '$lib/server/posted-form';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { deleteAbsence, getAbsence, listAbsenceConflicts, updateAbsence } from '$lib/server/services/absences';
import { absenceFailure, absenceInput, confirmed } from '../absence-form.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const [result, conflicts] = await Promise.all([
		getAbsence(viewer, params.absenceId),
		listAbsenceConflicts(viewer, params.absenceId)
	]);
	if (!result.ok) error(result.code === 'forbidden' ? 403 : 404, result.message);
	return {
		absence: result.value,
		values: absenceFormValues(result.value),
		conflicts: conflicts.ok ? conflicts.value : []
	};
};

export const actions: Actions = {
	update: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const { form, values, input, refusal } = await readPostedForm(request, readAbsenceForm, absenceInput);
		if (refusal) return absenceFailure(values, refusal);
		const { agentId: _agentId, ...changes } = input;
		const result = await updateAbsence(viewer, params.absenceId, changes, { confirm: confirmed(form) });
		if (!result.ok) return absenceFailure(values, result);
		return { saved: true };
	},

	delete: async ({ locals, params, url }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const result = await deleteAbsence(viewer, params.absenceId);
		if (!result.ok) error(result.code === 'forbidden' ? 403 : 404, result.message);
		redirect(303, `/agents/org/${params.orgId}/indisponibilites`);
	}
};
