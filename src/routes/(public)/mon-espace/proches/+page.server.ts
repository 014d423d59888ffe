import { fail } from '@sveltejs/kit';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { addRelative, listRelatives, removeRelative, updateRelative } from '$lib/server/services/public-booking';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['firstName', 'lastName', 'birthDate'] as const;
const valuesOf = (form: FormData) => Object.fromEntries(FIELDS.map((k) => [k, String(form.get(k) ?? '')]));

export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const relatives = await listRelatives(usager.id);
	const editing = event.url.searchParams.get('modifier');
	return { relatives, editing: relatives.some((r) => r.id === editing) ? editing : null };
};

export const actions: Actions = {
	add: async (event) => {
		const usager = requireUsager(event);
		const values = valuesOf(await event.request.formData());
		const result = await addRelative(usager.id, values);
		if (result.ok) return { added: result.relative.id };
		return fail(400, { action: 'add' as const, errors: result.fieldErrors, values });
	},
	update: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		const relativeId = String(form.get('relativeId') ?? '');
		const values = valuesOf(form);
		const result = await updateRelative(usager.id, relativeId, values);
		if (result.ok) return { updated: relativeId };
		if (result.code === 'not_found') return fail(404, { removeError: result.message });
		return fail(400, { action: 'update' as const, relativeId, errors: result.fieldErrors, values });
	},
	remove: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		const result = await removeRelative(usager.id, String(form.get('relativeId') ?? ''));
		if (result.ok) return { removed: true };
		return fail(result.code === 'not_found' ? 404 : 409, { removeError: result.message });
	}
};
