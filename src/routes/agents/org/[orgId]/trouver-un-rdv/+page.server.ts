/**
 * Trouver un RDV: the form's choices, then (once a motif is chosen) the lieu cards with their next
 * availability, the 7-day grid of the chosen lieu and, on request, the other organisations of the territory.
 * A collective motif shows its sessions instead (every lieu, full ones disabled), from which the agent adds
 * usagers to a session or creates a new one.
 * The whole search lives in the URL query (domain/creneaux-grid.ts), so every state is a plain GET link.
 */
import { error } from '@sveltejs/kit';
import { dayError } from '$lib/domain/calendar-day';
import { GRID_DAYS, parseSearchState, weekGrid } from '$lib/domain/creneaux-grid';
import { closingHolidaysBetween } from '$lib/domain/holidays';
import { addDays, localDay } from '$lib/domain/local-time';
import { canAccessOrganisation } from '$lib/domain/permissions';
import type { AgentPrincipal } from '$lib/domain/types';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { listMotifSessions } from '$lib/server/services/collective-sessions';
import {
	CreneauxQueryError,
	nextCreneau,
	searchCreneaux,
	searchLieuxWithNextAvailability,
	searchOtherOrganisations
} from '$lib/server/services/creneaux';
import { getOrganisation } from '$lib/server/services/organisations';
import { loadSearchOptions } from '$lib/server/services/search-options';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const organisation = await getOrganisation(params.orgId);
	if (!organisation) error(404, 'Organisation introuvable.');
	const now = new Date();
	const today = localDay(now, organisation.timeZone);
	const state = parseSearchState(url.searchParams, today);
	// parseSearchState falls back to today for a malformed date; an asked day that does not exist (2027-02-30)
	// or lies out of range is said, not searched from some other day.
	const askedDay = url.searchParams.get('date');
	const dateError = askedDay ? dayError(askedDay) : null;
	/** Days of the grid the territory's public holidays close (named in their column). */
	const withHoliday = <D extends { day: string }>(days: D[], holidays: { day: string; name: string }[]) =>
		days.map((d) => ({ ...d, holiday: holidays.find((h) => h.day === d.day)?.name }));
	const options = await loadSearchOptions(viewer, organisation.id);

	// Only motifs offered by the form may be searched: that is where canSeeMotif and "not deleted" apply.
	const motif = options.services.flatMap((s) => s.motifs).find((m) => m.id === state.motifId) ?? null;
	if (!motif) return { state, today, options, motif: null, results: null, queryError: dateError };
	state.serviceId = motif.serviceId;
	if (dateError) return { state, today, options, motif, results: null, queryError: dateError };

	const query = {
		organisationId: organisation.id,
		motifId: motif.id,
		from: state.from,
		agentIds: state.agentIds.length ? state.agentIds : undefined,
		lieuIds: state.lieuIds.length ? state.lieuIds : undefined,
		audience: 'agent' as const,
		viewer,
		now
	};
	try {
		if (motif.collective) {
			const sessions = await listMotifSessions(query);
			if (!sessions) error(404, 'Motif introuvable.');
			const wider = state.wider ? await widerSearch(viewer, organisation.id, motif.id, state.from, now) : null;
			return {
				state,
				today,
				options,
				motif,
				results: {
					cards: null,
					grid: null,
					sessions: {
						...sessions,
						days: withHoliday(
							sessions.days,
							closingHolidaysBetween(organisation, state.from, addDays(state.from, GRID_DAYS))
						)
					},
					wider
				},
				queryError: null
			};
		}

		const cards = await searchLieuxWithNextAvailability(query);
		if (!cards) error(404, 'Motif introuvable.');
		// A single place needs no choice: show its grid at once.
		const lieuId = state.lieuId ?? (cards.lieux.length === 1 ? (cards.lieux[0].lieu?.id ?? '') : undefined);

		let grid = null;
		if (lieuId !== undefined) {
			const gridQuery = { ...query, lieuIds: lieuId ? [lieuId] : query.lieuIds };
			const search = await searchCreneaux({ ...gridQuery, to: addDays(state.from, GRID_DAYS) });
			if (!search) error(404, 'Motif introuvable.');
			const days = weekGrid(
				search.slots,
				state.from,
				lieuId,
				search.agents.map((a) => a.id)
			);
			const empty = days.every((d) => d.slots.length === 0);
			const next = empty ? await nextCreneau({ ...gridQuery, from: addDays(state.from, GRID_DAYS) }) : null;
			grid = {
				lieuId,
				lieu: cards.lieux.find((c) => (c.lieu?.id ?? '') === lieuId)?.lieu ?? null,
				agents: search.agents,
				days: withHoliday(days, search.holidays),
				emptyMessage: empty
					? (search.emptyMessage ?? next?.emptyMessage ?? 'Aucun créneau libre cette semaine.')
					: null,
				next: next?.next ?? null
			};
		}

		const wider = state.wider ? await widerSearch(viewer, organisation.id, motif.id, state.from, now) : null;
		return { state, today, options, motif, results: { cards, grid, sessions: null, wider }, queryError: null };
	} catch (err) {
		if (err instanceof CreneauxQueryError) {
			return { state, today, options, motif, results: null, queryError: err.message };
		}
		throw err;
	}
};

/** "Élargir la recherche": the territory's other organisations, with how to book or contact each. */
async function widerSearch(viewer: AgentPrincipal, organisationId: string, motifId: string, from: string, now: Date) {
	const others = await searchOtherOrganisations({ organisationId, motifId, from, now });
	if (!others) return null;
	const contacts = await Promise.all(others.results.map((r) => getOrganisation(r.organisation.id)));
	return {
		...others,
		results: others.results.map((r, i) => ({
			...r,
			// Booking there goes through that organisation's own back-office: only for its members.
			canBook: canAccessOrganisation(viewer, r.organisation.id),
			contact: {
				phone: contacts[i]?.phone,
				email: contacts[i]?.email,
				openingHoursText: contacts[i]?.openingHoursText
			}
		}))
	};
}
