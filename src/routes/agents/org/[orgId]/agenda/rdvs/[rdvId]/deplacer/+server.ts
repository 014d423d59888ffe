/**
 * POST /agents/org/:orgId/agenda/rdvs/:rdvId/deplacer — an RDV dragged or resized in the agenda, saved through
 * the booking service's `moveRdv` (claims, rules, revision, events: the one path that moves RDVs). Same-origin
 * JSON for the agenda page (cookie session, so the cross-site check of the hooks applies); errors take the
 * public API's shape: 409 needs_confirmation with the warnings to confirm (send again with `confirm: true`), 409
 * conflict when the time is taken or the RDV changed since `version` (details.changedBy names who changed it),
 * 409 already_cancelled, 404 for an RDV that is unknown, of another organisation or out of the viewer's sight.
 */
import { z } from 'zod';
import { INSTANT_RANGE_MESSAGE, isAcceptedInstant } from '$lib/domain/calendar-day';
import { jsonError, organisationViewer, privateJson } from '$lib/server/page-json';
import { getRdv, moveRdv, type BookingFailure } from '$lib/server/services/booking';
import type { RequestHandler } from './$types';

const bodySchema = z.object({
	startsAt: z.iso
		.datetime({ offset: true, abort: true, error: 'startsAt doit être une date ISO 8601.' })
		.refine((value) => isAcceptedInstant(new Date(value)), `startsAt : ${INSTANT_RANGE_MESSAGE}`),
	durationMinutes: z
		.number({ error: 'La durée doit être un nombre de minutes.' })
		.int('La durée doit être un nombre entier de minutes.')
		.min(5, 'La durée doit être d’au moins 5 minutes.')
		.max(24 * 60, 'La durée ne peut dépasser 24 heures.'),
	version: z.number({ error: 'La version du RDV est requise.' }).int().min(0),
	confirm: z.boolean().optional()
});

const NOT_FOUND = 'RDV introuvable.';

function refusal(failure: BookingFailure): Response {
	switch (failure.code) {
		case 'not_found':
			return jsonError(404, 'not_found', NOT_FOUND);
		case 'forbidden':
			return jsonError(403, 'forbidden', failure.message);
		case 'needs_confirmation':
			return jsonError(409, 'needs_confirmation', failure.message, { warnings: failure.warnings ?? [] });
		case 'conflict':
			if (failure.reason === 'already_cancelled') return jsonError(409, 'already_cancelled', failure.message);
			return jsonError(
				409,
				'conflict',
				failure.message,
				failure.changedBy ? { changedBy: failure.changedBy } : undefined
			);
		case 'invalid':
			return jsonError(422, 'validation_failed', failure.message, failure.fieldErrors);
	}
}

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const { viewer, refusal: denied } = organisationViewer(locals.agent, params.orgId, 'déplacer ce RDV');
	if (denied) return denied;

	let raw: unknown;
	try {
		raw = await request.json();
	} catch {
		return jsonError(400, 'invalid_json', 'Le corps de la requête doit être du JSON valide.');
	}
	const parsed = bodySchema.safeParse(raw);
	if (!parsed.success) {
		return jsonError(422, 'validation_failed', 'Données invalides.', z.flattenError(parsed.error).fieldErrors);
	}

	// An RDV of another organisation answers like an unknown one, even when the viewer may see it there.
	const rdv = await getRdv(params.rdvId, viewer);
	if (!rdv || rdv.organisationId !== params.orgId) return jsonError(404, 'not_found', NOT_FOUND);

	const { startsAt, durationMinutes, version, confirm } = parsed.data;
	const result = await moveRdv(
		params.rdvId,
		{ startsAt: new Date(startsAt), durationMinutes, expectedVersion: version, confirm },
		{ kind: 'agent', agent: viewer }
	);
	if (!result.ok) return refusal(result);
	const moved = result.rdv;
	return privateJson({
		rdv: {
			id: moved.id,
			startsAt: moved.startsAt,
			endsAt: moved.endsAt,
			durationMinutes: moved.durationMinutes,
			version: moved.version
		},
		notices: result.notices
	});
};
