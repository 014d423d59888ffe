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
import { clientNetwork } from './client-network.ts';
import { revokeAgentCredentials, type RevokedCredentials } from './credentials.ts';
import { hashPassword, validateNewPassword } from './password.ts';
import { rateLimitKey, takeAttempt } from './rate-limit.ts';
import { createSession } from './session.ts';
import { normalizeEmail, trustSignInAddress } from './sign-in.ts';
import { generateToken, hashToken } from './tokens.ts';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Links asked for one address per hour: protects the agent's mailbox (each link is still usable for an hour). */
export const RESET_MAX_PER_EMAIL = 3;
/**
 * Requests from one address (an IPv6 /64) per hour, whatever the addresses typed: bounds the mail one client can
 * trigger (provider quota), sized so that an office behind one NAT address is never stopped by its neighbours.
 */
export const RESET_MAX_PER_ADDRESS = 100;
/** 32 random bytes in lowercase base32. */
const TOKEN_SHAPE = /^[a-z2-7]{52}$/;

export type ResetRequestAdmission = { accepted: true } | { accepted: false; retryAfterMs: number };

/**
 * Counts a request under the limits. Both limits are keyed on what was typed and where it came from, never on
 * whether an account exists, so a refusal can be shown without telling which addresses have an account.
 */
export async function admitPasswordResetRequest(
	input: { email: string; ip: string },
	now = new Date()
): Promise<ResetRequestAdmission> {
	const attempt = await takeAttempt(
		[
			{ key: rateLimitKey('reset:account', normalizeEmail(input.email)), max: RESET_MAX_PER_EMAIL, windowMs: HOUR_MS },
			{ key: rateLimitKey('reset:ip', clientNetwork(input.ip)), max: RESET_MAX_PER_ADDRESS, windowMs: HOUR_MS }
		],
		now
	);
	return attempt.allowed ? { accepted: true } : { accepted: false, retryAfterMs: attempt.retryAfterMs };
}

/**
 * Sends a reset link when the address belongs to an agent who may sign in. Never throws and says nothing about
 * the outcome: the page does not wait for it, so the answer takes the same time either way.
 */
export async function sendPasswordResetLink(rawEmail: string, now = new Date()): Promise<void> {
	try {
		const email = normalizeEmail(rawEmail);
		if (!email) return;
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

/** Both steps, awaited (scripts and tests; the page awaits only the admission). */
export async function requestPasswordReset(
	input: { email: string; ip: string },
	now = new Date()
): Promise<ResetRequestAdmission> {
	if (!normalizeEmail(input.email)) return { accepted: true };
	const admission = await admitPasswordResetRequest(input, now);
	if (admission.accepted) await sendPasswordResetLink(input.email, now);
	return admission;
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
	| { ok: true; agentId: string; token: string; expiresAt: Date; revoked: RevokedCredentials }
	| { ok: false; reason: 'invalid_token' }
	| { ok: false; reason: 'invalid_password'; message: string };

/**
 * Sets the new password, ends every session, API token and pending reset link of the agent (whoever else held one
 * must not keep access), and opens a new session. `ip`, when known, is where the agent proved who they are: its
 * sign-in failures are forgotten and it counts as a known address (see sign-in.ts).
 */
export async function resetPassword(
	input: { token: string; password: string; ip?: string },
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
	const revoked = await revokeAgentCredentials(agentId, now);
	if (agent.email && input.ip) await trustSignInAddress(agent.email, input.ip, now);
	const session = await createSession(agentId, now);
	await Agent.updateOne({ _id: agent._id }, { $set: { lastSignInAt: now } });
	logger.info({ agentId }, 'password reset');
	return { ok: true, agentId, ...session, revoked };
}
