/**
 * Personal API tokens (bearer tokens for /api/v1). The plain token is returned once, at creation; only its
 * SHA-256 is stored, looked up by equality and compared in constant time.
 *
 * Every token expires (chosen at creation, at most a year): a standing credential that nobody remembers must end
 * on its own. A password reset and « Se déconnecter partout » revoke them all (credentials.ts).
 */
import { Types } from 'mongoose';
import { ApiToken } from '../db/models/api-token.ts';
import { Session } from '../db/models/session.ts';
import type { SessionAgent } from '../../domain/types.ts';
import { digestsEqual, generateToken, hashToken } from './tokens.ts';
import { loadSessionAgent } from './principal.ts';

export const API_TOKEN_PREFIX = 'gch_';
/** `gch_` + lowercase base32 of 20 random bytes (32 characters). */
const TOKEN_PATTERN = /^gch_[a-z2-7]{32}$/;
/** Shown in lists so the agent recognises a token: `gch_` and the first 6 characters of the secret. */
const DISPLAY_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;
/** Writing lastUsedAt on every request would turn every API read into a write. */
const LAST_USED_GRANULARITY_MS = 60_000;
export const API_TOKEN_NAME_MAX = 100;

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Lifetimes offered in « Mon compte ». 90 days by default: long enough that a nightly export is not renewed every
 * month, short enough that a forgotten token dies within a quarter; a year at most, the usual ceiling for
 * long-lived credentials (the integrator renews it with the yearly review of who has access).
 */
export const API_TOKEN_LIFETIME_DAYS = [30, 90, 365] as const;
export const DEFAULT_API_TOKEN_LIFETIME_DAYS = 90;
export const MAX_API_TOKEN_LIFETIME_DAYS = 365;
/** Ended (expired or revoked) tokens stay listed this long, so the agent sees why a script stopped; then swept. */
export const ENDED_API_TOKEN_RETENTION_MS = 30 * DAY_MS;

export interface ApiTokenSummary {
	id: string;
	name: string;
	prefix: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	expiresAt: Date;
	revokedAt: Date | null;
}

export interface AuthenticatedToken {
	agent: SessionAgent;
	tokenId: string;
}

/** Active tokens an agent may hold at once: each is a standing credential, so keep them few. */
export const MAX_ACTIVE_API_TOKENS = 20;

export class ApiTokenError extends Error {
	override name = 'ApiTokenError';
	readonly reason: 'invalid_name' | 'invalid_agent' | 'invalid_expiry' | 'too_many' | 'session_ended';

	constructor(reason: ApiTokenError['reason']) {
		super(reason);
		this.reason = reason;
	}
}

export function looksLikeApiToken(token: string): boolean {
	return TOKEN_PATTERN.test(token);
}

export interface CreateApiTokenOptions {
	/** Whole days from now, 1 to MAX_API_TOKEN_LIFETIME_DAYS; DEFAULT_API_TOKEN_LIFETIME_DAYS when neither is given. */
	lifetimeDays?: number;
	/** An exact expiry instead, in the same bounds. */
	expiresAt?: Date;
	/**
	 * The session the request came with. Checked again once the token exists: if the session was ended meanwhile
	 * (a reset or « Se déconnecter partout » running at the same moment), the new token is revoked at once.
	 */
	sessionId?: string;
	now?: Date;
}

/** The expiry a creation asks for, or null when it is out of bounds. */
export function apiTokenExpiry(
	options: Pick<CreateApiTokenOptions, 'lifetimeDays' | 'expiresAt'>,
	now: Date
): Date | null {
	if (options.expiresAt) {
		const ms = options.expiresAt.getTime() - now.getTime();
		return ms > 0 && ms <= MAX_API_TOKEN_LIFETIME_DAYS * DAY_MS ? options.expiresAt : null;
	}
	const days = options.lifetimeDays ?? DEFAULT_API_TOKEN_LIFETIME_DAYS;
	if (!Number.isInteger(days) || days < 1 || days > MAX_API_TOKEN_LIFETIME_DAYS) return null;
	return new Date(now.getTime() + days * DAY_MS);
}

export async function createApiToken(
	agentId: string,
	name: string,
	options: CreateApiTokenOptions = {}
): Promise<{ token: string; summary: ApiTokenSummary }> {
	const trimmed = name.trim();
	if (!trimmed || trimmed.length > API_TOKEN_NAME_MAX) throw new ApiTokenError('invalid_name');
	if (!Types.ObjectId.isValid(agentId)) throw new ApiTokenError('invalid_agent');
	const now = options.now ?? new Date();
	const expiresAt = apiTokenExpiry(options, now);
	if (!expiresAt) throw new ApiTokenError('invalid_expiry');
	const tokens = await ApiToken.find(
		{ agentId: new Types.ObjectId(agentId) },
		{ revokedAt: 1, expiresAt: 1, createdAt: 1 }
	).lean();
	if (tokens.filter((t) => isActive(t, now)).length >= MAX_ACTIVE_API_TOKENS) throw new ApiTokenError('too_many');
	const token = API_TOKEN_PREFIX + generateToken(20);
	const doc = await ApiToken.create({
		agentId: new Types.ObjectId(agentId),
		name: trimmed,
		tokenHash: hashToken(token),
		prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
		expiresAt
	});
	// Revocation ends the sessions before it revokes the tokens; so if this session is still there, any revocation
	// still to come will see this token, and if it is gone, the revocation may have missed it: revoke it here.
	if (options.sessionId && !(await Session.exists({ _id: options.sessionId }))) {
		await ApiToken.updateOne({ _id: doc._id }, { $set: { revokedAt: new Date() } });
		throw new ApiTokenError('session_ended');
	}
	return { token, summary: toSummary(doc) };
}

/** The agent's tokens, newest first, revoked ones included (shown as such). */
export async function listApiTokens(agentId: string): Promise<ApiTokenSummary[]> {
	if (!Types.ObjectId.isValid(agentId)) return [];
	const docs = await ApiToken.find({ agentId: new Types.ObjectId(agentId) }).lean();
	return docs.map(toSummary).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

/** Revokes one of the agent's own tokens; false when it is not theirs, unknown or already revoked. */
export async function revokeApiToken(agentId: string, tokenId: string): Promise<boolean> {
	if (!Types.ObjectId.isValid(agentId) || !Types.ObjectId.isValid(tokenId)) return false;
	const result = await ApiToken.updateOne(
		{ _id: new Types.ObjectId(tokenId), agentId: new Types.ObjectId(agentId), revokedAt: { $exists: false } },
		{ $set: { revokedAt: new Date() } }
	);
	return result.modifiedCount === 1;
}

/**
 * Revokes every active token of the agent (password reset, « Se déconnecter partout »); returns how many.
 * Selected by agent: an equality, as the database rules want.
 */
export async function revokeAllApiTokens(agentId: string, now = new Date()): Promise<number> {
	if (!Types.ObjectId.isValid(agentId)) return 0;
	const result = await ApiToken.updateMany(
		{ agentId: new Types.ObjectId(agentId), revokedAt: { $exists: false } },
		{ $set: { revokedAt: now } }
	);
	return result.modifiedCount;
}

/** The agent behind a bearer token, or null (unknown, revoked, expired, or agent deleted / without access). */
export async function authenticateApiToken(token: string, now = new Date()): Promise<SessionAgent | null> {
	return (await authenticateApiTokenWithId(token, now))?.agent ?? null;
}

/** Same as authenticateApiToken, also returning the token id (rate limits are per token). */
export async function authenticateApiTokenWithId(token: string, now = new Date()): Promise<AuthenticatedToken | null> {
	if (!looksLikeApiToken(token)) return null;
	const tokenHash = hashToken(token);
	const doc = await ApiToken.findOne({ tokenHash }).lean();
	if (!doc || !digestsEqual(doc.tokenHash, tokenHash)) return null;
	if (!isActive(doc, now)) return null;
	const agent = await loadSessionAgent(String(doc.agentId));
	if (!agent) return null;
	if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
		await ApiToken.updateOne({ _id: doc._id }, { $set: { lastUsedAt: now } });
	}
	return { agent, tokenId: String(doc._id) };
}

/**
 * When a token stops working. Tokens created before every token had an expiry get the default lifetime from
 * their creation (the sweep deletes them once that is past), so none lives forever.
 */
function effectiveExpiry(token: { expiresAt?: Date | null; createdAt?: Date | null }): Date {
	return token.expiresAt ?? new Date((token.createdAt?.getTime() ?? 0) + DEFAULT_API_TOKEN_LIFETIME_DAYS * DAY_MS);
}

function isActive(
	token: { revokedAt?: Date | null; expiresAt?: Date | null; createdAt?: Date | null },
	now: Date
): boolean {
	return !token.revokedAt && effectiveExpiry(token).getTime() > now.getTime();
}

interface TokenLike {
	_id: unknown;
	name: string;
	prefix: string;
	createdAt?: Date | null;
	lastUsedAt?: Date | null;
	expiresAt?: Date | null;
	revokedAt?: Date | null;
}

function toSummary(doc: TokenLike): ApiTokenSummary {
	return {
		id: String(doc._id),
		name: doc.name,
		prefix: doc.prefix,
		createdAt: doc.createdAt ?? new Date(0),
		lastUsedAt: doc.lastUsedAt ?? null,
		expiresAt: effectiveExpiry(doc),
		revokedAt: doc.revokedAt ?? null
	};
}
