/**
 * The RDV edit form: day, time, duration, lieu or single-use address, agents and context note, at the version
 * the page was showing. Thin: editRdv (booking service) checks the rights, the rules and the version again;
 * this reads the form, checks its own fields, and maps the service's answer to French messages next to them.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { dayError } from '$lib/domain/calendar-day';
import { localDay, localTime, TIME_PATTERN, toInstant } from '$lib/domain/local-time';
import { isActiveRdvStatus } from '$lib/domain/rdv-status';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { formFieldErrors } from '$lib/server/form-field-errors';
import { editRdv, getRdvDetails } from '$lib/server/services/booking';
import { listLieux } from '$lib/server/services/lieux';
import { listOrganisationAgents } from '$lib/server/services/organisations';
import type { Actions, PageServerLoad } from './$types';

const ID = /^[0-9a-f]{24}$/;

async function editable(locals: App.Locals, url: URL, orgId: string, rdvId: string) {
	const agent = requireOrganisationAccess(locals, url, orgId);
	const result = await getRdvDetails(orgId, rdvId, agent);
	if (result.kind === 'not_found') error(404, 'RDV introuvable.');
	if (result.kind === 'forbidden') error(403, 'Vous n’avez pas accès à ce RDV : il relève d’un autre service.');
	// allowedStatuses is empty exactly when the viewer may not change the RDV.
	if (result.details.allowedStatuses.length === 0) error(403, 'Vous ne pouvez pas modifier ce RDV.');
	return { agent, details: result.details };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { agent, details } = await editable(locals, url, params.orgId, params.rdvId);
	const { rdv } = details;
	const [lieux, members] = await Promise.all([listLieux(params.orgId), listOrganisationAgents(params.orgId)]);
	const start = new Date(rdv.startsAt);
	return {
		rdv: { id: rdv.id, organisationId: rdv.organisationId, version: rdv.version, timeZone: rdv.timeZone },
		title: rdv.title ?? details.motif.name,
		viewerId: agent.id,
		active: isActiveRdvStatus(rdv.status),
		/** What the form starts with: the RDV as saved. */
		initial: {
			jour: localDay(start, rdv.timeZone),
			heure: localTime(start, rdv.timeZone),
			duree: String(rdv.durationMinutes),
			lieu: rdv.lieuId ?? '',
			adresse: rdv.singleUseAddress ?? '',
			context: rdv.context ?? ''
		},
		agentIds: rdv.agentIds,
		lieux: lieux.map(({ id, name, address }) => ({ id, name, address })),
		// An agent of the RDV who left the organisation stays listed, so that saving does not drop them unseen.
		members: [
			...members.map(({ id, firstName, lastName }) => ({ id, name: `${firstName} ${lastName}` })),
			...details.agents.filter((a) => !members.some((m) => m.id === a.id))
		]
	};
};

interface EditFormState {
	errors: Record<string, string>;
	message?: string;
	/** needs_confirmation: what « Enregistrer quand même » confirms. */
	warnings?: string[];
	/** A newer change by someone else: the page offers to reload. */
	stale?: boolean;
}

/** The booking service's field names → this form's. */
const FIELD_NAMES: Record<string, string> = {
	startsAt: 'heure',
	durationMinutes: 'duree',
	lieuId: 'lieu',
	singleUseAddress: 'adresse',
	agentIds: 'agent',
	context: 'context'
};

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		const { agent, details } = await editable(locals, url, params.orgId, params.rdvId);
		const form = await request.formData();
		const text = (name: string) => {
			const v = form.get(name);
			return typeof v === 'string' ? v : '';
		};
		const values = {
			jour: text('jour'),
			heure: text('heure'),
			duree: text('duree'),
			lieu: text('lieu'),
			adresse: text('adresse').trim(),
			context: text('context')
		};
		const agentIds = form.getAll('agent').filter((a): a is string => typeof a === 'string' && ID.test(a));
		const version = Number(text('version'));
		const failWith = (status: number, state: EditFormState) => fail(status, { values, agentIds, ...state });
		if (!Number.isInteger(version) || version < 0)
			return failWith(400, { errors: {}, message: 'Version du RDV manquante : rechargez la page.', stale: true });

		// Checks of this form's own fields (the booking service checks the rest).
		const errors: Record<string, string> = {};
		const active = isActiveRdvStatus(details.rdv.status);
		let startsAt: Date | undefined;
		let durationMinutes: number | undefined;
		if (active) {
			const jourError = values.jour ? dayError(values.jour) : 'Choisissez le jour du RDV.';
			if (jourError) errors.jour = jourError;
			if (!TIME_PATTERN.test(values.heure)) errors.heure = 'Indiquez l’heure de début (HH:MM).';
			else if (Number(values.heure.slice(3)) % 5 !== 0)
				errors.heure = 'L’heure doit tomber sur un multiple de 5 minutes.';
			if (!errors.jour && !errors.heure) startsAt = toInstant(values.jour, values.heure, details.rdv.timeZone);
			durationMinutes = Number(values.duree);
			if (!Number.isInteger(durationMinutes) || durationMinutes < 5 || durationMinutes > 1440 || durationMinutes % 5)
				errors.duree = 'Durée invalide : de 5 à 1440 minutes, par pas de 5 minutes.';
			if (values.lieu && !ID.test(values.lieu)) errors.lieu = 'Lieu introuvable ou désactivé.';
			if (values.lieu && values.adresse) errors.adresse = 'Choisissez un lieu ou une adresse, pas les deux.';
			if (values.adresse.length > 300) errors.adresse = 'L’adresse fait au plus 300 caractères.';
			if (agentIds.length === 0) errors.agent = 'Choisissez au moins un agent.';
		}
		if (values.context.trim().length > 5000) errors.context = 'La note fait au plus 5000 caractères.';
		if (Object.keys(errors).length)
			return failWith(400, { errors, message: 'Le formulaire contient des erreurs : corrigez les champs signalés.' });

		const result = await editRdv(
			params.rdvId,
			{
				...(active
					? {
							startsAt,
							durationMinutes,
							lieuId: values.lieu || null,
							singleUseAddress: values.adresse || null,
							agentIds
						}
					: {}),
				context: values.context,
				confirm: text('confirm') === 'on',
				version
			},
			agent
		);
		if (result.ok) redirect(303, `/agents/org/${params.orgId}/rdvs/${params.rdvId}?modifie=1`);
		switch (result.code) {
			case 'needs_confirmation':
				return failWith(409, {
					errors: {},
					message: result.message,
					warnings: (result.warnings ?? []).map((w) => w.message)
				});
			case 'conflict':
				// A newer change: the agent reloads to see it (the form keeps what they typed until then).
				return failWith(409, { errors: {}, message: result.message, stale: result.changedBy !== undefined });
			case 'invalid':
				return failWith(400, { errors: formFieldErrors(result, FIELD_NAMES), message: result.message });
			default:
				return failWith(result.code === 'forbidden' ? 403 : 404, { errors: {}, message: result.message });
		}
	}
};
