/** The organisation resource of /api/v1: which organisations an agent may read, in their API form. */
import type { OrganisationDto } from '../../domain/dto.ts';
import { canAccessOrganisation, canSeeOrganisation, organisationRole } from '../../domain/permissions.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { env } from '../env.ts';
import { getOrganisation, listOrganisationsForAgent } from '../services/organisations.ts';
import type { OrganisationSchema } from './schemas.ts';
import type { z } from 'zod';

export type ApiOrganisation = z.input<typeof OrganisationSchema>;

export function toApiOrganisation(agent: AgentPrincipal, org: OrganisationDto): ApiOrganisation {
	const role = canAccessOrganisation(agent, org.id) ? organisationRole(agent, org.id) : null;
	return {
		id: org.id,
		name: org.name,
		territoryId: org.territoryId,
		departementNumber: org.departementNumber,
		timeZone: org.timeZone,
		phone: org.phone,
		email: org.email,
		website: org.website,
		openingHoursText: org.openingHoursText,
		bookingUrl: `${env.publicUrl}/org/${org.id}/${org.slug}`,
		role: role === 'basic' || role === 'admin' ? role : null
	};
}

const visible = (agent: AgentPrincipal, org: OrganisationDto) =>
	canSeeOrganisation(agent, { organisationId: org.id, territoryId: org.territoryId });

export async function listApiOrganisations(agent: AgentPrincipal): Promise<ApiOrganisation[]> {
	const orgs = await listOrganisationsForAgent(agent);
	return orgs.filter((o) => visible(agent, o)).map((o) => toApiOrganisation(agent, o));
}

/** Null both when it does not exist and when the agent may not see it: callers answer 404 either way. */
export async function getApiOrganisation(agent: AgentPrincipal, id: string): Promise<ApiOrganisation | null> {
	const org = await getOrganisation(id);
	return org && visible(agent, org) ? toApiOrganisation(agent, org) : null;
}
