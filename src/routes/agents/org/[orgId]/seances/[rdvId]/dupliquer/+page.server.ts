/**
 * « Dupliquer » a collective session: the same session at another day and time, through the booking service
 * (services/collective-sessions/duplicate.ts). Warnings come back to be confirmed with a box (`confirm`); a taken
 * agent time is refused. Back to the sessions list from the copy's day.
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { readStart } from '$lib/components/rdv-form/wizard-fields';
import { addDays, localDay, localTime } from '$lib/domain/local-time';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { getRdv } from '$lib/server/services/booking';
import { duplicateSession, expectedParticipants } from '$lib/server/services/collective-sessions';
import { getLieu } from '$lib/server/services/lieux';
import { getMotif } from '$lib/server/services/motifs';
import { getOrganisation, listOrganisationAgents } from '$lib/server/services/organisations';
import type { AgentPrincipal } from '$lib/domain/types';
import type { Actions, PageServerLoad } from './$types';

async function requireSession(orgId: string, rdvId: string, viewer: AgentPrincipal) {
	const organisation = await getOrganisation(orgId);
	if (!organisation) error(404, 'Organisation introuvable.');
	const session = await getRdv(rdvId, viewer);
	// Another organisation's RDV, an individual one or one out of sight: like an unknown id.
	if (!session || session.organisationId !== organisation.id || !session.collective) error(404, 'Séance introuvable.');
	return { organisation, session };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const { organisation, session } = await requireSession(params.orgId, params.rdvId, viewer);
	const [motif, lieu, members] = await Promise.all([
		getMotif(organisation.id, session.motifId, viewer),
		session.lieuId ? getLieu(organisation.id, session.lieuId) : null,
		listOrganisationAgents(organisation.id)
	]);
	const start = new Date(session.startsAt);
	const day = localDay(start, organisation.timeZone);
	return {
		session: {
			id: session.id,
			motif: motif?.name ?? 'Motif supprimé',
			motifId: session.motifId,
			title: session.title ?? null,
			day,
			time: localTime(start, organisation.timeZone),
			durationMinutes: session.durationMinutes,
			where: lieu ? `${lieu.name} — ${lieu.address}` : (session.singleUseAddress ?? null),
			agents: members.filter((m) => session.agentIds.includes(m.id)).map((m) => `${m.firstName} ${m.lastName}`),
			maxParticipants: session.maxParticipants ?? null,
			participants: expectedParticipants(session.participants)
		},
		/** The copy starts a week later by default, at the same time. */
		values: { jour: addDays(day, 7), heure: localTime(start, organisation.timeZone) }
	};
};

export const actions: Actions = {
	default: async ({ locals, params, url, request }) => {
		const viewer = requireOrganisationAccess(locals, url, params.orgId);
		const { organisation, session } = await requireSession(params.orgId, params.rdvId, viewer);
		const form = await request.formData();
		const values = { jour: String(form.get('jour') ?? ''), heure: String(form.get('heure') ?? '') };
		const start = readStart(values, { startsAt: '', validStart: false }, organisation.timeZone);
		if (!start.startsAt) return fail(400, { values, errors: start.errors });
		const result = await duplicateSession(viewer, organisation.id, session.id, {
			startsAt: start.startsAt,
			confirm: form.get('confirm') === 'on'
		});
		if (result.ok) {
			const query = new URLSearchParams({ motif: session.motifId, du: values.jour, dupliquee: '1' });
			redirect(303, `/agents/org/${organisation.id}/seances?${query}`);
		}
		if (result.code === 'needs_confirmation')
			return fail(409, {
				values,
				errors: {},
				message: result.message,
				warnings: (result.warnings ?? []).map((w) => w.message)
			});
		const errors = result.fieldErrors?.startsAt ? { heure: result.fieldErrors.startsAt } : {};
		const status =
			result.code === 'conflict' ? 409 : result.code === 'invalid' ? 400 : result.code === 'forbidden' ? 403 : 404;
		return fail(status, { values, errors, message: result.message });
	}
};
