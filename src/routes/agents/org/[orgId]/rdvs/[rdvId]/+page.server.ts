/**
 * The RDV page: every field, the participants, the change history, and the status and cancel actions. Thin:
 * the read is getRdvDetails, the writes changeRdvStatus and cancelRdv (booking service), which check the rights
 * again; this only maps their answers to HTTP statuses and French messages.
 */
import { error, fail } from '@sveltejs/kit';
import { RDV_STATUS_LABELS } from '$lib/domain/rdv-status';
import { RDV_STATUSES, type RdvStatus } from '$lib/domain/types';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import {
	cancelRdv,
	changeRdvStatus,
	getRdvDetails,
	type BookingFailure,
	type BookingResult
} from '$lib/server/services/booking';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const agent = requireOrganisationAccess(locals, url, params.orgId);
	const now = new Date();
	const result = await getRdvDetails(params.orgId, params.rdvId, agent, now);
	if (result.kind === 'not_found') error(404, 'RDV introuvable.');
	if (result.kind === 'forbidden') error(403, 'Vous n’avez pas accès à ce RDV : il relève d’un autre service.');
	// The labels « À venir / Aujourd'hui / À renseigner » depend on the time: the server's, so hydration agrees.
	return { ...result.details, now: now.toISOString() };
};

const HTTP_STATUS: Record<BookingFailure['code'], number> = {
	not_found: 404,
	forbidden: 403,
	invalid: 400,
	conflict: 409,
	needs_confirmation: 409
};

function failure(result: BookingFailure, action: 'status' | 'cancel') {
	return fail(HTTP_STATUS[result.code], {
		action,
		message: result.message,
		/** A newer change by someone else: the page offers to reload. */
		stale: result.changedBy !== undefined
	});
}

/** The version the page was showing (the page always sends it; without one the service would not check). */
function readVersion(form: FormData): number | undefined {
	const raw = form.get('version');
	const version = Number(raw);
	return raw !== null && Number.isInteger(version) && version >= 0 ? version : undefined;
}

const isStatus = (value: unknown): value is RdvStatus => RDV_STATUSES.includes(value as RdvStatus);

function done(result: BookingResult, action: 'status' | 'cancel', message: string) {
	if (!result.ok) return failure(result, action);
	return { action, done: message };
}

export const actions: Actions = {
	status: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const status = form.get('status');
		if (!isStatus(status)) return fail(400, { action: 'status', message: 'Choisissez un statut.', stale: false });
		const participant = form.get('participant');
		const participantUsagerId = typeof participant === 'string' && participant ? participant : undefined;
		const result = await changeRdvStatus(
			params.rdvId,
			{ status, version: readVersion(form), participantUsagerId },
			agent
		);
		const label = status === 'unknown' ? 'à venir / à renseigner' : `« ${RDV_STATUS_LABELS[status]} »`;
		return done(
			result,
			'status',
			participantUsagerId ? `Statut du participant : ${label}.` : `Statut du RDV : ${label}.`
		);
	},
	cancel: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const status = form.get('status');
		if (status !== 'revoked' && status !== 'excused')
			return fail(400, { action: 'cancel', message: 'Choisissez qui annule le RDV.', stale: false });
		const result = await cancelRdv(params.rdvId, { kind: 'agent', agent }, status, {
			expectedVersion: readVersion(form)
		});
		return done(result, 'cancel', `RDV annulé (${RDV_STATUS_LABELS[status].toLowerCase()}).`);
	}
};
