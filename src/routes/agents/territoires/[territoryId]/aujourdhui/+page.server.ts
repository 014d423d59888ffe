/**
 * « Aujourd'hui » of a territory, for its territorial admins: one row per organisation (counters, occupancy), kept
 * live from the organisations' board rooms. Anyone else gets 404, like an unknown territory.
 */
import { error } from '@sveltejs/kit';
import { canAccessOrganisation } from '$lib/domain/permissions';
import { requireAgent } from '$lib/server/route-guards';
import { territoryBoard } from '$lib/server/services/board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireAgent(locals, url);
	const now = new Date();
	const result = await territoryBoard(viewer, params.territoryId, now);
	if (!result.ok) error(404, result.message);
	return {
		territory: result.value.territory,
		now: now.toISOString(),
		organisations: result.value.organisations.map(({ board, ...data }) => ({
			...data,
			board,
			// The organisation's own board opens to its members (the back-office of an organisation needs a role in it).
			canOpen: canAccessOrganisation(viewer, data.organisation.id)
		}))
	};
};
