/**
 * Creating an usager, or a relative (« proche ») of one with ?responsable=<id>. Possible duplicates (same names
 * and birth date, same phone) are shown with links to their records; « Créer quand même » confirms.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { readUsagerForm } from '$lib/components/usagers/form-fields';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { createUsager, getOrganisationUsager } from '$lib/server/services/usagers';
import type { Actions, PageServerLoad } from './$types';

/** The responsible of the relative being created (404 when unknown or of another organisation). */
async function responsibleOf(orgId: string, url: URL) {
	const id = url.searchParams.get('responsable');
	if (!id) return null;
	const responsible = await getOrganisationUsager(orgId, id);
	if (!responsible) error(404, 'Usager introuvable.');
	return responsible;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireOrganisationAccess(locals, url, params.orgId);
	const responsible = await responsibleOf(params.orgId, url);
	// A relative usually shares the family's name and address: the form starts with the last name.
	const initial: Record<string, string> = responsible ? { lastName: responsible.lastName } : {};
	// One level only: a relative's own relatives go to its responsible (the page says so instead of a form).
	return { responsible, initial, responsibleIsRelative: !!responsible?.responsibleId };
};

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		requireOrganisationAccess(locals, url, params.orgId);
		const responsible = await responsibleOf(params.orgId, url);
		const form = await request.formData();
		const { input, values } = readUsagerForm(form);
		const result = await createUsager({
			...input,
			organisationId: params.orgId,
			responsibleId: responsible?.id,
			allowDuplicates: form.get('confirm') === 'true'
		});
		if (result.ok) {
			const created = result.usager.id;
			redirect(
				303,
				`/agents/org/${params.orgId}/usagers/${responsible ? responsible.id : created}?succes=${responsible ? 'proche-cree' : 'cree'}`
			);
		}
		if (result.kind === 'duplicates') {
			const duplicates = result.duplicates.map((d) => ({
				id: d.usager.id,
				name: `${d.usager.firstName} ${d.usager.lastName}`,
				message: d.message
			}));
			return fail(409, { values, errors: {} as Record<string, string>, duplicates, existing: [] as typeof duplicates });
		}
		const existing = result.existing
			? [
					{
						id: result.existing.id,
						name: `${result.existing.firstName} ${result.existing.lastName}`,
						message: `${result.existing.firstName} ${result.existing.lastName} a cette adresse e-mail.`
					}
				]
			: [];
		return fail(422, { values, errors: result.errors, duplicates: [], existing });
	}
};
