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

/** Random picks tried before reading the window: enough that a window under half full rarely needs the read. */
const BLIND_TRIES = 3;

async function insertSlot(limit: RateLimit, windowStart: Date, slot: number): Promise<Types.ObjectId | null> {
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
		return null;
	}
}

/**
 * Claims a free slot of the current window; null when the window is full. First a few random slots blindly: an
 * insert costs far less than reading the window, whose documents FerretDB decodes one by one (an office address
 * may hold hundreds of slots under the per-address sign-in limit). Only when those collide is the window read, to
 * try every free slot, which keeps the limit exact when it is nearly full. Earlier windows are left to the sweep
 * job: reads select on key and window, so they never see them.
 */
async function claimSlot(limit: RateLimit, windowStart: Date): Promise<Types.ObjectId | null> {
	for (let i = 0; i < Math.min(BLIND_TRIES, limit.max); i++) {
		const id = await insertSlot(limit, windowStart, 1 + Math.floor(Math.random() * limit.max));
		if (id) return id;
	}
	const taken = await RateLimitSlot.find({ key: limit.key, windowStart }, { slot: 1 }).lean();
	const used = new Set(taken.map((t) => t.slot));
	const free = Array.from({ length: limit.max }, (_, i) => i + 1).filter((s) => !used.has(s));
	// Random order spreads a burst over the free slots instead of every request racing for the same one.
	for (const slot of shuffled(free)) {
		const id = await insertSlot(limit, windowStart, slot);
		if (id) return id;
	}
	return null;
}

/**
 * Windows this node has seen full, until they end: a refused attempt then costs no database round trip. Without
 * it, each of a guesser's 10,000 tries would insert blindly three times and then read the whole full window
 * (FerretDB decodes its documents one by one): the limit would protect the accounts but not the database. A
 * release or reset on this node forgets its key's entries; one on another node is not seen here, so after a window
 * filled up this node may refuse slightly more strictly than the exact limit until the window ends — never more
 * leniently.
 */
const knownFull = new Map<string, number>();
const KNOWN_FULL_LIMIT = 10_000;
const fullKey = (key: string, windowStart: Date) => `${windowStart.getTime()}|${key}`;

function rememberFull(key: string, windowStart: Date, windowEnd: number, now: number): void {
	if (knownFull.size >= KNOWN_FULL_LIMIT)
		for (const [k, end] of knownFull) if (end <= now || knownFull.size >= KNOWN_FULL_LIMIT) knownFull.delete(k);
	knownFull.set(fullKey(key, windowStart), windowEnd);
}

function forgetFull(keys: Iterable<string>): void {
	const forgotten = new Set(keys);
	for (const k of knownFull.keys()) if (forgotten.has(k.slice(k.indexOf('|') + 1))) knownFull.delete(k);
}

export async function takeAttempt(limits: RateLimit[], now = new Date()): Promise<Attempt> {
	const claimed: { id: Types.ObjectId; key: string }[] = [];
	const release = async () => {
		if (claimed.length === 0) return;
		forgetFull(claimed.map((c) => c.key));
		await RateLimitSlot.deleteMany({ _id: { $in: claimed.map((c) => c.id) } });
	};
	const windows = limits.map((limit) => {
		const start = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs);
		return { limit, start, end: start.getTime() + limit.windowMs };
	});
	// A limit this node knows full refuses at once, before any slot is claimed under the others (claiming them only
	// to give them back would cost two round trips per refused attempt).
	const knownWaits = windows
		.filter((w) => (knownFull.get(fullKey(w.limit.key, w.start)) ?? 0) > now.getTime())
		.map((w) => w.end - now.getTime());
	if (knownWaits.length > 0) return { allowed: false, retryAfterMs: Math.max(...knownWaits) };
	let retryAfterMs = 0;
	for (const { limit, start, end } of windows) {
		const id = await claimSlot(limit, start);
		if (id) {
			claimed.push({ id, key: limit.key });
			continue;
		}
		rememberFull(limit.key, start, end, now.getTime());
		// Refused: the limits after this one are not claimed at all.
		retryAfterMs = end - now.getTime();
		break;
	}
	if (retryAfterMs > 0) {
		// Refused under one limit: the slots taken under the others are given back.
		await release();
		return { allowed: false, retryAfterMs };
	}
	return { allowed: true, release };
}

/**
 * Exemptions live beside the slots: one document per key in window 0, slot 0, whose `expiresAt` says until when
 * the key is remembered (an address where an account signed in). Kept in the same collection because they are
 * part of the same limits and the sweep already deletes expired documents there.
 */
const REMEMBERED = { windowStart: new Date(0), slot: 0 };

/** Remembers a key until `until` (a later call moves the date; last writer wins, which is all this needs). */
export async function rememberKey(key: string, until: Date): Promise<void> {
	try {
		await RateLimitSlot.create({ key, ...REMEMBERED, expiresAt: until });
	} catch (err) {
		if (!isDuplicateKey(err)) throw err;
		await RateLimitSlot.updateOne({ key, ...REMEMBERED }, { $set: { expiresAt: until } });
	}
}

/** Whether a key is remembered at `now` (one equality lookup). */
export async function isRemembered(key: string, now = new Date()): Promise<boolean> {
	const doc = await RateLimitSlot.findOne({ key, ...REMEMBERED }, { expiresAt: 1 }).lean();
	return !!doc && doc.expiresAt.getTime() > now.getTime();
}

/** Forget every attempt of a key (an account's failures after a successful sign-in). */
export async function resetRateLimit(key: string): Promise<void> {
	forgetFull([key]);
	await RateLimitSlot.deleteMany({ key });
}

/** « Trop de tentatives. Réessayez dans N minutes. » with N rounded up. */
export function tooManyAttemptsMessage(retryAfterMs: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
	return `Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`;
}
