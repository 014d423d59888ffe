import { isAcceptedDay } from '$lib/domain/calendar-day';
import { canSeeAgenda } from '$lib/domain/permissions';
import { requireOrganisationAccess } from '$lib/server/route-guards';
import { listOrganisationAgents } from '$lib/server/services/organisations';
import type { PageServerLoad } from './$types';

/**
 * The agendas of this organisation the viewer may open, the viewer's own first; and the day to open, from
 * `?date=YYYY-MM-DD` (links from a booked RDV) when it is a real day of the accepted years — anything else
 * (2027-02-30, year 9999, a typo) opens today rather than breaking the calendar.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const viewer = requireOrganisationAccess(locals, url, params.orgId);
	const agents = await listOrganisationAgents(params.orgId);
	const visible = agents
		.filter((agent) =>
			canSeeAgenda(viewer, { organisationId: params.orgId, agentId: agent.id, agentServiceIds: agent.serviceIds })
		)
		.map(({ id, firstName, lastName }) => ({ id, firstName, lastName }));
	visible.sort((a, b) => Number(b.id === viewer.id) - Number(a.id === viewer.id));
	const date = url.searchParams.get('date');
	return { agents: visible, viewerId: viewer.id, initialDate: isAcceptedDay(date) ? date : null };
};
