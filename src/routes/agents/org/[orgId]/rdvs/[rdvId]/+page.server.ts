/**
 * The RDV page: every field, the participants (add, remove, notification choices), the change history, and the
 * status, cancel and delete actions (the edit form is ./modifier). Thin: the read is getRdvDetails, the writes
 * are the booking service's, which check the rights and the version again; this only maps their answers to
 * HTTP statuses and French messages.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { canAdminOrganisation } from '$lib/domain/permissions';
import { RDV_STATUS_LABELS } from '$lib/domain/rdv-status';
import { RDV_STATUSES, type RdvStatus, type SessionAgent } from '$lib/domain/types';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import {
	addRdvParticipants,
	cancelRdv,
	changeRdvStatus,
	deleteRdv,
	getRdv,
	getRdvDetails,
	removeRdvParticipant,
	takenSeats,
	updateRdvParticipant,
	type BookingFailure,
	type BookingResult
} from '$lib/server/services/booking';
import { searchUsagers } from '$lib/server/services/usagers';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ depends, locals, params, url }) => {
	const agent = requireOrganisationAccess(locals, url, params.orgId);
	// Invalidated by the page when another agent changes this RDV (RDV_DEPENDENCY in rdv-live.svelte.ts).
	depends('app:rdv');
	const now = new Date();
	const result = await getRdvDetails(params.orgId, params.rdvId, agent, now);
	if (result.kind === 'not_found') error(404, 'RDV introuvable.');
	if (result.kind === 'forbidden') error(403, 'Vous n’avez pas accès à ce RDV : il relève d’un autre service.');
	const { details } = result;
	// The usager search of « Ajouter un participant » (a GET form: the results are a page of their own).
	const q = (url.searchParams.get('q') ?? '').trim();
	const canChange = details.allowedStatuses.length > 0;
	const found = canChange && q ? await searchUsagers(params.orgId, q) : [];
	const notice = url.searchParams.has('modifie')
		? 'RDV modifié.'
		: url.searchParams.has('ajoute')
			? 'Participant ajouté.'
			: null;
	return {
		...details,
		// The labels « À venir / Aujourd'hui / À renseigner » depend on the time: the server's, so hydration agrees.
		now: now.toISOString(),
		canDelete: canAdminOrganisation(agent, params.orgId),
		/** Presence and « modifié par » leave the viewer's own tabs and changes out. */
		viewerId: agent.id,
		takenSeats: takenSeats(details.participants),
		/** The result of a form that came back here (edit, add a participant). */
		notice,
		search: {
			q,
			usagers: found
				.filter((u) => !details.participants.some((p) => p.usagerId === u.id))
				.map(({ id, firstName, lastName, birthDate, phone }) => ({ id, firstName, lastName, birthDate, phone }))
		}
	};
};

const HTTP_STATUS: Record<BookingFailure['code'], number> = {
	not_found: 404,
	forbidden: 403,
	invalid: 400,
	conflict: 409,
	needs_confirmation: 409
};

type Action = 'status' | 'cancel' | 'participants' | 'participant' | 'delete';

function failure(result: BookingFailure, action: Action, extra: { usager?: string } = {}) {
	return fail(HTTP_STATUS[result.code], {
		action,
		message: result.message,
		/** A newer change by someone else: the page offers to reload. */
		stale: result.changedBy !== undefined,
		/** needs_confirmation: what to confirm. */
		warnings: (result.warnings ?? []).map((w) => w.message),
		...extra
	});
}

const formText = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};
const ID = /^[0-9a-f]{24}$/;

/** The version the page was showing (the page always sends it; without one the service would not check). */
function readVersion(form: FormData): number | undefined {
	const raw = form.get('version');
	const version = Number(raw);
	return raw !== null && Number.isInteger(version) && version >= 0 ? version : undefined;
}

/** A participant change without the version the page showed (a form from elsewhere): reload rather than guess. */
const missingVersion = (action: Action) =>
	fail(400, { action, message: 'Version du RDV manquante : rechargez la page.', stale: true });

const isStatus = (value: unknown): value is RdvStatus => RDV_STATUSES.includes(value as RdvStatus);

/**
 * The services check the agent's rights, not the path: an RDV of another organisation (one the agent also
 * belongs to) is unknown under this one's path, as the load says, so the actions refuse it as an unknown id.
 */
async function elsewhere(orgId: string, rdvId: string, agent: SessionAgent): Promise<BookingFailure | null> {
	const rdv = await getRdv(rdvId, agent);
	return rdv && rdv.organisationId !== orgId ? { ok: false, code: 'not_found', message: 'RDV introuvable.' } : null;
}

function done(result: BookingResult, action: Action, message: string) {
	if (!result.ok) return failure(result, action);
	return { action, done: message };
}

export const actions: Actions = {
	status: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const status = form.get('status');
		if (!isStatus(status)) return fail(400, { action: 'status' as Action, message: 'Choisissez un statut.' });
		const participant = form.get('participant');
		const participantUsagerId = typeof participant === 'string' && participant ? participant : undefined;
		const result =
			(await elsewhere(params.orgId, params.rdvId, agent)) ??
			(await changeRdvStatus(params.rdvId, { status, version: readVersion(form), participantUsagerId }, agent));
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
			return fail(400, { action: 'cancel' as Action, message: 'Choisissez qui annule le RDV.' });
		const result =
			(await elsewhere(params.orgId, params.rdvId, agent)) ??
			(await cancelRdv(params.rdvId, { kind: 'agent', agent }, status, { expectedVersion: readVersion(form) }));
		return done(result, 'cancel', `RDV annulé (${RDV_STATUS_LABELS[status].toLowerCase()}).`);
	},
	addParticipant: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const usager = formText(form, 'usager');
		if (!ID.test(usager))
			return fail(400, { action: 'participants' as Action, message: 'Choisissez l’usager à ajouter.' });
		const version = readVersion(form);
		if (version === undefined) return missingVersion('participants');
		const result =
			(await elsewhere(params.orgId, params.rdvId, agent)) ??
			(await addRdvParticipants(
				params.rdvId,
				{
					usagerIds: [usager],
					sendLifecycleNotifications: form.has('lifecycle'),
					sendReminderNotification: form.has('reminder'),
					confirm: formText(form, 'confirm') === 'on',
					version
				},
				agent
			));
		if (!result.ok) return failure(result, 'participants', { usager });
		// Back to the page without the search: the new participant is in the list.
		redirect(303, `/agents/org/${params.orgId}/rdvs/${params.rdvId}?ajoute=1`);
	},
	removeParticipant: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const version = readVersion(form);
		if (version === undefined) return missingVersion('participant');
		const result =
			(await elsewhere(params.orgId, params.rdvId, agent)) ??
			(await removeRdvParticipant(params.rdvId, formText(form, 'usager'), { version }, agent));
		return done(result, 'participant', 'Participant retiré.');
	},
	notifications: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		const version = readVersion(form);
		if (version === undefined) return missingVersion('participant');
		const result =
			(await elsewhere(params.orgId, params.rdvId, agent)) ??
			(await updateRdvParticipant(
				params.rdvId,
				formText(form, 'usager'),
				{
					sendLifecycleNotifications: form.has('lifecycle'),
					sendReminderNotification: form.has('reminder'),
					version
				},
				agent
			));
		return done(result, 'participant', 'Notifications du participant enregistrées.');
	},
	delete: async ({ locals, params, request, url }) => {
		const agent = requireOrganisationAccess(locals, url, params.orgId);
		const form = await request.formData();
		// Without JavaScript the button posts straight away: ask on the page first (the dialog asks otherwise).
		if (formText(form, 'confirmed') !== '1') return { action: 'delete' as Action, confirmDelete: true };
		const result =
			(await elsewhere(params.orgId, params.rdvId, agent)) ??
			(await deleteRdv(params.rdvId, agent, { version: readVersion(form) }));
		if (!result.ok) return failure(result, 'delete');
		redirect(303, `/agents/org/${params.orgId}/rdvs?supprime=1`);
	}
};
