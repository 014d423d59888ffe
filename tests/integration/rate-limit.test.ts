import { describe, expect, it } from 'vitest';
import { RateLimitSlot } from '../../src/lib/server/db/models/rate-limit.ts';
import { sweepExpiredAuthRecords } from '../../src/lib/server/auth/sweep.ts';
import {
	isRemembered,
	rateLimitKey,
	rememberKey,
	resetRateLimit,
	takeAttempt,
	tooManyAttemptsMessage,
	type RateLimit
} from '../../src/lib/server/auth/rate-limit.ts';

const MINUTE = 60_000;
const limit = (key: string, max = 10): RateLimit => ({ key, max, windowMs: 15 * MINUTE });
const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 9, 0) + minutes * MINUTE);

describe('takeAttempt', () => {
	it('lets exactly max of 50 concurrent attempts through', async () => {
		const l = limit('test:concurrent');
		const results = await Promise.all(Array.from({ length: 50 }, () => takeAttempt([l], at(0))));
		expect(results.filter((r) => r.allowed)).toHaveLength(10);
		// Refused attempts leave nothing behind: the count is the allowed ones.
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(10);
	});

	it('counts every limit: the strictest one refuses', async () => {
		const account = limit('test:multi:account', 3);
		const ip = limit('test:multi:ip', 5);
		for (let i = 0; i < 3; i++) expect((await takeAttempt([account, ip], at(i))).allowed).toBe(true);
		expect((await takeAttempt([account, ip], at(3))).allowed).toBe(false);
		// Another account from the same address still has room under the address limit…
		const other = limit('test:multi:other', 3);
		expect((await takeAttempt([other, ip], at(4))).allowed).toBe(true);
		expect((await takeAttempt([other, ip], at(4))).allowed).toBe(true);
		// …until the address limit is reached.
		expect((await takeAttempt([other, ip], at(4))).allowed).toBe(false);
	});

	it('says when the window ends, refuses until then, and allows again in the next window', async () => {
		const l = limit('test:window', 3);
		// at(0) is 09:00, the start of a 15-minute window.
		await takeAttempt([l], at(1));
		await takeAttempt([l], at(5));
		await takeAttempt([l], at(6));
		const refused = await takeAttempt([l], at(10));
		expect(refused).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE });
		// Hammering during the lock-out does not extend it.
		for (let i = 0; i < 5; i++) expect((await takeAttempt([l], at(11))).allowed).toBe(false);
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(3);
		expect((await takeAttempt([l], at(14.9))).allowed).toBe(false);
		expect((await takeAttempt([l], at(15))).allowed).toBe(true);
		// The previous window's slots no longer count; the sweep deletes them once the window is over.
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(4);
		await sweepExpiredAuthRecords(at(15));
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(1);
	});

	it('stays exact for a large limit filled by a parallel burst (blind picks, then the read)', async () => {
		const l = limit('test:large', 120);
		const results = await Promise.all(Array.from({ length: 150 }, () => takeAttempt([l], at(0))));
		expect(results.filter((r) => r.allowed)).toHaveLength(120);
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(120);
	});

	it('remembers a key until a date, and moves the date when remembered again', async () => {
		expect(await isRemembered('test:known', at(0))).toBe(false);
		await rememberKey('test:known', at(10));
		expect(await isRemembered('test:known', at(9))).toBe(true);
		expect(await isRemembered('test:known', at(10))).toBe(false);
		await rememberKey('test:known', at(30));
		expect(await isRemembered('test:known', at(20))).toBe(true);
		await sweepExpiredAuthRecords(at(31));
		expect(await RateLimitSlot.countDocuments({ key: 'test:known' })).toBe(0);
	});

	it('stays exact when bursts overlap a released attempt', async () => {
		const l = limit('test:burst-release', 5);
		const first = await Promise.all(Array.from({ length: 20 }, () => takeAttempt([l], at(0))));
		const allowed = first.filter((r) => r.allowed);
		expect(allowed).toHaveLength(5);
		// Two successes give their slots back: exactly two more attempts fit in the window.
		await Promise.all(allowed.slice(0, 2).map((r) => (r.allowed ? r.release() : undefined)));
		const second = await Promise.all(Array.from({ length: 20 }, () => takeAttempt([l], at(1))));
		expect(second.filter((r) => r.allowed)).toHaveLength(2);
	});

	it('forgets a released attempt and a reset key', async () => {
		const l = limit('test:release', 2);
		const a = await takeAttempt([l], at(0));
		expect(a.allowed).toBe(true);
		if (a.allowed) await a.release();
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(0);
		await takeAttempt([l], at(1));
		await takeAttempt([l], at(1));
		expect((await takeAttempt([l], at(1))).allowed).toBe(false);
		await resetRateLimit(l.key);
		expect((await takeAttempt([l], at(1))).allowed).toBe(true);
	});
});

describe('windows seen full', () => {
	it('are refused without reading the database again until they end (a guesser costs nothing more)', async () => {
		const l = limit('test:known-full', 3);
		for (let i = 0; i < 3; i++) expect((await takeAttempt([l], at(0))).allowed).toBe(true);
		expect((await takeAttempt([l], at(1))).allowed).toBe(false);
		// Slots removed behind this node's back (another node's release): this node does not read them again…
		await RateLimitSlot.deleteMany({ key: l.key });
		for (let i = 0; i < 20; i++)
			expect(await takeAttempt([l], at(2))).toEqual({ allowed: false, retryAfterMs: 13 * MINUTE });
		expect(await RateLimitSlot.countDocuments({ key: l.key })).toBe(0);
		// …until the window ends, or a reset on this node.
		expect((await takeAttempt([l], at(15))).allowed).toBe(true);
		await resetRateLimit(l.key);
		expect((await takeAttempt([l], at(16))).allowed).toBe(true);
	});

	it('stop a refused attempt at the first full limit: the others are neither claimed nor released', async () => {
		const full = limit('test:first-full', 1);
		const other = limit('test:first-full-other', 5);
		expect((await takeAttempt([full, other], at(0))).allowed).toBe(true);
		for (let i = 0; i < 10; i++) expect((await takeAttempt([full, other], at(1))).allowed).toBe(false);
		// Only the first attempt's slot under the other limit: the refused ones never touched it.
		expect(await RateLimitSlot.countDocuments({ key: other.key })).toBe(1);
		// A limit later in the list that this node knows full still sets the wait.
		const late = limit('test:late-full', 1);
		await takeAttempt([late], at(0));
		await takeAttempt([late], at(0));
		const refused = await takeAttempt([full, late], at(1));
		expect(refused).toEqual({ allowed: false, retryAfterMs: 14 * MINUTE });
	});
});

describe('helpers', () => {
	it('keeps personal data out of keys', () => {
		const key = rateLimitKey('login:account', ' Camille.Martin@Example.fr ');
		expect(key).toMatch(/^login:account:[0-9a-f]{64}$/);
		expect(key).not.toContain('camille');
		expect(rateLimitKey('login:account', 'camille.martin@example.fr')).toBe(key);
	});

	it('phrases the wait in whole minutes, rounded up', () => {
		expect(tooManyAttemptsMessage(5 * MINUTE)).toBe('Trop de tentatives. Réessayez dans 5 minutes.');
		expect(tooManyAttemptsMessage(4 * MINUTE + 1)).toBe('Trop de tentatives. Réessayez dans 5 minutes.');
		expect(tooManyAttemptsMessage(20_000)).toBe('Trop de tentatives. Réessayez dans 1 minute.');
	});
});
