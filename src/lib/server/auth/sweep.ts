import { ApiToken } from '../db/models/api-token.ts';
import { PasswordResetToken } from '../db/models/password-reset-token.ts';
import { RateLimitSlot } from '../db/models/rate-limit.ts';
import { Session } from '../db/models/session.ts';
import { UsagerLoginCode } from '../db/models/usager-login-code.ts';
import { UsagerSession } from '../db/models/usager-session.ts';
import { DEFAULT_API_TOKEN_LIFETIME_DAYS, ENDED_API_TOKEN_RETENTION_MS } from './api-token.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * For a periodic job: deletes expired sessions (agents' and usagers'), usagers' sign-in codes, reset links and rate-limit hits, and API tokens that ended (expired
 * or revoked) more than 30 days ago — until then « Mon compte » lists them, so the agent sees why a script stopped.
 * Expiry is already enforced when each is read; this only reclaims space. These are range deletes, which FerretDB
 * evaluates by scanning: fine on a periodic job, never on a request path, and the sweep is what keeps these
 * collections bounded by what is live.
 */
export async function sweepExpiredAuthRecords(now = new Date()): Promise<{ deleted: number }> {
	const endedBefore = new Date(now.getTime() - ENDED_API_TOKEN_RETENTION_MS);
	const results = await Promise.all([
		Session.deleteMany({ expiresAt: { $lte: now } }),
		UsagerSession.deleteMany({ expiresAt: { $lte: now } }),
		UsagerLoginCode.deleteMany({ expiresAt: { $lte: now } }),
		PasswordResetToken.deleteMany({ expiresAt: { $lte: now } }),
		RateLimitSlot.deleteMany({ expiresAt: { $lte: now } }),
		ApiToken.deleteMany({ expiresAt: { $lte: endedBefore } }),
		ApiToken.deleteMany({ revokedAt: { $lte: endedBefore } }),
		// Tokens from before every token had an expiry: they ended DEFAULT days after their creation.
		ApiToken.deleteMany({
			expiresAt: { $exists: false },
			createdAt: { $lte: new Date(endedBefore.getTime() - DEFAULT_API_TOKEN_LIFETIME_DAYS * DAY_MS) }
		})
	]);
	return { deleted: results.reduce((n, r) => n + r.deletedCount, 0) };
}
