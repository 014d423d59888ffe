/**
 * Sign-in and forgotten-password limits, sized for public-service offices: hundreds of agents behind one NAT
 * address must not lock each other out, an attacker elsewhere must not lock an agent out, and guessing stays
 * limited per account and address and account-wide.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/lib/server/db/models/agent.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { signInWithPassword, type SignInResult } from '../../src/lib/server/auth/sign-in.ts';
import { requestPasswordReset } from '../../src/lib/server/auth/password-reset.ts';
import { listOutboxEmails } from '../../src/lib/server/notify/outbox.ts';
import { actions as forgottenActions } from '../../src/routes/mot-de-passe-oublie/+page.server.ts';
import { requestEvent } from '../helpers/request-event.ts';

const PASSWORD = 'Guichet-Limites-2026';
const MINUTE = 60_000;
let passwordHash: string;

beforeAll(async () => {
	delete process.env.RESEND_API_KEY;
	passwordHash = await hashPassword(PASSWORD);
});

async function createAgent(): Promise<string> {
	const email = `agent-${randomUUID().slice(0, 8)}@office.test`;
	await Agent.create({ email, lastName: 'Martin', passwordHash, roles: [] });
	return email;
}

/** A fixed instant at the start of a 15-minute window, a different one per test (no straddling, no sharing). */
let day = 0;
const windowStart = () => new Date(Date.UTC(2026, 3, 1 + day++, 9, 0));
const at = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

const fail = (email: string, ip: string, now: Date, n = 0) =>
	signInWithPassword({ email, password: `Mauvais-${n}-mot-de-passe`, ip }, now);
const reasonOf = (r: SignInResult) => (r.ok ? 'ok' : r.reason);

/** Runs `count` tasks, `width` at a time (argon2 runs on the thread pool: a little parallelism, not a flood). */
async function inBatches<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
	const out: T[] = [];
	for (let i = 0; i < count; i += width) {
		out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, k) => task(i + k)))));
	}
	return out;
}

describe('per account and address', () => {
	it('an attacker’s failures from one address do not stop the agent at another', async () => {
		const email = await createAgent();
		const now = windowStart();
		for (let i = 0; i < 12; i++) await fail(email, '198.51.100.66', now, i);
		// The attacker's address is refused now, even with the right password…
		const attacker = await signInWithPassword({ email, password: PASSWORD, ip: '198.51.100.66' }, at(now, 1));
		expect(attacker).toMatchObject({ ok: false, reason: 'rate_limited' });
		// …while the agent at the office signs in.
		const agent = await signInWithPassword({ email, password: PASSWORD, ip: '192.0.2.10' }, at(now, 1));
		expect(agent).toMatchObject({ ok: true });
	});

	it('lets the agent through after a few typos, and forgets them after a success', async () => {
		const email = await createAgent();
		const now = windowStart();
		for (let i = 0; i < 9; i++) expect(reasonOf(await fail(email, '192.0.2.11', now, i))).toBe('invalid_credentials');
		expect(await signInWithPassword({ email, password: PASSWORD, ip: '192.0.2.11' }, now)).toMatchObject({ ok: true });
		for (let i = 0; i < 10; i++) expect(reasonOf(await fail(email, '192.0.2.11', now, i))).toBe('invalid_credentials');
		expect(reasonOf(await fail(email, '192.0.2.11', now))).toBe('rate_limited');
	});

	it('lets no more than 10 parallel guesses from one address through', async () => {
		const email = await createAgent();
		const now = windowStart();
		const results = await Promise.all(Array.from({ length: 25 }, (_, i) => fail(email, '198.51.100.67', now, i)));
		expect(results.filter((r) => reasonOf(r) === 'invalid_credentials')).toHaveLength(10);
		expect(results.filter((r) => reasonOf(r) === 'rate_limited')).toHaveLength(15);
	});

	it('counts an IPv6 /64 as one address: rotating the interface part buys no new guesses', async () => {
		const email = await createAgent();
		const now = windowStart();
		for (let i = 0; i < 10; i++) await fail(email, `2001:db8:5:6::${(i + 1).toString(16)}`, now, i);
		expect(reasonOf(await fail(email, '2001:db8:5:6:aaaa:bbbb:cccc:dddd', now))).toBe('rate_limited');
		const elsewhere = await signInWithPassword({ email, password: PASSWORD, ip: '2001:db8:5:7::1' }, now);
		expect(elsewhere).toMatchObject({ ok: true });
	});
});

describe('account-wide ceiling', () => {
	it('caps guessing spread over many addresses, but not the agent at an address they signed in from', async () => {
		const email = await createAgent();
		const office = '192.0.2.20';
		const before = windowStart();
		expect(await signInWithPassword({ email, password: PASSWORD, ip: office }, before)).toMatchObject({ ok: true });

		const now = windowStart();
		// 50 failures from 10 addresses (5 each): every address is under its own budget of 10.
		const spread = await inBatches(50, 5, (i) => fail(email, `203.0.113.${1 + (i % 10)}`, now, i));
		expect(spread.every((r) => reasonOf(r) === 'invalid_credentials')).toBe(true);
		// A new address is refused, whatever the password: the ceiling is reached.
		expect(reasonOf(await fail(email, '203.0.113.99', now))).toBe('rate_limited');
		const fresh = await signInWithPassword({ email, password: PASSWORD, ip: '203.0.113.98' }, now);
		expect(fresh).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect(fresh.ok ? '' : fresh.message).toMatch(/Mot de passe oublié/);
		// The agent at the office still gets in, with the office's own tight budget.
		expect(await signInWithPassword({ email, password: PASSWORD, ip: office }, at(now, 2))).toMatchObject({ ok: true });
		// A guesser sharing the office address is limited by that budget: 10 failures, then refused.
		for (let i = 0; i < 10; i++) expect(reasonOf(await fail(email, office, at(now, 3), i))).toBe('invalid_credentials');
		expect(reasonOf(await fail(email, office, at(now, 3)))).toBe('rate_limited');
		// The next window opens the account again from anywhere.
		const next = await signInWithPassword({ email, password: PASSWORD, ip: '203.0.113.98' }, at(now, 15));
		expect(next).toMatchObject({ ok: true });
	});

	it('stays exact under a parallel distributed burst, and treats unknown addresses alike', async () => {
		const email = 'personne-' + randomUUID().slice(0, 8) + '@office.test';
		const now = windowStart();
		const results = await Promise.all(Array.from({ length: 70 }, (_, i) => fail(email, `203.0.114.${i + 1}`, now, i)));
		expect(results.filter((r) => reasonOf(r) === 'invalid_credentials')).toHaveLength(50);
		expect(results.filter((r) => reasonOf(r) === 'rate_limited')).toHaveLength(20);
	});
});

describe('per address (an office behind one NAT address)', () => {
	// About 350 argon2 verifications: the slowest test here, given room on a busy machine.
	it(
		'lets an office of many agents with a few typos each sign in, and still caps one address',
		{ timeout: 180_000 },
		async () => {
			const office = '192.0.2.50';
			const now = windowStart();
			const emails = await Promise.all(Array.from({ length: 50 }, () => createAgent()));
			// 50 agents, 3 typos each: 150 failures from one address within 15 minutes.
			const typos = await inBatches(150, 8, (i) => fail(emails[i % 50], office, at(now, 1), i));
			expect(typos.filter((r) => reasonOf(r) === 'rate_limited')).toHaveLength(0);
			const signedIn = await inBatches(50, 8, (i) =>
				signInWithPassword({ email: emails[i], password: PASSWORD, ip: office }, at(now, 2))
			);
			expect(signedIn.filter((r) => r.ok)).toHaveLength(50);
			// Successes do not count: 150 more failures reach the address's limit of 300…
			const more = await inBatches(150, 8, (i) => fail(`inconnu-${i % 15}@office.test`, office, at(now, 3), i));
			expect(more.filter((r) => reasonOf(r) === 'rate_limited')).toHaveLength(0);
			// …after which the address is refused, and another address is not.
			expect(reasonOf(await fail(emails[0], office, at(now, 4)))).toBe('rate_limited');
			const elsewhere = await signInWithPassword(
				{ email: emails[0], password: PASSWORD, ip: '192.0.2.51' },
				at(now, 4)
			);
			expect(elsewhere).toMatchObject({ ok: true });
		}
	);
});

describe('forgotten password', () => {
	const ask = async (email: string, ip: string) => {
		const event = requestEvent({ method: 'POST', path: '/mot-de-passe-oublie', body: formData({ email }) });
		(event as { getClientAddress: () => string }).getClientAddress = () => ip;
		return forgottenActions.default(event as never);
	};
	const formData = (fields: Record<string, string>) => {
		const data = new FormData();
		for (const [k, v] of Object.entries(fields)) data.set(k, v);
		return data;
	};

	it('says when an address asked too often, the same whether or not it has an account', async () => {
		const known = await createAgent();
		const unknown = `personne-${randomUUID().slice(0, 8)}@office.test`;
		for (const email of [known, unknown]) {
			for (let i = 0; i < 3; i++) expect(await ask(email, `192.0.2.${60 + i}`)).toMatchObject({ sent: true });
			const refused = await ask(email, '192.0.2.70');
			expect(refused).toMatchObject({
				status: 429,
				data: { sent: false, message: expect.stringMatching(/Trop de demandes/) }
			});
		}
		await expect.poll(() => listOutboxEmails({ to: known }).then((m) => m.length)).toBe(3);
	});

	it('lets an office send a hundred requests an hour from one address', async () => {
		const now = new Date(Date.UTC(2026, 4, 1, 9, 0));
		const emails = Array.from({ length: 100 }, (_, i) => `bureau-${i}-${randomUUID().slice(0, 6)}@office.test`);
		const results = await Promise.all(emails.map((email) => requestPasswordReset({ email, ip: '192.0.2.80' }, now)));
		expect(results.filter((r) => r.accepted)).toHaveLength(100);
		expect(await requestPasswordReset({ email: emails[0], ip: '192.0.2.80' }, now)).toMatchObject({ accepted: false });
	});
});
