import { error, fail } from '@sveltejs/kit';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { updateUsagerInformations } from '$lib/server/services/public-booking';
import { getUsagerProfile, updateNotificationPreferences } from '$lib/server/services/usager-space';
import type { Actions, PageServerLoad } from './$types';

const INFORMATION_FIELDS = ['firstName', 'lastName', 'birthDate', 'phone', 'street', 'postcode', 'city'] as const;

export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const profile = await getUsagerProfile(usager.id);
	if (!profile) error(404, 'Compte introuvable.');
	return { profile };
};

export const actions: Actions = {
	informations: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		const values = Object.fromEntries(INFORMATION_FIELDS.map((k) => [k, String(form.get(k) ?? '')]));
		const result = await updateUsagerInformations(usager.id, values);
		if (result.ok) return { saved: 'informations' as const, warnings: result.warnings };
		if (result.code === 'not_found') error(404, 'Compte introuvable.');
		return fail(400, { errors: result.fieldErrors, values });
	},
	preferences: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		// Each checkbox sends a hidden "false" first, then "true" when ticked.
		const ticked = (name: string) => form.getAll(name).includes('true');
		const saved = await updateNotificationPreferences(usager.id, {
			notifyByEmail: ticked('notifyByEmail'),
			notifyBySms: ticked('notifySms')
		});
		if (!saved) error(404, 'Compte introuvable.');
		return { saved: 'preferences' as const };
	}
};
