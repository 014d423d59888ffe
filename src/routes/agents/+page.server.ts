import { redirect } from '@sveltejs/kit';
import { canAccessOrganisation } from '$lib/domain/permissions';
import { requireAgent } from '$lib/server/route-guards';
import { listOrganisationsForAgent } from '$lib/server/services/organisations';
import type { PageServerLoad } from './$types';

/**
 * /agents opens the agenda of the agent's first organisation. Territorial admins also get the organisations of
 * their territory from listOrganisationsForAgent, but only those where they hold a role have a back-office.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const agent = requireAgent(locals, url);
	const first = (await listOrganisationsForAgent(agent)).find((o) => canAccessOrganisation(agent, o.id));
	if (first) redirect(303, `/agents/org/${first.id}/agenda`);
	return {};
};
