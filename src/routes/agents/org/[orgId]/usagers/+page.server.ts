/**
 * The organisation's usagers: a search (name, birth name, phone, e-mail, birth date) or, without one, the
 * alphabetical list page by page (cursor in the URL, so every page is a link).
 */
import { error } from '@sveltejs/kit';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { listUsagers, searchUsagers, UsagerCursorError } from '$lib/server/services/usagers';
import type { PageServerLoad } from './$types';

const SEARCH_RESULTS = 50;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireOrganisationAccess(locals, url, params.orgId);
	const q = url.searchParams.get('q')?.trim() ?? '';
	if (q) {
		const usagers = await searchUsagers(params.orgId, q, { limit: SEARCH_RESULTS });
		return { q, usagers, nextCursor: null, searched: true, paged: false };
	}
	const cursor = url.searchParams.get('curseur') ?? undefined;
	try {
		const page = await listUsagers(params.orgId, { cursor });
		return { q, usagers: page.items, nextCursor: page.nextCursor ?? null, searched: false, paged: !!cursor };
	} catch (err) {
		if (err instanceof UsagerCursorError) error(400, 'Lien de page invalide : revenez au début de la liste.');
		throw err;
	}
};
