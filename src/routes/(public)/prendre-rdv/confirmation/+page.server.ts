import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { LOCATION_TYPE_LABELS } from '$lib/domain/motif-options';
import { bookedRdvPath, FUNNEL_PATHS, funnelHref } from '$lib/domain/public-booking';
import {
	bookOnline,
	canBookFor,
	getUsagerInformations,
	listRelatives,
	missingInformations,
	onlineBookingContext
} from '$lib/server/services/public-booking';
import { funnelSlot, gridHref, refusalView, slotRefusal } from './funnel.server';
import { confirmationHref, PERSON_PARAM } from './person';
import type { Actions, PageServerLoad } from './$types';

const ACCEPT_MESSAGE = 'Cochez la case pour indiquer que vous avez lu ces informations.';

/**
 * Everything the confirmation needs, checked on every request (the page and its action): the usager and the
 * slot (else back to the search), their details complete for this motif (else « Vos informations »), the person —
 * themselves or one of their relatives (else « Pour qui ») —, and the booking's summary.
 */
async function funnel(event: RequestEvent) {
	const found = await funnelSlot(event);
	const { usager, params, slot } = found;
	const informations = await getUsagerInformations(usager.id);
	if (!informations) error(404, 'Compte introuvable.');
	if (Object.keys(missingInformations(informations, slot.locationType)).length)
		redirect(303, funnelHref(FUNNEL_PATHS.informations, params));
	const personId = event.url.searchParams.get(PERSON_PARAM) ?? '';
	if (!(await canBookFor(usager.id, personId))) redirect(303, funnelHref(FUNNEL_PATHS.forWhom, params));
	// Described as it stands (the motif's openness is the booking's check, said by slotRefusal).
	const context = await onlineBookingContext(slot);
	if (!context) redirect(303, gridHref(params));
	const nextSlotHref = (p: typeof params) => confirmationHref(p, personId);
	return { ...found, informations, personId, context, nextSlotHref };
}

export const load: PageServerLoad = async (event) => {
	const found = await funnel(event);
	const { usager, params, informations, personId, context } = found;
	const [refusal, relatives] = await Promise.all([
		slotRefusal(found, found.nextSlotHref),
		personId === usager.id ? [] : listRelatives(usager.id)
	]);
	const relative = relatives.find((r) => r.id === personId);
	return {
		summary: {
			motif: context.motif.name,
			instructionsBeforeBooking: context.motif.instructionsBeforeBooking,
			where: context.lieu ?? null,
			how: LOCATION_TYPE_LABELS[context.motif.locationType],
			when: context.when,
			durationMinutes: context.motif.durationMinutes,
			organisation: context.organisation.name,
			person: relative
				? `${relative.firstName} ${relative.lastName}`
				: `${informations.firstName} ${informations.lastName} (vous-même)`
		},
		refusal,
		backHref: `${funnelHref(FUNNEL_PATHS.forWhom, params)}&${PERSON_PARAM}=${encodeURIComponent(personId)}`
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { params, slot, personId, actor, context, nextSlotHref } = await funnel(event);
		const form = await event.request.formData();
		if (context.motif.instructionsBeforeBooking && !form.getAll('accept').includes('true'))
			return fail(400, { errors: { accept: ACCEPT_MESSAGE } });
		const result = await bookOnline({ ...slot, usagerIds: [personId], actor });
		if (result.ok) redirect(303, `${bookedRdvPath(result.rdv.id)}${params.embed ? '?embed=1' : ''}`);
		const status = result.code === 'conflict' ? 409 : result.code === 'forbidden' ? 403 : 400;
		return fail(status, { refusal: refusalView(result, params, nextSlotHref) });
	}
};
