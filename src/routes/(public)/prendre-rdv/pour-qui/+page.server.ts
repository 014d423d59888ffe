import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { FUNNEL_PATHS, funnelHref } from '$lib/domain/public-booking';
import {
	addRelative,
	canBookFor,
	getUsagerInformations,
	listRelatives,
	missingInformations
} from '$lib/server/services/public-booking';
import { funnelSlot, slotRefusal } from '../confirmation/funnel.server';
import { confirmationHref, PERSON_PARAM } from '../confirmation/person';
import type { Actions, PageServerLoad } from './$types';

const NEW_RELATIVE = 'nouveau';
const CHOOSE_MESSAGE = 'Choisissez pour qui est le rendez-vous.';

/** The usager and the slot, with their own details complete for this motif (else back to « Vos informations »). */
async function funnel(event: RequestEvent) {
	const found = await funnelSlot(event);
	const informations = await getUsagerInformations(found.usager.id);
	if (!informations) error(404, 'Compte introuvable.');
	if (Object.keys(missingInformations(informations, found.slot.locationType)).length)
		redirect(303, funnelHref(FUNNEL_PATHS.informations, found.params));
	return { ...found, informations };
}

export const load: PageServerLoad = async (event) => {
	const found = await funnel(event);
	const { usager, params, informations } = found;
	const [relatives, refusal] = await Promise.all([
		listRelatives(usager.id),
		slotRefusal(found, (p) => funnelHref(FUNNEL_PATHS.forWhom, p))
	]);
	return {
		self: { id: usager.id, name: `${informations.firstName} ${informations.lastName}` },
		relatives,
		refusal,
		chosen: event.url.searchParams.get(PERSON_PARAM) ?? usager.id,
		newRelative: NEW_RELATIVE,
		backHref: funnelHref(FUNNEL_PATHS.informations, params)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { usager, params } = await funnel(event);
		const form = await event.request.formData();
		const choice = String(form.get('pour') ?? '');
		if (choice === NEW_RELATIVE) {
			const values = {
				firstName: String(form.get('firstName') ?? ''),
				lastName: String(form.get('lastName') ?? ''),
				birthDate: String(form.get('birthDate') ?? '')
			};
			const added = await addRelative(usager.id, values);
			if (!added.ok) return fail(400, { choice, values, errors: added.fieldErrors });
			redirect(303, confirmationHref(params, added.relative.id));
		}
		if (!choice || !(await canBookFor(usager.id, choice)))
			return fail(400, { choice, values: {}, errors: { pour: CHOOSE_MESSAGE } });
		redirect(303, confirmationHref(params, choice));
	}
};
