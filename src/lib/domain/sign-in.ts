import type { AgentRole } from './types.ts';

export interface SignInCandidate {
	email?: string | null;
	deletedAt?: Date | null;
	roles: readonly { level: AgentRole }[];
}

/**
 * Whether an agent account may hold a session or an API token. Deleted agents may not; intervenants may not
 * (they have no email, and a role that is intervenant everywhere grants nothing). An agent without any
 * organisation role yet (a territorial admin, a fresh invitee) may: it can still reach its own pages.
 */
export function agentMaySignIn(agent: SignInCandidate): boolean {
	if (agent.deletedAt) return false;
	if (!agent.email) return false;
	return agent.roles.length === 0 || agent.roles.some((r) => r.level !== 'intervenant');
}
