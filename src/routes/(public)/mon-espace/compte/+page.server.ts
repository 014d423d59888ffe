import { error, fail, redirect } from '@sveltejs/kit';
import { deleteUsagerSessionCookie } from '$lib/server/auth/usager-session';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { deleteUsagerAccount, listUsagerRdvs } from '$lib/server/services/usager-space';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const { upcoming } = await listUsagerRdvs(usager.id);
	const active = upcoming.filter((r) => r.status === 'unknown');
	return {
		email: usager.email,
		upcomingCount: active.length,
		askDelete: event.url.searchParams.get('supprimer') === '1'
	};
};

export const actions: Actions = {
	delete: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		if (form.get('confirmed') !== '1') return { askDelete: true };
		const result = await deleteUsagerAccount(usager.id);
		if (!result.ok && result.code === 'not_found') error(404, 'Compte introuvable.');
		if (!result.ok) return fail(409, { deleteError: result.message });
		deleteUsagerSessionCookie(event.cookies);
		redirect(303, '/mon-espace/compte/supprime');
	}
};
