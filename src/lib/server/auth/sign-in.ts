/**
 * Agent sign-in with email and password. The answer never tells whether an address has an account: an unknown
 * address, a wrong password, a deleted agent and an intervenant all get the same message after the same work.
 */
import { Agent } from '../db/models/agent.ts';
import { logger } from '../logger.ts';
import { agentMaySignIn } from '../../domain/sign-in.ts';
import { clientNetwork } from './client-network.ts';
import { verifyAgainstDummy, verifyPassword } from './password.ts';
import {
	isRemembered,
	rateLimitKey,
	rememberKey,
	resetRateLimit,
	takeAttempt,
	tooManyAttemptsMessage,
	type RateLimit
} from './rate-limit.ts';
import { createSession } from './session.ts';

const WINDOW_MS = 15 * 60 * 1000;
/**
 * Wrong passwords for one account from one address (an IPv6 /64) per 15 minutes: the agent's own typos and a
 * guesser's budget. Keyed on the pair, so a guesser elsewhere never uses up the budget of the agent at the office.
 */
export const LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 10;
/**
 * Wrong passwords for one account from all addresses together per 15 minutes: caps guessing spread over many
 * addresses (about 4,800 a day against a 12-character password that is not a common one).
 */
export const LOGIN_MAX_FAILURES_PER_ACCOUNT = 50;
/**
 * Wrong passwords from one address, all accounts together, per 15 minutes. Public-service offices put hundreds of
 * agents behind one NAT address: a Monday-morning round of typos must not lock the whole office out. It still
 * bounds password spraying from one address (300 guesses spread over accounts, each capped by the pair limit).
 */
export const LOGIN_MAX_FAILURES_PER_ADDRESS = 300;
/** An address an agent signed in from stays exempt from that agent's account-wide ceiling this long. */
export const KNOWN_ADDRESS_TTL_MS = 30 * 24 * 60 * 60 * 1000;
export const INVALID_CREDENTIALS_MESSAGE = 'Adresse e-mail ou mot de passe incorrect.';

export type SignInResult =
	| { ok: true; agentId: string; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid_credentials' | 'rate_limited'; message: string };

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Keys of one account (the address typed, known or not) at one client network: no personal data in them. */
export function signInKeys(email: string, ip: string) {
	const network = clientNetwork(ip);
	const pair = `${email}\n${network}`;
	return {
		pair: rateLimitKey('login:account-address', pair),
		account: rateLimitKey('login:account', email),
		address: rateLimitKey('login:ip', network),
		known: rateLimitKey('login:known-address', pair)
	};
}

/**
 * Called after the agent proved who they are at this address (a sign-in, a password reset): forgets the failures
 * of the pair and exempts the address from the account-wide ceiling for a while.
 */
export async function trustSignInAddress(email: string, ip: string, now = new Date()): Promise<void> {
	const keys = signInKeys(normalizeEmail(email), ip);
	await resetRateLimit(keys.pair);
	await rememberKey(keys.known, new Date(now.getTime() + KNOWN_ADDRESS_TTL_MS));
}

/**
 * The limits an attempt counts under. Every limit is keyed on the address typed, known or not, so they behave the
 * same for unknown accounts.
 *
 * When the account-wide ceiling is reached (guessing spread over many addresses), an address the agent signed in
 * from in the last 30 days is still let through under its own pair budget. That is safe: the exemption belongs to
 * the pair, which only a correct password (or a reset link) creates, so addresses the guesser controls never have
 * it; a guesser who shares the agent's address (the same office NAT) is held by the same pair limit of 10 per
 * quarter of an hour as before the ceiling; and it tells such a guesser only that the account signs in from
 * there, which sitting in that office already tells. Elsewhere the real agent waits for the window to end or
 * uses « Mot de passe oublié ? », whose link proves the mailbox and marks the new address as known.
 */
async function loginLimits(email: string, ip: string, now: Date): Promise<RateLimit[]> {
	const keys = signInKeys(email, ip);
	const known = email ? await isRemembered(keys.known, now) : false;
	return [
		{ key: keys.pair, max: LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, windowMs: WINDOW_MS },
		{ key: keys.address, max: LOGIN_MAX_FAILURES_PER_ADDRESS, windowMs: WINDOW_MS },
		// Last: a slot taken here is never given back by a refusal under a later limit, so the ceiling is exact.
		...(known ? [] : [{ key: keys.account, max: LOGIN_MAX_FAILURES_PER_ACCOUNT, windowMs: WINDOW_MS }])
	];
}

/** The wait, and the way out that needs no waiting (the reset link also proves who the agent is). */
export function signInRateLimitedMessage(retryAfterMs: number): string {
	return `${tooManyAttemptsMessage(retryAfterMs)} Vous pouvez aussi choisir un nouveau mot de passe avec le lien « Mot de passe oublié ? ».`;
}

export async function signInWithPassword(
	input: { email: string; password: string; ip: string },
	now = new Date()
): Promise<SignInResult> {
	const email = normalizeEmail(input.email);
	const limits = await loginLimits(email, input.ip, now);
	// Every attempt counts as a failure until proven otherwise: parallel guesses cannot slip past the limit.
	const attempt = await takeAttempt(limits, now);
	if (!attempt.allowed) {
		logger.warn({ scope: 'login' }, 'sign-in rate limited');
		return { ok: false, reason: 'rate_limited', message: signInRateLimitedMessage(attempt.retryAfterMs) };
	}

	const agent = email ? await Agent.findOne({ email }).lean() : null;
	const usable = agent && agentMaySignIn(agent) && agent.passwordHash ? agent : null;
	const valid = usable
		? await verifyPassword(usable.passwordHash as string, input.password)
		: (await verifyAgainstDummy(input.password), false);
	if (!usable || !valid) {
		return { ok: false, reason: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE };
	}

	// Only failures count: forget this attempt and the pair's earlier failures. The account-wide count stays: a
	// success must not hand guessers elsewhere a fresh budget.
	await attempt.release();
	await trustSignInAddress(email, input.ip, now);
	const agentId = String(usable._id);
	const session = await createSession(agentId, now);
	await Agent.updateOne({ _id: usable._id }, { $set: { lastSignInAt: now } });
	logger.info({ agentId }, 'agent signed in');
	return { ok: true, agentId, ...session };
}
