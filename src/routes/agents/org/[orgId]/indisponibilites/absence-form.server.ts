/** Shared by the create and edit actions: form values → service input, service failures → fail(). */
import { error, fail } from '@sveltejs/kit';
import { dayError } from '$lib/domain/calendar-day';
import { checkTimesAndDays, toRecurrence, type AbsenceFormValues } from '$lib/recurrence-form';
import type { AbsenceFailure, AbsenceInput, AbsenceWarning } from '$lib/server/services/absences';

export function absenceInput(values: AbsenceFormValues): { input: AbsenceInput; errors: Record<string, string> } {
	const { recurrence, errors: recurrenceErrors } = toRecurrence(values.recurrence);
	const errors = { ...checkTimesAndDays(values), ...recurrenceErrors };
	if (!values.title) errors.title = 'Le titre est obligatoire.';
	if (values.kind === 'several') {
		const endDayError = values.endDay ? dayError(values.endDay) : 'Indiquez le dernier jour (JJ/MM/AAAA).';
		if (endDayError) errors.endDay = endDayError;
	}
	return {
		input: {
			agentId: values.agentId,
			title: values.title,
			firstDay: values.firstDay,
			endDay: values.kind === 'several' ? values.endDay : values.firstDay,
			startTime: values.startTime,
			endTime: values.endTime,
			recurrence: values.kind === 'recurring' ? recurrence : null
		},
		errors
	};
}

/** The agent ticked « Enregistrer malgré les RDV chevauchés » (shown with the warnings). */
export const confirmed = (form: FormData) => form.get('confirm') === 'on';

/** The form again with field errors or RDVs to confirm; not-found and forbidden become error pages. */
export function absenceFailure(values: AbsenceFormValues, failure: AbsenceFailure) {
	if (failure.code === 'not_found') error(404, failure.message);
	if (failure.code === 'forbidden') error(403, failure.message);
	if (failure.code === 'needs_confirmation')
		return fail(409, { values, errors: {} as Record<string, string>, warnings: failure.warnings });
	return fail(400, { values, errors: failure.fieldErrors, warnings: [] as AbsenceWarning[] });
}
