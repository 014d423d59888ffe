/**
 * Who acted, by name, for the live push and presence: a member from the shared members cache
 * (services/organisation-members.ts), else (an agent who left meanwhile) one read by id.
 */
import type { RdvCardPerson } from '../../domain/rdv-card.ts';
import { Agent } from '../db/models/agent.ts';
import type { OrganisationMembers } from '../services/organisation-members.ts';

export { organisationMembers, type OrganisationMembers as LiveMembers } from '../services/organisation-members.ts';

export async function actorOf(
	agentId: string | undefined,
	members: OrganisationMembers
): Promise<RdvCardPerson | undefined> {
	if (!agentId) return undefined;
	const member = members.get(agentId);
	if (member) return { id: member.id, firstName: member.firstName, lastName: member.lastName };
	const agent = await Agent.findById(agentId, { firstName: 1, lastName: 1 }).lean();
	return agent ? { id: agentId, firstName: agent.firstName ?? '', lastName: agent.lastName } : undefined;
}
