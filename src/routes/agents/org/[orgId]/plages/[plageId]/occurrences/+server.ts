/**
 * GET /agents/org/:orgId/plages/:plageId/occurrences?from&to — the plage's occurrences between two local days
 * (`to` excluded), cancelled ones flagged, and its agent's other plages for context, as calendar occurrences for
 * the plage page's calendar preview. Same-origin JSON (cookie session); the public API lives under /api/v1.
 */
import { type CalendarOccurrence } from '$lib/occurrence-calendar';
import { jsonError, organisationViewer, privateJson } from '$lib/server/page-json';
import { plageCalendar } from '$lib/server/services/plages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { viewer, refusal } = organisationViewer(locals.agent, params.orgId, 'consulter cette plage');
	if (refusal) return refusal;
	const range = { from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' };
	const result = await plageCalendar(viewer, params.plageId, range, { organisationId: params.orgId });
	if (!result.ok) {
		if (result.code === 'invalid') return jsonError(400, 'invalid_query', 'Paramètres invalides.', result.fieldErrors);
		if (result.code === 'forbidden') return jsonError(403, 'forbidden', result.message);
		return jsonError(404, 'not_found', result.message);
	}
	const occurrences: CalendarOccurrence[] = result.value.occurrences.map((o) => ({
		id: `${o.plageId}:${o.day}`,
		title: o.title,
		day: o.day,
		startTime: o.startTime,
		endTime: o.endTime,
		timeZone: o.timeZone,
		...(o.cancelled ? { cancelled: true } : {}),
		...(o.overridden ? { overridden: true } : {}),
		...(o.own ? {} : { muted: true }),
		...(o.holiday ? { holiday: o.holiday } : {})
	}));
	return privateJson({ occurrences });
};
