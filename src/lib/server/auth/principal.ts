import { Agent } from '../db/models/agent.ts';
import { Service } from '../db/models/service.ts';
import { agentMaySignIn } from '../../domain/sign-in.ts';
import type { SessionAgent } from '../../domain/types.ts';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * The principal of an agent, built fresh from its Agent and Service documents on every session or API-token
 * validation, so that a role change or a deletion takes effect on the next request. Null when the agent may
 * not act (unknown, deleted, intervenant).
 */
export async function loadSessionAgent(agentId: string): Promise<SessionAgent | null> {
	if (!OBJECT_ID.test(agentId)) return null;
	const agent = await Agent.findById(agentId).lean();
	if (!agent || !agentMaySignIn(agent)) return null;
	// Few services per agent and a small collection: `$in` on ids is fine here.
	const secretariat =
		agent.serviceIds.length > 0 &&
		(await Service.countDocuments({ _id: { $in: agent.serviceIds }, isSecretariat: true })) > 0;
	return {
		id: String(agent._id),
		email: agent.email ?? undefined,
		firstName: agent.firstName ?? '',
		lastName: agent.lastName,
		roles: agent.roles.map((r) => ({ organisationId: String(r.organisationId), level: r.level })),
		serviceIds: agent.serviceIds.map(String),
		secretariat,
		territorialRoles: agent.territorialRoles.map((t) => ({
			territoryId: String(t.territoryId),
			manageTeams: t.manageTeams ?? false,
			manageAccessRights: t.manageAccessRights ?? false,
			inviteAgents: t.inviteAgents ?? false
		}))
	};
}
