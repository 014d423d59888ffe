import { error, fail } from '@sveltejs/kit';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { cancelUsagerRdv, getUsagerRdv } from '$lib/server/services/usager-space';
import type { Actions, PageServerLoad } from './$types';

/** Another person's RDV, or none: 404 either way (the page never tells that an id exists). */
async function rdvOf(usagerId: string, rdvId: string) {
	const rdv = await getUsagerRdv(usagerId, rdvId);
	if (!rdv) error(404, 'Rendez-vous introuvable.');
	return rdv;
}

export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const rdv = await rdvOf(usager.id, event.params.rdvId);
	const search = event.url.searchParams;
	return {
		rdv,
		// From the list's « Annuler », or a browser without JavaScript: the question is asked on the page.
		askCancel: search.get('annuler') === '1' && rdv.actions.cancel.allowed,
		moved: search.get('deplace') === '1'
	};
};

const version = (form: FormData) => {
	const n = Number(form.get('version'));
	return Number.isInteger(n) && n >= 0 ? n : undefined;
};

export const actions: Actions = {
	cancel: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		if (form.get('confirmed') !== '1') return { askCancel: true };
		const result = await cancelUsagerRdv(usager.id, event.params.rdvId, { expectedVersion: version(form) });
		if (result.ok) return { cancelled: true };
		if (result.code === 'not_found') error(404, 'Rendez-vous introuvable.');
		return fail(result.code === 'conflict' ? 409 : 403, { cancelError: result.message });
	}
};
