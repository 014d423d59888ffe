/**
 * « Aujourd'hui »: the supervisors' live board of one organisation (admins, secrétariat, territorial admins who
 * are members). The page holds the day's board cards and each agent's open time, then follows the board room and
 * recomputes with domain/board.ts after each message; the next slots per motif stream in after the first paint.
 */
import { error } from '@sveltejs/kit';
import { isTerritorialAdmin } from '$lib/domain/permissions';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { boardNextSlots, organisationBoard } from '$lib/server/services/board';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const now = new Date();
	const result = await organisationBoard(viewer, params.orgId, now);
	if (!result.ok) error(result.code === 'forbidden' ? 403 : 404, result.message);
	const { board, ...data } = result.value;
	// Streamed: the scan ahead may take a moment per motif, the counters should not wait for it.
	const nextSlots = boardNextSlots(viewer, params.orgId, now).then((r) => (r.ok ? r.value : []));
	// Territorial admins also get the territory's view, one row per organisation.
	const territoryId = isTerritorialAdmin(viewer, data.organisation.territoryId) ? data.organisation.territoryId : null;
	return { ...data, board, now: now.toISOString(), nextSlots, territoryId };
};
