import { error } from '@sveltejs/kit';
import { buildAgentMenu } from '$lib/agent-menu';
import {
	canAccessOrganisation,
	canAdminOrganisation,
	canSuperviseOrganisation,
	isTerritorialAdmin
} from '$lib/domain/permissions';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { getOrganisation, listOrganisationsForAgent } from '$lib/server/services/organisations';
import { countRdvsToFill } from '$lib/server/services/rdv-list';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, params, url }) => {
	const agent = requireOrganisationAccess(locals, url, params.orgId);
	const [organisation, organisations] = await Promise.all([
		getOrganisation(params.orgId),
		listOrganisationsForAgent(agent)
	]);
	if (!organisation) error(404, 'Organisation introuvable.');
	// « N RDV à renseigner » on the agenda and the RDV list only: a few equality queries on the agent's weeks.
	const section = /^\/agents\/org\/[^/]+\/([^/]+)\/?$/.exec(url.pathname)?.[1];
	const toFill =
		section === 'agenda' || section === 'rdvs'
			? await countRdvsToFill(agent, organisation.id, organisation.timeZone)
			: null;
	return {
		toFill: toFill && toFill.count > 0 ? { ...toFill, agentId: agent.id } : null,
		organisation,
		// The switcher lists the back-offices the agent can open (not every organisation a territorial admin manages).
		organisations: organisations
			.filter((o) => canAccessOrganisation(agent, o.id))
			.map(({ id, name }) => ({ id, name })),
		menu: buildAgentMenu(organisation.id, {
			isAdmin: canAdminOrganisation(agent, organisation.id),
			isTerritorialAdmin: isTerritorialAdmin(agent, organisation.territoryId),
			canSupervise: canSuperviseOrganisation(agent, {
				organisationId: organisation.id,
				territoryId: organisation.territoryId
			})
		})
	};
};
