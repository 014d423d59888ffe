/** Shared by the create and edit actions: form values → service input, service failures → fail(). */
import { error, fail } from '@sveltejs/kit';
import { checkTimesAndDays, toRecurrence, type PlageFormValues } from '$lib/recurrence-form';
import type { PlageFailure, PlageInput } from '$lib/server/services/plages';

export function plageInput(values: PlageFormValues): { input: PlageInput; errors: Record<string, string> } {
	const { recurrence, errors: recurrenceErrors } = toRecurrence(values.recurrence);
	const errors = { ...checkTimesAndDays(values), ...recurrenceErrors };
	if (!values.title) errors.title = 'Le titre est obligatoire.';
	if (!values.motifIds.length) errors.motifIds = 'Choisissez au moins un motif.';
	return {
		input: {
			agentId: values.agentId,
			title: values.title,
			lieuId: values.lieuId || null,
			motifIds: values.motifIds,
			firstDay: values.firstDay,
			startTime: values.startTime,
			endTime: values.endTime,
			recurrence
		},
		errors
	};
}

/** The form again with field errors or warnings to confirm; not-found and forbidden become error pages. */
export function plageFailure(values: PlageFormValues, failure: PlageFailure) {
	if (failure.code === 'not_found') error(404, failure.message);
	if (failure.code === 'forbidden') error(403, failure.message);
	if (failure.code === 'needs_confirmation')
		return fail(409, { values, errors: {} as Record<string, string>, warnings: failure.warnings });
	return fail(400, { values, errors: failure.fieldErrors, warnings: [] });
}
