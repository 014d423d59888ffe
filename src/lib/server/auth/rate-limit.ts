import type { Types } from 'mongoose';
import { RateLimitSlot } from '../db/models/rate-limit.ts';
import { hashToken } from './tokens.ts';

/**
 * Fixed-window rate limits stored in the database (shared by every node).
 *
 * Each window of a key has `max` numbered slots; an attempt must claim a free one by inserting it under a
 * unique index, so exactly `max` attempts pass per window, even when a burst arrives in parallel (a
 * count-then-record scheme would let every in-flight request pass). A refused attempt records nothing, so
 * hammering does not extend the lock-out; an allowed one may be released (only failures count for sign-in).
 */
export interface RateLimit {
	/** Never personal data: hash emails and addresses with `rateLimitKey`. */
	key: string;
	max: number;
	windowMs: number;
}

export type Attempt = { allowed: true; release(): Promise<void> } | { allowed: false; retryAfterMs: number };

/** A key without personal data: the scope in clear, the subject (email, IP address) hashed. */
export function rateLimitKey(scope: string, subject: string): string {
	return `${scope}:${hashToken(subject.trim().toLowerCase())}`;
}

const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

function shuffled<T>(items: T[]): T[] {
	const a = [...items];
	for (let i = a.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[a[i], a[j]] = [a[j], a[i]];
	}
	return a;
}

/** Claims a free slot of the current window; null when the window is full. */
async function claimSlot(limit: RateLimit, windowStart: Date): Promise<Types.ObjectId | null> {
	const taken = await RateLimitSlot.find({ key: limit.key, windowStart }, { slot: 1 }).lean();
	if (taken.length === 0) {
		// First attempt of a new window: the earlier windows of this key are over (key equality: cheap).
		await RateLimitSlot.deleteMany({ key: limit.key, windowStart: { $lt: windowStart } });
	}
	const used = new Set(taken.map((t) => t.slot));
	const free = Array.from({ length: limit.max }, (_, i) => i + 1).filter((s) => !used.has(s));
	// Random order spreads a burst over the free slots instead of every request racing for the same one.
	for (const slot of shuffled(free)) {
		try {
			const doc = await RateLimitSlot.create({
				key: limit.key,
				windowStart,
				slot,
				expiresAt: new Date(windowStart.getTime() + limit.windowMs)
			});
			return doc._id;
		} catch (err) {
			if (!isDuplicateKey(err)) throw err;
		}
	}
	return null;
}

export async function takeAttempt(limits: RateLimit[], now = new Date()): Promise<Attempt> {
	const claimed: Types.ObjectId[] = [];
	const release = async () => {
		if (claimed.length) await RateLimitSlot.deleteMany({ _id: { $in: claimed } });
	};
	let retryAfterMs = 0;
	for (const limit of limits) {
		const windowStart = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);
		const id = await claimSlot(limit, windowStart);
		if (id) claimed.push(id);
		else retryAfterMs = Math.max(retryAfterMs, windowStart.getTime() + limit.windowMs - now.getTime());
	}
	if (retryAfterMs > 0) {
		// Refused under one limit: the slots taken under the others are given back.
		await release();
		return { allowed: false, retryAfterMs };
	}
	return { allowed: true, release };
}

/** Forget every attempt of a key (an account's failures after a successful sign-in). */
export async function resetRateLimit(key: string): Promise<void> {
	await RateLimitSlot.deleteMany({ key });
}

/** « Trop de tentatives. Réessayez dans N minutes. » with N rounded up. */
export function tooManyAttemptsMessage(retryAfterMs: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
	return `Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}
