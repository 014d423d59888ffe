/**
 * Personal API tokens (bearer tokens for /api/v1). The plain token is returned once, at creation; only its
 * SHA-256 is stored, looked up by equality and compared in constant time.
 */
import { Types } from 'mongoose';
import { ApiToken } from '../db/models/api-token.ts';
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

export interface ApiTokenSummary {
	id: string;
	name: string;
	prefix: string;
	createdAt: Date;
	lastUsedAt: Date | null;
	expiresAt: Date | null;
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
	readonly reason: 'invalid_name' | 'invalid_agent' | 'too_many';

	constructor(reason: ApiTokenError['reason']) {
		super(reason);
		this.reason = reason;
	}
}

export function looksLikeApiToken(token: string): boolean {
	return TOKEN_PATTERN.test(token);
}

export async function createApiToken(
	agentId: string,
	name: string,
	options: { expiresAt?: Date } = {}
): Promise<{ token: string; summary: ApiTokenSummary }> {
	const trimmed = name.trim();
	if (!trimmed || trimmed.length > API_TOKEN_NAME_MAX) throw new ApiTokenError('invalid_name');
	if (!Types.ObjectId.isValid(agentId)) throw new ApiTokenError('invalid_agent');
	const now = new Date();
	const tokens = await ApiToken.find({ agentId: new Types.ObjectId(agentId) }, { revokedAt: 1, expiresAt: 1 }).lean();
	if (tokens.filter((t) => isActive(t, now)).length >= MAX_ACTIVE_API_TOKENS) throw new ApiTokenError('too_many');
	const token = API_TOKEN_PREFIX + generateToken(20);
	const doc = await ApiToken.create({
		agentId: new Types.ObjectId(agentId),
		name: trimmed,
		tokenHash: hashToken(token),
		prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
		...(options.expiresAt ? { expiresAt: options.expiresAt } : {})
	});
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

function isActive(token: { revokedAt?: Date | null; expiresAt?: Date | null }, now: Date): boolean {
	return !token.revokedAt && !(token.expiresAt && token.expiresAt.getTime() <= now.getTime());
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
		expiresAt: doc.expiresAt ?? null,
		revokedAt: doc.revokedAt ?? null
	};
}
