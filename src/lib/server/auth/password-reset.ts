/**
 * Password reset by emailed link: 32 random bytes in the link, only their SHA-256 stored, valid one hour,
 * single use. Asking for a link always gets the same answer, whether or not the address has an account.
 */
import { Agent } from '../db/models/agent.ts';
import { PasswordResetToken } from '../db/models/password-reset-token.ts';
import { env } from '../env.ts';
import { logger } from '../logger.ts';
import { sendEmail } from '../notify/mailer.ts';
import { passwordResetEmail } from '../notify/templates.ts';
import { agentMaySignIn } from '../../domain/sign-in.ts';
import { hashPassword, validateNewPassword } from './password.ts';
import { rateLimitKey, resetRateLimit, takeAttempt } from './rate-limit.ts';
import { createSession, invalidateAgentSessions } from './session.ts';
import { normalizeEmail } from './sign-in.ts';
import { generateToken, hashToken } from './tokens.ts';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** 32 random bytes in lowercase base32. */
const TOKEN_SHAPE = /^[a-z2-7]{52}$/;

/**
 * Sends a reset link when the address belongs to an agent who may sign in. Never throws and says nothing
 * about the outcome; the page does not wait for it, so the answer takes the same time either way.
 */
export async function requestPasswordReset(input: { email: string; ip: string }, now = new Date()): Promise<void> {
	try {
		const email = normalizeEmail(input.email);
		if (!email) return;
		// Bounds the emails one address or one client can trigger (mail bombing, provider quota).
		const attempt = await takeAttempt(
			[
				{ key: rateLimitKey('reset:account', email), max: 3, windowMs: HOUR_MS },
				{ key: rateLimitKey('reset:ip', input.ip), max: 20, windowMs: HOUR_MS }
			],
			now
		);
		if (!attempt.allowed) return;
		const agent = await Agent.findOne({ email }).lean();
		if (!agent || !agentMaySignIn(agent)) return;
		const token = generateToken(32);
		await PasswordResetToken.create({
			_id: hashToken(token),
			agentId: agent._id,
			expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS)
		});
		const content = passwordResetEmail({
			url: `${env.publicUrl}/mot-de-passe/${token}`,
			validMinutes: RESET_TOKEN_TTL_MS / 60_000
		});
		await sendEmail({ to: email, ...content });
		logger.info({ agentId: String(agent._id) }, 'password reset link sent');
	} catch (err) {
		logger.error({ err }, 'password reset request failed');
	}
}

/** The agent a still-usable link belongs to, or null (unknown, expired, used, agent gone). */
async function usableToken(token: string, now: Date) {
	if (!TOKEN_SHAPE.test(token)) return null;
	const id = hashToken(token);
	const row = await PasswordResetToken.findById(id).lean();
	if (!row) return null;
	if (now.getTime() >= row.expiresAt.getTime()) {
		await PasswordResetToken.deleteOne({ _id: id });
		return null;
	}
	const agent = await Agent.findById(row.agentId).lean();
	if (!agent || !agentMaySignIn(agent)) return null;
	return { id, agent };
}

export async function isPasswordResetTokenUsable(token: string, now = new Date()): Promise<boolean> {
	return (await usableToken(token, now)) !== null;
}

export type PasswordResetResult =
	| { ok: true; agentId: string; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid_token' }
	| { ok: false; reason: 'invalid_password'; message: string };

/** Sets the new password, ends every other session of the agent, and opens a new one. */
export async function resetPassword(
	input: { token: string; password: string },
	now = new Date()
): Promise<PasswordResetResult> {
	const found = await usableToken(input.token, now);
	if (!found) return { ok: false, reason: 'invalid_token' };
	const { agent } = found;
	// Checked before the token is consumed: a refused password must not burn the link.
	const message = validateNewPassword(input.password, agent.email ?? undefined);
	if (message) return { ok: false, reason: 'invalid_password', message };
	const passwordHash = await hashPassword(input.password);
	// Single use: of concurrent submissions, only the one whose delete removed the row goes on.
	const { deletedCount } = await PasswordResetToken.deleteOne({ _id: found.id });
	if (deletedCount !== 1) return { ok: false, reason: 'invalid_token' };

	const agentId = String(agent._id);
	await Agent.updateOne({ _id: agent._id }, { $set: { passwordHash } });
	await PasswordResetToken.deleteMany({ agentId: agent._id });
	await invalidateAgentSessions(agentId);
	if (agent.email) await resetRateLimit(rateLimitKey('login:account', agent.email));
	const session = await createSession(agentId, now);
	await Agent.updateOne({ _id: agent._id }, { $set: { lastSignInAt: now } });
	logger.info({ agentId }, 'password reset');
	return { ok: true, agentId, ...session };
}
