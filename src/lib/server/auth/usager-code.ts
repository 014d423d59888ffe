/**
 * Passwordless sign-in of usagers: a 6-digit code sent by e-mail, valid 10 minutes, 5 tries, single use, which
 * opens the usager's account (creating it on first use). Asking for a code always gets the same answer, whether
 * or not the address has an account: a code is sent either way, and the account is opened only once the code
 * proves the mailbox.
 *
 * Limits (all exact under concurrency: unique-insert slots, see rate-limit.ts):
 * - codes asked for one address: 5 per 15 minutes (protects the mailbox);
 * - codes asked from one client network: 30 per 15 minutes (bounds the mail one client can trigger);
 * - tries of one code: 5, then the code is dead;
 * - tries for one address: 15 per hour, whatever the code (a guesser asking for fresh codes gets 15 guesses an
 *   hour: about 1 chance in 2,800 a day);
 * - tries from one client network: 100 per 15 minutes (bounds guessing spread over addresses; an office behind one
 *   NAT address stays far below it).
 */
import { hash, verify } from '@node-rs/argon2';
import { randomInt } from 'node:crypto';
import { RateLimitSlot } from '../db/models/rate-limit.ts';
import { UsagerLoginCode } from '../db/models/usager-login-code.ts';
import { logger } from '../logger.ts';
import { sendEmail } from '../notify/mailer.ts';
import { loginCodeEmail } from '../notify/templates.ts';
import { clientNetwork } from './client-network.ts';
import { rateLimitKey, takeAttempt, tooManyAttemptsMessage } from './rate-limit.ts';
import { DELETED_ACCOUNT_MESSAGE, openUsagerAccount } from './usager-account.ts';
import { createUsagerSession } from './usager-session.ts';
import { generateToken, hashToken } from './tokens.ts';

const MINUTE_MS = 60_000;
export const LOGIN_CODE_TTL_MS = 10 * MINUTE_MS;
export const LOGIN_CODE_MAX_TRIES = 5;
export const CODE_REQUESTS_PER_EMAIL = 5;
export const CODE_REQUESTS_PER_ADDRESS = 30;
export const CODE_TRIES_PER_EMAIL = 15;
export const CODE_TRIES_PER_ADDRESS = 100;
const QUARTER_MS = 15 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;

export const CODE_SHAPE = /^\d{6}$/;

export const normalizeUsagerEmail = (email: string) => email.trim().toLowerCase();
/** The pending code's key: the address itself is never stored with its code. */
const codeKey = (email: string) => hashToken(normalizeUsagerEmail(email));
const triesKey = (codeId: string) => `usager-code:${codeId}`;

export type CodeRequestResult = { ok: true } | { ok: false; reason: 'rate_limited' | 'send_failed'; message: string };

export const SEND_FAILED_MESSAGE = 'Le code n’a pas pu être envoyé. Réessayez dans quelques instants.';

export function newLoginCode(): string {
	return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Sends a new code to `email` (which replaces the pending one, if any). The caller has validated the address's
 * shape; the answer is the same for every address that passes the limits.
 */
export async function requestLoginCode(email: string, ip: string, now = new Date()): Promise<CodeRequestResult> {
	const address = normalizeUsagerEmail(email);
	const attempt = await takeAttempt(
		[
			{ key: rateLimitKey('usager-code:request-email', address), max: CODE_REQUESTS_PER_EMAIL, windowMs: QUARTER_MS },
			{
				key: rateLimitKey('usager-code:request-ip', clientNetwork(ip)),
				max: CODE_REQUESTS_PER_ADDRESS,
				windowMs: QUARTER_MS
			}
		],
		now
	);
	if (!attempt.allowed) {
		logger.warn({ scope: 'usager-code' }, 'login code request rate limited');
		return { ok: false, reason: 'rate_limited', message: tooManyAttemptsMessage(attempt.retryAfterMs) };
	}
	const code = newLoginCode();
	const expiresAt = new Date(now.getTime() + LOGIN_CODE_TTL_MS);
	// Last writer wins: of two requests at once, the code of the later write is the one that works.
	await UsagerLoginCode.replaceOne(
		{ _id: codeKey(address) },
		{ _id: codeKey(address), codeId: generateToken(10), codeHash: await hash(code), expiresAt, createdAt: now },
		{ upsert: true }
	);
	try {
		await sendEmail({ to: address, ...loginCodeEmail({ code, validMinutes: LOGIN_CODE_TTL_MS / MINUTE_MS }) });
	} catch (err) {
		logger.error({ err: (err as Error).message }, 'login code e-mail failed');
		await UsagerLoginCode.deleteOne({ _id: codeKey(address) });
		return { ok: false, reason: 'send_failed', message: SEND_FAILED_MESSAGE };
	}
	return { ok: true };
}

export type CodeFailure = 'rate_limited' | 'missing' | 'expired' | 'dead' | 'wrong' | 'deleted';

export type CodeVerification =
	| { ok: true; usagerId: string; created: boolean; token: string; expiresAt: Date }
	| { ok: false; reason: CodeFailure; message: string };

export const MISSING_CODE_MESSAGE = 'Ce code n’est plus valable. Demandez un nouveau code.';
export const EXPIRED_CODE_MESSAGE = 'Ce code a expiré. Demandez un nouveau code.';
export const DEAD_CODE_MESSAGE = 'Trop d’essais avec ce code. Demandez un nouveau code.';

export function wrongCodeMessage(triesLeft: number): string {
	if (triesLeft <= 0) return 'Code incorrect. Demandez un nouveau code.';
	return `Code incorrect. Il vous reste ${triesLeft} essai${triesLeft > 1 ? 's' : ''}.`;
}

/**
 * Claims the next try of a code: one numbered slot per try under a unique index, so parallel guesses never get
 * more than LOGIN_CODE_MAX_TRIES between them. Returns the try's number (1…5), or null when none is left.
 */
async function claimTry(codeId: string, createdAt: Date, expiresAt: Date): Promise<number | null> {
	for (let slot = 1; slot <= LOGIN_CODE_MAX_TRIES; slot++) {
		try {
			await RateLimitSlot.create({ key: triesKey(codeId), windowStart: createdAt, slot, expiresAt });
			return slot;
		} catch (err) {
			if ((err as { code?: number }).code !== 11000) throw err;
		}
	}
	return null;
}

const fail = (reason: CodeFailure, message: string): CodeVerification => ({ ok: false, reason, message });

/** Checks the code typed for `email`; on success, opens (or creates) the account and a session. */
export async function verifyLoginCode(
	email: string,
	rawCode: string,
	ip: string,
	now = new Date()
): Promise<CodeVerification> {
	const address = normalizeUsagerEmail(email);
	const code = rawCode.replace(/\s/g, '');
	const attempt = await takeAttempt(
		[
			{ key: rateLimitKey('usager-code:try-ip', clientNetwork(ip)), max: CODE_TRIES_PER_ADDRESS, windowMs: QUARTER_MS },
			{ key: rateLimitKey('usager-code:try-email', address), max: CODE_TRIES_PER_EMAIL, windowMs: HOUR_MS }
		],
		now
	);
	if (!attempt.allowed) {
		logger.warn({ scope: 'usager-code' }, 'login code check rate limited');
		return fail('rate_limited', tooManyAttemptsMessage(attempt.retryAfterMs));
	}
	const pending = await UsagerLoginCode.findById(codeKey(address)).lean();
	if (!pending) return fail('missing', MISSING_CODE_MESSAGE);
	if (now.getTime() >= pending.expiresAt.getTime()) return fail('expired', EXPIRED_CODE_MESSAGE);
	const tryNumber = await claimTry(pending.codeId, pending.createdAt ?? new Date(0), pending.expiresAt);
	if (tryNumber === null) return fail('dead', DEAD_CODE_MESSAGE);
	const valid = CODE_SHAPE.test(code) && (await verify(pending.codeHash, code).catch(() => false));
	if (!valid) return fail('wrong', wrongCodeMessage(LOGIN_CODE_MAX_TRIES - tryNumber));

	// Single use: of two correct submissions at once, only the one whose delete removed the code goes on.
	const { deletedCount } = await UsagerLoginCode.deleteOne({ _id: pending._id, codeId: pending.codeId });
	if (deletedCount !== 1) return fail('missing', MISSING_CODE_MESSAGE);
	await RateLimitSlot.deleteMany({ key: triesKey(pending.codeId) });
	// Only failures count against the address and the network.
	await attempt.release();

	const account = await openUsagerAccount({ email: address }, 'email_code', now);
	if (!account.ok) return fail('deleted', DELETED_ACCOUNT_MESSAGE);
	const session = await createUsagerSession(account.usagerId, 'email_code', now);
	logger.info({ usagerId: account.usagerId, created: account.created }, 'usager signed in with a code');
	return { ok: true, usagerId: account.usagerId, created: account.created, ...session };
}
