import { error, fail, redirect } from '@sveltejs/kit';
import { FUNNEL_PATHS, funnelHref } from '$lib/domain/public-booking';
import {
	getUsagerInformations,
	informationsNeeds,
	updateUsagerInformations
} from '$lib/server/services/public-booking';
import { funnelSlot, gridHref, slotRefusal } from '../confirmation/funnel.server';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['firstName', 'lastName', 'birthDate', 'phone', 'street', 'postcode', 'city'] as const;

export const load: PageServerLoad = async (event) => {
	const found = await funnelSlot(event);
	const [informations, refusal] = await Promise.all([
		getUsagerInformations(found.usager.id),
		slotRefusal(found, (p) => funnelHref(FUNNEL_PATHS.informations, p))
	]);
	if (!informations) error(404, 'Compte introuvable.');
	return {
		informations,
		refusal,
		needs: informationsNeeds(found.slot.locationType),
		backHref: gridHref(found.params),
		nextHref: funnelHref(FUNNEL_PATHS.forWhom, found.params)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { usager, params, slot } = await funnelSlot(event);
		const form = await event.request.formData();
		const values = Object.fromEntries(FIELDS.map((k) => [k, String(form.get(k) ?? '')]));
		const result = await updateUsagerInformations(usager.id, values, slot.locationType);
		if (!result.ok) {
			if (result.code === 'not_found') error(404, 'Compte introuvable.');
			return fail(400, { errors: result.fieldErrors, values });
		}
		// A remark (a phone that is no mobile) is shown once, with the way on; otherwise straight on.
		if (Object.keys(result.warnings).length) return { saved: true, warnings: result.warnings, values };
		redirect(303, funnelHref(FUNNEL_PATHS.forWhom, params));
	}
};
