/**
 * Agent sign-in with email and password. The answer never tells whether an address has an account: an unknown
 * address, a wrong password, a deleted agent and an intervenant all get the same message after the same work.
 */
import { Agent } from '../db/models/agent.ts';
import { logger } from '../logger.ts';
import { agentMaySignIn } from '../../domain/sign-in.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import { rateLimitKey, resetRateLimit, takeAttempt, tooManyAttemptsMessage, type RateLimit } from './rate-limit.ts';
import { createSession } from './session.ts';

const WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_MAX_FAILURES_PER_ACCOUNT = 10;
export const LOGIN_MAX_FAILURES_PER_IP = 30;
export const INVALID_CREDENTIALS_MESSAGE = 'Adresse e-mail ou mot de passe incorrect.';

export type SignInResult =
	| { ok: true; agentId: string; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid_credentials' | 'rate_limited'; message: string };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

function loginLimits(email: string, ip: string): RateLimit[] {
	return [
		// Keyed on the address typed, known or not, so that limits behave the same for unknown accounts.
		{ key: rateLimitKey('login:account', email), max: LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs: WINDOW_MS },
		{ key: rateLimitKey('login:ip', ip), max: LOGIN_MAX_FAILURES_PER_IP, windowMs: WINDOW_MS }
	];
}

export async function signInWithPassword(
	input: { email: string; password: string; ip: string },
	now = new Date()
): Promise<SignInResult> {
	const email = normalizeEmail(input.email);
	const limits = loginLimits(email, input.ip);
	// Every attempt counts as a failure until proven otherwise: parallel guesses cannot slip past the limit.
	const attempt = await takeAttempt(limits, now);
	if (!attempt.allowed) {
		logger.warn({ scope: 'login' }, 'sign-in rate limited');
		return { ok: false, reason: 'rate_limited', message: tooManyAttemptsMessage(attempt.retryAfterMs) };
	}

	const agent = email ? await Agent.findOne({ email }).lean() : null;
	const usable = agent && agentMaySignIn(agent) && agent.passwordHash ? agent : null;
	const valid = usable
		? await verifyPassword(usable.passwordHash as string, input.password)
		: (await verifyAgainstDummy(input.password), false);
	if (!usable || !valid) {
		return { ok: false, reason: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE };
	}

	// Only failures count: forget this attempt and the account's earlier failures.
	await attempt.release();
	await resetRateLimit(limits[0].key);
	const agentId = String(usable._id);
	const session = await createSession(agentId, now);
	await Agent.updateOne({ _id: usable._id }, { $set: { lastSignInAt: now } });
	logger.info({ agentId }, 'agent signed in');
	return { ok: true, agentId, ...session };
}
