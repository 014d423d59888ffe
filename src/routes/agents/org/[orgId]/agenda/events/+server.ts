/**
 * GET /agents/org/:orgId/agenda/events?start&end&agentIds[&cancelled=1] — the requested agendas as FullCalendar
 * events: RDVs (cancelled ones only with cancelled=1), plages, absences and holidays as background blocks, and
 * whether something falls on the weekend (services/agenda/feed.ts). Same-origin JSON for the agenda page (cookie
 * session); the public API lives under /api/v1.
 */
import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, isAcceptedInstant } from '$lib/domain/calendar-day';
import { jsonError, organisationViewer, privateJson } from '$lib/server/page-json';
import { agendaFeed } from '$lib/server/services/agenda/feed';
import type { RequestHandler } from './$types';

/**
 * A week view asks for 7 days, a list or day view less; anything much longer is not this page (and would read
 * months of RDVs in one request).
 */
const MAX_RANGE_DAYS = 42;
const MAX_AGENTS = 50;

/** An ISO 8601 instant (zod refuses impossible dates such as 30 February) within the accepted years. */
const instant = (name: string) =>
	z.iso
		.datetime({ offset: true, abort: true, error: `${name} doit être une date ISO 8601.` })
		.refine((value) => isAcceptedInstant(new Date(value)), `${name} : ${INSTANT_RANGE_MESSAGE}`);

const querySchema = z
	.object({
		start: instant('start'),
		end: instant('end'),
		agentIds: z
			.string()
			.transform((s) => [...new Set(s.split(',').filter(Boolean))])
			.pipe(
				z
					.array(z.string().regex(/^[0-9a-f]{24}$/i, 'Identifiant d’agent invalide.'))
					.min(1, 'Au moins un agent est requis.')
					.max(MAX_AGENTS, `Au plus ${MAX_AGENTS} agents.`)
			),
		cancelled: z.enum(['0', '1'], { error: 'cancelled vaut 0 ou 1.' }).optional()
	})
	.transform((q) => ({ ...q, from: new Date(q.start), to: new Date(q.end) }))
	.refine((q) => q.to > q.from, { message: 'end doit être après start.', path: ['end'] })
	.refine((q) => q.to.getTime() - q.from.getTime() <= MAX_RANGE_DAYS * 86_400_000, {
		message: `La période demandée dépasse ${MAX_RANGE_DAYS} jours.`,
		path: ['end']
	});

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const { viewer, refusal } = organisationViewer(locals.agent, params.orgId, 'consulter cet agenda');
	if (refusal) return refusal;

	const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) {
		return jsonError(400, 'invalid_query', 'Paramètres invalides.', z.flattenError(parsed.error).fieldErrors);
	}
	const { agentIds, from, to, cancelled } = parsed.data;
	const result = await agendaFeed(viewer, {
		organisationId: params.orgId,
		agentIds,
		from,
		to,
		includeCancelled: cancelled === '1'
	});
	if (!result.ok) {
		return jsonError(403, 'forbidden', 'Vous n’avez pas accès à l’agenda demandé.', {
			agentIds: result.refusedAgentIds
		});
	}
	return privateJson(result.feed);
};
