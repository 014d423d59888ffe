/**
 * The collective sessions of one organisation (« Séances »): filters in the URL query (a plain GET form, so every
 * state is a link) — motif, from day, « avec places restantes » —, one page and the cursor of the next.
 */
import { error } from '@sveltejs/kit';
import { localDay } from '$lib/domain/local-time';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { listSessions, SessionListQueryError } from '$lib/server/services/collective-sessions';
import { getOrganisation } from '$lib/server/services/organisations';
import { loadSearchOptions } from '$lib/server/services/search-options';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const organisation = await getOrganisation(params.orgId);
	if (!organisation) error(404, 'Organisation introuvable.');
	const today = localDay(new Date(), organisation.timeZone);
	const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
	const filters = {
		motifId: get('motif'),
		from: get('du') ?? today,
		withSeats: get('places') === '1',
		cursor: get('curseur')
	};
	const options = await loadSearchOptions(viewer, organisation.id);
	// Only collective motifs have sessions.
	const motifs = options.services.flatMap((s) =>
		s.motifs.filter((m) => m.collective).map((m) => ({ value: m.id, label: `${m.name} — ${s.name}` }))
	);

	let page = null;
	let queryError: { field: string; message: string } | null = null;
	try {
		page = await listSessions(viewer, { organisationId: organisation.id, ...filters });
	} catch (err) {
		if (!(err instanceof SessionListQueryError)) throw err;
		queryError = { field: err.field, message: err.message };
	}
	if (!queryError && !page) error(404, 'Organisation introuvable.');
	return {
		filters,
		motifs,
		items: page?.items ?? [],
		nextCursor: page?.nextCursor ?? null,
		queryError,
		duplicated: url.searchParams.get('dupliquee') === '1'
	};
};
