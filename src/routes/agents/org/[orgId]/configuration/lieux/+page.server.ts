import { fail, redirect } from '@sveltejs/kit';
import { configSuccessMessage } from '$lib/config-messages';
import { requireOrganisationAdmin } from '$lib/server/config-pages';
import { deleteLieu, disableLieu, enableLieu, getLieu, listLieux } from '$lib/server/services/lieux';
import { ServiceError } from '$lib/server/services/service-error';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	return {
		lieux: await listLieux(params.orgId, { includeDisabled: true }),
		success: configSuccessMessage(url)
	};
};

const listUrl = (orgId: string, code: string) => `/agents/org/${orgId}/configuration/lieux?succes=${code}`;

const lieuIdOf = async (request: Request) => String((await request.formData()).get('lieuId') ?? '');

/** Refusals of the service become an alert on the list; anything else is a real error. */
function listFailure(err: unknown) {
	if (err instanceof ServiceError) return fail(err.code === 'conflict' ? 409 : 400, { actionError: err.message });
	throw err;
}

export const actions: Actions = {
	disable: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const lieuId = await lieuIdOf(request);
		try {
			await disableLieu(agent, params.orgId, lieuId);
		} catch (err) {
			return listFailure(err);
		}
		redirect(303, listUrl(params.orgId, 'lieu-desactive'));
	},

	enable: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const lieuId = await lieuIdOf(request);
		try {
			await enableLieu(agent, params.orgId, lieuId);
		} catch (err) {
			return listFailure(err);
		}
		redirect(303, listUrl(params.orgId, 'lieu-active'));
	},

	/** Two steps, so that it works without JavaScript: first ask for confirmation, then delete. */
	delete: async ({ locals, url, params, request }) => {
		const agent = requireOrganisationAdmin(locals, url, params.orgId);
		const form = await request.formData();
		const lieuId = String(form.get('lieuId') ?? '');
		const lieu = await getLieu(params.orgId, lieuId);
		if (!lieu) return fail(404, { actionError: 'Ce lieu n’existe pas ou a déjà été supprimé.' });
		if (form.get('confirm') !== 'oui') return { confirmDelete: { id: lieu.id, name: lieu.name } };
		try {
			await deleteLieu(agent, params.orgId, lieuId);
		} catch (err) {
			return listFailure(err);
		}
		redirect(303, listUrl(params.orgId, 'lieu-supprime'));
	}
};
