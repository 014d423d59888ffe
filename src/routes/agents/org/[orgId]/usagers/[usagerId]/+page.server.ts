/**
 * The usager's page in one organisation: identity, contact, address, preferences, the responsible person and
 * relatives, referent agents (add / remove) and the RDVs of the last and next twelve months. An usager without
 * a profile here answers 404, like an unknown one.
 */
import { error, fail } from '@sveltejs/kit';
import { addDays, localDay } from '$lib/domain/local-time';
import { rdvStatusLabel } from '$lib/domain/rdv-status';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { getOrganisation, listOrganisationAgents } from '$lib/server/services/organisations';
import { listRdvs, MAX_PAGE_SIZE, type RdvListItem } from '$lib/server/services/rdv-list';
import { getUsagerRecord, setReferent } from '$lib/server/services/usagers';
import type { Actions, PageServerLoad } from './$types';

/** The RDV list covers at most a year per query. */
const SPAN_DAYS = 365;
const SHOWN = 20;

const SUCCESS: Record<string, string> = {
	cree: 'L’usager a été créé.',
	'proche-cree': 'Le proche a été ajouté.',
	modifie: 'Les informations de l’usager ont été enregistrées.'
};

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const agent = requireOrganisationAccess(locals, url, params.orgId);
	const [organisation, usager] = await Promise.all([
		getOrganisation(params.orgId),
		getUsagerRecord(params.orgId, params.usagerId)
	]);
	if (!organisation || !usager) error(404, 'Usager introuvable.');
	const now = new Date();
	const today = localDay(now, organisation.timeZone);
	const query = { organisationId: organisation.id, usagerId: usager.id, limit: MAX_PAGE_SIZE };
	const [upcoming, past, agents] = await Promise.all([
		listRdvs(agent, { ...query, from: today, to: addDays(today, SPAN_DAYS - 1) }, now),
		listRdvs(agent, { ...query, from: addDays(today, -SPAN_DAYS), to: addDays(today, -1) }, now),
		listOrganisationAgents(organisation.id)
	]);
	const row = (r: RdvListItem) => ({
		id: r.id,
		day: r.day,
		time: r.time,
		motif: r.motif.name,
		agents: r.agents.map((a) => `${a.firstName} ${a.lastName}`).join(', '),
		status: rdvStatusLabel(r.status, { startsAt: new Date(r.startsAt), timeZone: organisation.timeZone }, now)
	});
	const referentIds = new Set(usager.referents.map((r) => r.id));
	return {
		usager,
		success: SUCCESS[url.searchParams.get('succes') ?? ''] ?? null,
		upcoming: (upcoming?.items ?? []).slice(0, SHOWN).map(row),
		// Most recent first.
		past: (past?.items ?? []).slice(-SHOWN).reverse().map(row),
		rdvListHref: `/agents/org/${organisation.id}/rdvs?usager=${usager.id}&du=${addDays(today, -SPAN_DAYS)}&au=${addDays(today, SPAN_DAYS - 1)}`,
		referentChoices: agents
			.filter((a) => !referentIds.has(a.id))
			.map((a) => ({ value: a.id, label: `${a.firstName} ${a.lastName}` }))
	};
};

async function referentAction({ locals, params, url, request }: Parameters<Actions[string]>[0], referent: boolean) {
	requireOrganisationAccess(locals, url, params.orgId);
	const form = await request.formData();
	const result = await setReferent(params.orgId, params.usagerId, String(form.get('agentId') ?? ''), referent);
	if (!result.ok && result.kind === 'not_found') error(404, 'Usager introuvable.');
	if (!result.ok) return fail(422, { referentError: result.errors.agentId });
	return { referentSuccess: referent ? 'Le référent a été ajouté.' : 'Le référent a été retiré.' };
}

export const actions: Actions = {
	addReferent: (event) => referentAction(event, true),
	removeReferent: (event) => referentAction(event, false)
};
