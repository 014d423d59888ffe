/**
 * GET /agents/org/:orgId/aujourdhui/creneaux — the board's next online slot per motif, read again by the page
 * after a live change touching one of those motifs (same-origin JSON, cookie session; the public API gives the
 * same within GET /api/v1/organisations/{orgId}/board).
 */
import { jsonError, organisationViewer, privateJson } from '$lib/server/page-json';
import { boardNextSlots } from '$lib/server/services/board';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
	const { viewer, refusal } = organisationViewer(locals.agent, params.orgId, 'consulter ce tableau de bord');
	if (refusal) return refusal;
	const result = await boardNextSlots(viewer, params.orgId);
	if (!result.ok) return jsonError(result.code === 'forbidden' ? 403 : 404, result.code, result.message);
	return privateJson({ nextSlots: result.value });
};
