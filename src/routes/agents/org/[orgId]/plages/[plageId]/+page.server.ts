import { error, fail, redirect } from '@sveltejs/kit';
import { isAcceptedDay } from '$lib/domain/calendar-day';
import { closingHoliday, type HolidayTerritory } from '$lib/domain/holidays';
import { localDay } from '$lib/domain/local-time';
import { nextOccurrences } from '$lib/domain/plage-occurrences';
import { plageFormValues, readPlageForm } from '$lib/recurrence-form';
import { readPostedForm } from '$lib/server/posted-form';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import {
	cancelFollowing,
	cancelOccurrence,
	canEditPlage,
	deletePlage,
	editFollowing,
	getPlage,
	overrideOccurrence,
	plageFormOptions,
	restoreOccurrence,
	updatePlage,
	type PlageDto,
	type PlageFailure
} from '$lib/server/services/plages';
import { getOrganisation } from '$lib/server/services/organisations';
import { plageFailure, plageInput } from '../plage-form.server';
import type { Actions, PageServerLoad } from './$types';

const PREVIEW_COUNT = 10;

/**
 * The next occurrences from today, cancelled ones included (shown struck through with "Rétablir"), and the public
 * holiday that leaves a (not cancelled) occurrence without slots.
 */
function upcoming(plage: PlageDto, today: string, territory: HolidayTerritory) {
	return nextOccurrences(plage, today, PREVIEW_COUNT).map((o) => ({
		day: o.day,
		startTime: o.startTime,
		endTime: o.endTime,
		lieuId: o.lieuId,
		cancelled: o.cancelled,
		changed: o.overridden,
		holiday: o.cancelled ? undefined : closingHoliday(territory, o.day)?.name
	}));
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const result = await getPlage(viewer, params.plageId, { organisationId: params.orgId });
	if (!result.ok) error(result.code === 'forbidden' ? 403 : 404, result.message);
	const plage = result.value;
	const [options, editable, organisation] = await Promise.all([
		plageFormOptions(viewer, params.orgId),
		canEditPlage(viewer, plage),
		getOrganisation(plage.organisationId)
	]);
	if (!organisation) error(404, 'Organisation introuvable.');
	const occurrence = url.searchParams.get('occurrence');
	const scope = url.searchParams.get('portee') === 'suivantes' ? 'following' : 'one';
	return {
		plage,
		values: plageFormValues(plage),
		options,
		editable,
		upcoming: upcoming(plage, localDay(new Date(), plage.timeZone), organisation),
		// A link to an impossible day (2027-02-30) opens no form: it would edit a day that does not exist.
		editing: occurrence && isAcceptedDay(occurrence) ? { day: occurrence, scope } : null,
		created: url.searchParams.has('creee')
	};
};

type OccurrenceValues = { day: string; scope: 'one' | 'following'; startTime: string; endTime: string; lieuId: string };

function occurrenceFailure(values: OccurrenceValues, failure: PlageFailure) {
	if (failure.code === 'not_found') error(404, failure.message);
	if (failure.code === 'forbidden') error(403, failure.message);
	if (failure.code === 'needs_confirmation')
		return fail(409, {
			occurrence: values,
			occurrenceErrors: {} as Record<string, string>,
			occurrenceWarnings: failure.warnings
		});
	return fail(400, { occurrence: values, occurrenceErrors: failure.fieldErrors, occurrenceWarnings: [] });
}

export const actions: Actions = {
	update: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const { form, values, input, refusal } = await readPostedForm(request, readPlageForm, plageInput);
		if (refusal) return plageFailure(values, refusal);
		const result = await updatePlage(viewer, params.plageId, input, {
			organisationId: params.orgId,
			confirm: form.get('confirm') === 'on'
		});
		if (!result.ok) return plageFailure(values, result);
		return { saved: true };
	},

	delete: async ({ locals, params, url }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const result = await deletePlage(viewer, params.plageId, { organisationId: params.orgId });
		if (!result.ok) error(result.code === 'forbidden' ? 403 : 404, result.message);
		redirect(303, `/agents/org/${params.orgId}/plages`);
	},

	cancelOccurrence: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const day = String(form.get('day') ?? '');
		const following = form.get('scope') === 'following';
		const options = { organisationId: params.orgId };
		const result = following
			? await cancelFollowing(viewer, params.plageId, day, options)
			: await cancelOccurrence(viewer, params.plageId, day, options);
		if (!result.ok) {
			if (result.code === 'invalid') return fail(400, { occurrenceMessage: result.message });
			error(result.code === 'forbidden' ? 403 : 404, result.message);
		}
		if (following && result.value === null) redirect(303, `/agents/org/${params.orgId}/plages`);
		return { occurrenceDone: following ? 'Les occurrences suivantes sont annulées.' : 'L’occurrence est annulée.' };
	},

	restoreOccurrence: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const day = String((await request.formData()).get('day') ?? '');
		const result = await restoreOccurrence(viewer, params.plageId, day, { organisationId: params.orgId });
		if (!result.ok) {
			if (result.code === 'invalid') return fail(400, { occurrenceMessage: result.message });
			error(result.code === 'forbidden' ? 403 : 404, result.message);
		}
		return { occurrenceDone: 'L’occurrence est rétablie.' };
	},

	editOccurrence: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const values: OccurrenceValues = {
			day: String(form.get('day') ?? ''),
			scope: form.get('scope') === 'following' ? 'following' : 'one',
			startTime: String(form.get('startTime') ?? ''),
			endTime: String(form.get('endTime') ?? ''),
			lieuId: String(form.get('lieuId') ?? '')
		};
		const options = { organisationId: params.orgId, confirm: form.get('confirm') === 'on' };
		const change = { startTime: values.startTime, endTime: values.endTime, lieuId: values.lieuId || null };
		if (values.scope === 'following') {
			const result = await editFollowing(viewer, params.plageId, values.day, change, options);
			if (!result.ok) return occurrenceFailure(values, result);
			if (result.value.before) redirect(303, `/agents/org/${params.orgId}/plages/${result.value.after.id}?scindee=1`);
			return { occurrenceDone: 'La série est modifiée.' };
		}
		const result = await overrideOccurrence(viewer, params.plageId, values.day, change, options);
		if (!result.ok) return occurrenceFailure(values, result);
		return { occurrenceDone: 'L’occurrence est modifiée.' };
	}
};
