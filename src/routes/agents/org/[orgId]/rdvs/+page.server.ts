/**
 * The RDV list of one organisation: filters in the URL query (a plain GET form, so every state is a link),
 * one page of results and the cursor of the next. A single day (« RDV du jour ») also gives the printable day
 * list per agent, on a larger page.
 */
import { error } from '@sveltejs/kit';
import { isAcceptedDay } from '$lib/domain/calendar-day';
import { addDays, localDay } from '$lib/domain/local-time';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { getOrganisation } from '$lib/server/services/organisations';
import {
	DEFAULT_PAGE_SIZE,
	listRdvs,
	MAX_PAGE_SIZE,
	RDV_LIST_STATUSES,
	RdvListQueryError,
	toFillWindowStart,
	type RdvListStatus
} from '$lib/server/services/rdv-list';
import { loadSearchOptions } from '$lib/server/services/search-options';
import type { PageServerLoad } from './$types';

/** Without dates the list shows the coming month from today. */
const DEFAULT_SPAN_DAYS = 30;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const organisation = await getOrganisation(params.orgId);
	if (!organisation) error(404, 'Organisation introuvable.');
	const now = new Date();
	const today = localDay(now, organisation.timeZone);

	const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
	const status = get('statut');
	const filters = {
		agentId: get('agent'),
		usagerId: get('usager'),
		motifId: get('motif'),
		lieuId: get('lieu'),
		status: RDV_LIST_STATUSES.includes(status as RdvListStatus) ? (status as RdvListStatus) : undefined,
		from: get('du') ?? today,
		to: get('au') ?? (get('du') ? get('du')! : addDays(today, DEFAULT_SPAN_DAYS)),
		cursor: get('curseur')
	};
	const singleDay = filters.from === filters.to && isAcceptedDay(filters.from);
	const options = await loadSearchOptions(viewer, organisation.id);

	let page = null;
	let queryError: { field: string; message: string } | null = null;
	try {
		page = await listRdvs(
			viewer,
			{ organisationId: organisation.id, ...filters, limit: singleDay ? MAX_PAGE_SIZE : DEFAULT_PAGE_SIZE },
			now
		);
	} catch (err) {
		if (!(err instanceof RdvListQueryError)) throw err;
		queryError = { field: err.field, message: err.message };
	}
	if (!queryError && !page) error(404, 'Organisation introuvable.');
	return {
		today,
		/** The « À renseigner » shortcut covers the banner's window, whatever period is shown. */
		toFillFrom: toFillWindowStart(today),
		viewerId: viewer.id,
		filters,
		singleDay,
		options: { agents: options.agents, lieux: options.lieux, services: options.services },
		items: page?.items ?? [],
		nextCursor: page?.nextCursor ?? null,
		queryError,
		// The RDV page redirects here after an admin deletes an RDV; the filter form and links drop the flag.
		success: url.searchParams.get('supprime') === '1' ? 'RDV supprimé.' : undefined
	};
};
