import { redirect } from '@sveltejs/kit';
import { NO_RECURRENCE, plageFormValues, readPlageForm, type PlageFormValues } from '$lib/recurrence-form';
import { readPostedForm } from '$lib/server/posted-form';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { createPlage, getPlage, plageFormOptions } from '$lib/server/services/plages';
import { plageFailure, plageInput } from '../plage-form.server';
import type { Actions, PageServerLoad } from './$types';

/** A blank form, or a copy of an existing plage (?dupliquer=<id>) without its occurrence exceptions. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const options = await plageFormOptions(viewer, params.orgId);
	const sourceId = url.searchParams.get('dupliquer');
	const source = sourceId ? await getPlage(viewer, sourceId, { organisationId: params.orgId }) : null;
	const defaultAgent = options.agents[0]?.id ?? '';
	const values: PlageFormValues = source?.ok
		? { ...plageFormValues(source.value), title: `${source.value.title} (copie)` }
		: {
				agentId: url.searchParams.get('agent') ?? defaultAgent,
				title: '',
				lieuId: options.lieux.length === 1 ? (options.lieux[0]?.id ?? '') : '',
				motifIds: [],
				firstDay: '',
				startTime: '09:00',
				endTime: '12:00',
				recurrence: NO_RECURRENCE
			};
	return { options, values, duplicate: !!source?.ok };
};

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const { form, values, input, refusal } = await readPostedForm(request, readPlageForm, plageInput);
		if (refusal) return plageFailure(values, refusal);
		const result = await createPlage(viewer, params.orgId, input, { confirm: form.get('confirm') === 'on' });
		if (!result.ok) return plageFailure(values, result);
		redirect(303, `/agents/org/${params.orgId}/plages/${result.value.id}?creee=1`);
	}
};
