import { PasswordResetToken } from '../db/models/password-reset-token.ts';
import { RateLimitSlot } from '../db/models/rate-limit.ts';
import { Session } from '../db/models/session.ts';

/**
 * For a periodic job: deletes expired sessions, reset links and rate-limit hits. Expiry is already enforced
 * when each is read; this only reclaims space (a range scan, fine once a day, never on a request path).
 */
export async function sweepExpiredAuthRecords(now = new Date()): Promise<{ deleted: number }> {
	const results = await Promise.all([
		Session.deleteMany({ expiresAt: { $lte: now } }),
		PasswordResetToken.deleteMany({ expiresAt: { $lte: now } }),
		RateLimitSlot.deleteMany({ expiresAt: { $lte: now } })
	]);
	return { deleted: results.reduce((n, r) => n + r.deletedCount, 0) };
}
