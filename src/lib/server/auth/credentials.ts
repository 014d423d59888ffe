/**
 * Everything that lets someone act as an agent without typing their password: sessions (and the sockets opened
 * with them), API tokens, and pending password-reset links. A password reset and « Se déconnecter partout » end
 * them all: whoever stole a session must not keep a token, or a link, that outlives the agent's reaction.
 * Anything new that acts for an agent without the password belongs here too (the ICS feed secret, whose hash the
 * Agent model already reserves, once the feed exists).
 */
import { PasswordResetToken } from '../db/models/password-reset-token.ts';
import { logger } from '../logger.ts';
import { revokeAllApiTokens } from './api-token.ts';
import { invalidateAgentSessions } from './session.ts';

export interface RevokedCredentials {
	sessions: number;
	apiTokens: number;
	resetLinks: number;
}

export async function revokeAgentCredentials(agentId: string, now = new Date()): Promise<RevokedCredentials> {
	// Sessions first: createApiToken re-checks its session after inserting, so a token created concurrently is
	// either seen by the token revocation below or revoked by its own creator (see there).
	const sessions = await invalidateAgentSessions(agentId);
	const apiTokens = await revokeAllApiTokens(agentId, now);
	const { deletedCount: resetLinks } = await PasswordResetToken.deleteMany({ agentId });
	logger.info({ agentId, sessions, apiTokens, resetLinks }, 'agent credentials revoked');
	return { sessions, apiTokens, resetLinks };
}
