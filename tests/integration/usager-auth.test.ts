/**
 * Usagers' passwordless sign-in: the e-mail code's lifecycle (success, wrong code, 5 tries, expiry, replay,
 * replacement), its limits per address and per network, what is stored, the account opened once, the usager
 * session (sliding expiry, independent of agents'), and the sign-in pages' actions.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { isActionFailure, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/lib/server/db/models/agent.ts';
import { Usager } from '../../src/lib/server/db/models/usager.ts';
import { UsagerLoginCode } from '../../src/lib/server/db/models/usager-login-code.ts';
import { UsagerSession } from '../../src/lib/server/db/models/usager-session.ts';
import { createSession, validateSessionToken, SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { handleSession } from '../../src/lib/server/auth/hooks.ts';
import {
	CODE_REQUESTS_PER_ADDRESS,
	CODE_REQUESTS_PER_EMAIL,
	CODE_TRIES_PER_ADDRESS,
	DEAD_CODE_MESSAGE,
	EXPIRED_CODE_MESSAGE,
	LOGIN_CODE_TTL_MS,
	MISSING_CODE_MESSAGE,
	requestLoginCode,
	verifyLoginCode
} from '../../src/lib/server/auth/usager-code.ts';
import {
	USAGER_SESSION_COOKIE,
	USAGER_SESSION_DURATION_MS,
	createUsagerSession,
	invalidateUsagerSession,
	validateUsagerSessionToken
} from '../../src/lib/server/auth/usager-session.ts';
import { handleUsagerSession } from '../../src/lib/server/auth/usager-hooks.ts';
import { requireUsager } from '../../src/lib/server/auth/usager-guard.ts';
import { sweepExpiredAuthRecords } from '../../src/lib/server/auth/sweep.ts';
import { listOutboxEmails } from '../../src/lib/server/notify/outbox.ts';
import { toUsagerDto } from '../../src/lib/server/services/mappers.ts';
import { fullName } from '../../src/lib/components/usagers/format.ts';
import * as connexion from '../../src/routes/(public)/usager/connexion/+page.server.ts';
import * as identification from '../../src/routes/(public)/prendre-rdv/identification/+page.server.ts';
import * as deconnexion from '../../src/routes/(public)/usager/deconnexion/+page.server.ts';
import { requestEvent } from '../helpers/request-event.ts';

const DAY = 24 * 60 * 60 * 1000;

beforeAll(() => {
	delete process.env.RESEND_API_KEY;
});

/** Each test its own address and network, so limits never leak between tests. */
const newEmail = () => `usager-${randomUUID().slice(0, 8)}@exemple.fr`;
let ipCounter = 0;
const newIp = () => `198.51.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function lastCode(email: string): Promise<string> {
	const [latest] = await listOutboxEmails({ to: email, limit: 1 });
	const code = /Votre code de connexion Guichet : (\d{6})$/.exec(latest?.subject ?? '')?.[1];
	if (!code) throw new Error('no code sent');
	return code;
}

const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('e-mail code', () => {
	it('opens a new account on the first sign-in and the same one afterwards', async () => {
		const email = newEmail();
		const ip = newIp();
		expect(await requestLoginCode(`  ${email.toUpperCase()} `, ip)).toEqual({ ok: true });
		const first = await verifyLoginCode(email, await lastCode(email), ip);
		expect(first).toMatchObject({ ok: true, created: true });
		if (!first.ok) return;

		const usager = await Usager.findById(first.usagerId).lean();
		expect(usager).toMatchObject({ email, account: { via: 'email_code' } });
		expect(usager?.firstName).toBeUndefined();
		const session = await validateUsagerSessionToken(first.token);
		expect(session?.usager).toEqual({ id: first.usagerId, email, via: 'email_code' });

		expect(await requestLoginCode(email, ip)).toEqual({ ok: true });
		const again = await verifyLoginCode(email, await lastCode(email), ip);
		expect(again).toMatchObject({ ok: true, created: false, usagerId: first.usagerId });
		expect(await Usager.countDocuments({ email })).toBe(1);
	});

	it('opens the record an agent made with the same address, keeping its names', async () => {
		const email = newEmail();
		const recorded = await Usager.create({ firstName: 'Nadia', lastName: 'Benali', email });
		const ip = newIp();
		await requestLoginCode(email, ip);
		const result = await verifyLoginCode(email, await lastCode(email), ip);
		expect(result).toMatchObject({ ok: true, created: false, usagerId: String(recorded._id) });
		const after = await Usager.findById(recorded._id).lean();
		expect(after).toMatchObject({ firstName: 'Nadia', lastName: 'Benali', account: { via: 'email_code' } });
	});

	it('stores neither the code nor the address, only a salted hash', async () => {
		const email = newEmail();
		await requestLoginCode(email, newIp());
		const code = await lastCode(email);
		const stored = await UsagerLoginCode.find({}).lean();
		const text = JSON.stringify(stored);
		expect(text).not.toContain(email);
		expect(text).not.toContain(code);
		const mine = stored.find((d) => d.expiresAt.getTime() > Date.now() && d.codeHash.startsWith('$argon2id$'));
		expect(mine).toBeDefined();
	});

	it('counts down wrong codes and kills the code after 5', async () => {
		const email = newEmail();
		const ip = newIp();
		await requestLoginCode(email, ip);
		const code = await lastCode(email);
		const messages: string[] = [];
		for (let i = 0; i < 5; i++) {
			const r = await verifyLoginCode(email, wrongOf(code), ip);
			if (!r.ok) messages.push(r.message);
		}
		expect(messages).toEqual([
			'Code incorrect. Il vous reste 4 essais.',
			'Code incorrect. Il vous reste 3 essais.',
			'Code incorrect. Il vous reste 2 essais.',
			'Code incorrect. Il vous reste 1 essai.',
			'Code incorrect. Demandez un nouveau code.'
		]);
		// The right code comes too late: nothing is opened.
		expect(await verifyLoginCode(email, code, ip)).toMatchObject({ ok: false, message: DEAD_CODE_MESSAGE });
		expect(await Usager.countDocuments({ email })).toBe(0);
		// A new code gets fresh tries.
		await requestLoginCode(email, ip);
		expect(await verifyLoginCode(email, await lastCode(email), ip)).toMatchObject({ ok: true });
	});

	it('never grants more than 5 tries to parallel guesses', async () => {
		const email = newEmail();
		const ip = newIp();
		await requestLoginCode(email, ip);
		const code = await lastCode(email);
		const results = await Promise.all(Array.from({ length: 12 }, () => verifyLoginCode(email, wrongOf(code), ip)));
		const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
		expect(reasons.filter((r) => r === 'wrong')).toHaveLength(5);
		expect(reasons.filter((r) => r === 'dead')).toHaveLength(7);
	});

	it('refuses an expired code', async () => {
		const email = newEmail();
		const ip = newIp();
		const now = new Date();
		await requestLoginCode(email, ip, now);
		const later = new Date(now.getTime() + LOGIN_CODE_TTL_MS + 1);
		expect(await verifyLoginCode(email, await lastCode(email), ip, later)).toMatchObject({
			ok: false,
			reason: 'expired',
			message: EXPIRED_CODE_MESSAGE
		});
		expect(await Usager.countDocuments({ email })).toBe(0);
	});

	it('refuses a code used once already, and one replaced by a newer code', async () => {
		const email = newEmail();
		const ip = newIp();
		await requestLoginCode(email, ip);
		const first = await lastCode(email);
		await new Promise((r) => setTimeout(r, 5));
		await requestLoginCode(email, ip);
		const second = await lastCode(email);
		if (first !== second) expect(await verifyLoginCode(email, first, ip)).toMatchObject({ ok: false, reason: 'wrong' });
		expect(await verifyLoginCode(email, second, ip)).toMatchObject({ ok: true });
		expect(await verifyLoginCode(email, second, ip)).toMatchObject({ ok: false, message: MISSING_CODE_MESSAGE });
	});

	it('lets two correct submissions at once open one session only', async () => {
		const email = newEmail();
		const ip = newIp();
		await requestLoginCode(email, ip);
		const code = await lastCode(email);
		const results = await Promise.all([verifyLoginCode(email, code, ip), verifyLoginCode(email, code, ip)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('limits the codes sent to one address and from one network', async () => {
		const email = newEmail();
		const now = new Date();
		for (let i = 0; i < CODE_REQUESTS_PER_EMAIL; i++) {
			expect(await requestLoginCode(email, newIp(), now)).toEqual({ ok: true });
		}
		const refused = await requestLoginCode(email, newIp(), now);
		expect(refused).toMatchObject({ ok: false, reason: 'rate_limited' });
		if (!refused.ok) expect(refused.message).toMatch(/^Trop de tentatives\. Réessayez dans \d+ minutes?\.$/);
		expect(await listOutboxEmails({ to: email })).toHaveLength(CODE_REQUESTS_PER_EMAIL);

		const ip = newIp();
		const burst = await Promise.all(
			Array.from({ length: CODE_REQUESTS_PER_ADDRESS + 5 }, () => requestLoginCode(newEmail(), ip, now))
		);
		expect(burst.filter((r) => r.ok)).toHaveLength(CODE_REQUESTS_PER_ADDRESS);
	});

	it('refuses guessing from one network beyond its limit, writing nothing but the attempt slots', async () => {
		const ip = newIp();
		const now = new Date();
		const victim = newEmail();
		await requestLoginCode(victim, newIp(), now);
		const code = await lastCode(victim);
		const usagers = await Usager.countDocuments({});
		const sessions = await UsagerSession.countDocuments({});
		// Guesses over many addresses (no pending code for most): the network's budget is spent, then all refused.
		const results = await Promise.all(
			Array.from({ length: CODE_TRIES_PER_ADDRESS + 20 }, () => verifyLoginCode(newEmail(), '123456', ip, now))
		);
		expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(20);
		// Even the right code for a real pending address is refused from that network now.
		expect(await verifyLoginCode(victim, code, ip, now)).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect(await Usager.countDocuments({})).toBe(usagers);
		expect(await UsagerSession.countDocuments({})).toBe(sessions);
		// From elsewhere it still works: the limit is the network's, not the address's.
		expect(await verifyLoginCode(victim, code, newIp(), now)).toMatchObject({ ok: true });
	});
});

describe('usager session', () => {
	async function usagerWithAccount() {
		const u = await Usager.create({
			email: newEmail(),
			account: { createdAt: new Date(), lastSignInAt: new Date(), via: 'email_code' }
		});
		return String(u._id);
	}

	it('slides: renewed when used with less than 3 days left, gone once expired', async () => {
		const usagerId = await usagerWithAccount();
		const now = new Date();
		const { token } = await createUsagerSession(usagerId, 'email_code', now);
		expect((await validateUsagerSessionToken(token, new Date(now.getTime() + 2 * DAY)))?.renewed).toBe(false);
		const later = new Date(now.getTime() + 5 * DAY);
		const renewed = await validateUsagerSessionToken(token, later);
		expect(renewed?.renewed).toBe(true);
		expect(renewed?.expiresAt.getTime()).toBe(later.getTime() + USAGER_SESSION_DURATION_MS);
		const past = new Date(later.getTime() + USAGER_SESSION_DURATION_MS);
		expect(await validateUsagerSessionToken(token, past)).toBeNull();
		expect(await UsagerSession.countDocuments({ usagerId })).toBe(0);
	});

	it('ends with sign-out and with the deletion of the account', async () => {
		const usagerId = await usagerWithAccount();
		const a = await createUsagerSession(usagerId, 'email_code');
		const b = await createUsagerSession(usagerId, 'email_code');
		const valid = await validateUsagerSessionToken(a.token);
		await invalidateUsagerSession(valid!.sessionId);
		expect(await validateUsagerSessionToken(a.token)).toBeNull();
		await Usager.updateOne({ _id: usagerId }, { $set: { deletedAt: new Date() } });
		expect(await validateUsagerSessionToken(b.token)).toBeNull();
	});

	it('is independent of agent sessions: neither cookie opens the other', async () => {
		const usagerId = await usagerWithAccount();
		const agent = await Agent.create({
			email: `agent-${randomUUID().slice(0, 8)}@mds.test`,
			firstName: 'Camille',
			lastName: 'Martin',
			serviceIds: [new Types.ObjectId()],
			roles: [{ organisationId: new Types.ObjectId(), level: 'basic' }]
		});
		const agentSession = await createSession(String(agent._id));
		const usagerSession = await createUsagerSession(usagerId, 'email_code');
		expect(await validateSessionToken(usagerSession.token)).toBeNull();
		expect(await validateUsagerSessionToken(agentSession.token)).toBeNull();

		/** Runs both hooks as the server does, with these cookies, and returns the locals they set. */
		async function locals(path: string, cookies: Record<string, string>) {
			const event = requestEvent({ path });
			for (const [k, v] of Object.entries(cookies)) event.cookies.set(k, v, { path: '/' });
			const resolve = async () => new Response('ok');
			await handleSession({ event, resolve });
			await handleUsagerSession({ event, resolve });
			return event.locals;
		}
		const usagerOnly = await locals('/mon-espace', { [USAGER_SESSION_COOKIE]: usagerSession.token });
		expect(usagerOnly.agent).toBeNull();
		expect(usagerOnly.usager?.id).toBe(usagerId);
		// The usager cookie under the agents' name opens nothing, and the other way round.
		const swapped = await locals('/agents', {
			[SESSION_COOKIE]: usagerSession.token,
			[USAGER_SESSION_COOKIE]: agentSession.token
		});
		expect(swapped.agent).toBeNull();
		expect(swapped.usager).toBeNull();
		// Both at once: one person signed in as both.
		const both = await locals('/', {
			[SESSION_COOKIE]: agentSession.token,
			[USAGER_SESSION_COOKIE]: usagerSession.token
		});
		expect(both.agent?.id).toBe(String(agent._id));
		expect(both.usager?.id).toBe(usagerId);
		// The API never reads the usager cookie.
		const api = await locals('/api/v1/organisations', { [USAGER_SESSION_COOKIE]: usagerSession.token });
		expect(api.usager).toBeNull();
	});

	it('requireUsager sends a visitor to the sign-in page and back', async () => {
		const event = requestEvent({ path: '/mon-espace/rdvs?page=2' });
		let location = '';
		try {
			requireUsager(event);
		} catch (thrown) {
			if (isRedirect(thrown)) location = thrown.location;
		}
		expect(location).toBe(`/usager/connexion?redirectTo=${encodeURIComponent('/mon-espace/rdvs?page=2')}`);
		const forged = (() => {
			try {
				requireUsager(event, '//evil.example/x');
			} catch (thrown) {
				return isRedirect(thrown) ? thrown.location : '';
			}
		})();
		expect(forged).toBe(`/usager/connexion?redirectTo=${encodeURIComponent('/mon-espace')}`);
	});

	it('is swept with the codes once expired', async () => {
		const usagerId = await usagerWithAccount();
		const now = new Date();
		await createUsagerSession(usagerId, 'email_code', now);
		const email = newEmail();
		await requestLoginCode(email, newIp(), now);
		await sweepExpiredAuthRecords(new Date(now.getTime() + USAGER_SESSION_DURATION_MS + 1));
		expect(await UsagerSession.countDocuments({ usagerId })).toBe(0);
		expect(await UsagerLoginCode.countDocuments({ expiresAt: { $lte: new Date(now.getTime() + DAY) } })).toBe(0);
	});
});

describe('usager record without names', () => {
	it('is allowed only for an online account, and shows as « (nom non renseigné) »', async () => {
		await expect(Usager.create({ email: newEmail() })).rejects.toThrow(/Le prénom est obligatoire/);
		const online = await Usager.create({
			email: newEmail(),
			account: { createdAt: new Date(), lastSignInAt: new Date(), via: 'email_code' }
		});
		const dto = toUsagerDto(online.toObject());
		expect(dto).toMatchObject({ firstName: '', lastName: '' });
		expect(fullName(dto)).toBe('(nom non renseigné)');
		expect(fullName({ firstName: 'Nadia', lastName: 'Benali' })).toBe('Nadia BENALI');
	});
});

describe('sign-in pages', () => {
	/** Runs an action with a form; returns the event (its cookies) and what came out. */
	async function post(action: unknown, path: string, form: Record<string, string>, ip = newIp()) {
		const body = new FormData();
		for (const [k, v] of Object.entries(form)) body.append(k, v);
		const event = requestEvent({ path, method: 'POST', body });
		(event as { getClientAddress: () => string }).getClientAddress = () => ip;
		try {
			const result = await (action as (e: RequestEvent) => Promise<unknown>)(event);
			return { event, result, location: null as string | null };
		} catch (thrown) {
			if (isRedirect(thrown)) return { event, result: null, location: thrown.location };
			throw thrown;
		}
	}

	it('asks for an e-mail, then the code, then goes where asked with the usager cookie', async () => {
		const email = newEmail();
		const ip = newIp();
		const asked = await post(
			connexion.actions.request,
			'/usager/connexion',
			{ email, redirectTo: '/mon-espace/compte' },
			ip
		);
		expect(asked.result).toMatchObject({ step: 'code', email, sent: true, redirectTo: '/mon-espace/compte' });
		const wrong = await post(
			connexion.actions.verify,
			'/usager/connexion',
			{ email, code: 'abc', redirectTo: '/' },
			ip
		);
		expect(isActionFailure(wrong.result) && wrong.result.data).toMatchObject({
			step: 'code',
			errors: { code: 'Le code se compose de 6 chiffres, par exemple 123456.' }
		});
		const code = await lastCode(email);
		const done = await post(
			connexion.actions.verify,
			'/usager/connexion',
			{ email, code: `${code.slice(0, 3)} ${code.slice(3)}`, redirectTo: 'https://evil.example/' },
			ip
		);
		expect(done.location).toBe('/mon-espace');
		const token = done.event.cookies.get(USAGER_SESSION_COOKIE);
		expect((await validateUsagerSessionToken(token ?? ''))?.usager.email).toBe(email);
	});

	it('says what is wrong next to the field', async () => {
		const bad = await post(connexion.actions.request, '/usager/connexion', { email: 'pas-une-adresse' });
		expect(isActionFailure(bad.result) && bad.result.data).toMatchObject({
			step: 'email',
			errors: { email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' }
		});
		const email = newEmail();
		const ip = newIp();
		await post(connexion.actions.request, '/usager/connexion', { email }, ip);
		const code = await lastCode(email);
		const wrong = await post(connexion.actions.verify, '/usager/connexion', { email, code: wrongOf(code) }, ip);
		expect(isActionFailure(wrong.result) && wrong.result.data).toMatchObject({
			step: 'code',
			errors: { code: 'Code incorrect. Il vous reste 4 essais.' }
		});
	});

	it('skips the funnel’s identification for a signed-in usager, keeping every parameter', async () => {
		const query = '?departement=62&motif=consultation--public_office&creneau=2030-01-07T09%3A00%3A00.000Z';
		const visitor = requestEvent({ path: `/prendre-rdv/identification${query}` });
		const data = (await identification.load(visitor as never)) as { redirectTo: string };
		expect(data.redirectTo).toBe(`/prendre-rdv/informations${query}`);

		const signedIn = requestEvent({ path: `/prendre-rdv/identification${query}` });
		signedIn.locals.usager = { id: new Types.ObjectId().toHexString(), email: newEmail(), via: 'email_code' };
		let location = '';
		try {
			await identification.load(signedIn as never);
		} catch (thrown) {
			if (isRedirect(thrown)) location = thrown.location;
		}
		expect(location).toBe(`/prendre-rdv/informations${query}`);
	});

	it('signs out the usager only', async () => {
		const u = await Usager.create({
			email: newEmail(),
			account: { createdAt: new Date(), lastSignInAt: new Date(), via: 'email_code' }
		});
		const { token } = await createUsagerSession(String(u._id), 'email_code');
		const session = await validateUsagerSessionToken(token);
		const event = requestEvent({ path: '/usager/deconnexion', method: 'POST', body: new FormData() });
		event.locals.usagerSessionId = session!.sessionId;
		event.locals.sessionId = 'an-agent-session';
		let location = '';
		try {
			await deconnexion.actions.default(event as never);
		} catch (thrown) {
			if (isRedirect(thrown)) location = thrown.location;
		}
		expect(location).toBe('/');
		expect(await validateUsagerSessionToken(token)).toBeNull();
	});
});
