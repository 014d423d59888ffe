/**
 * What ends an agent's access: a password reset and « Se déconnecter partout » revoke sessions, sockets, API
 * tokens and pending reset links; API tokens expire on their own, at a date chosen at creation. Exercised through
 * the real routes, the real API handler, a real Socket.IO server and the real database.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { isRedirect, type Cookies } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, ApiToken, Organisation, Service, Territory } from '../../src/lib/server/db/models/index.ts';
import { Session } from '../../src/lib/server/db/models/session.ts';
import { PasswordResetToken } from '../../src/lib/server/db/models/password-reset-token.ts';
import {
	ApiTokenError,
	ENDED_API_TOKEN_RETENTION_MS,
	authenticateApiToken,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '../../src/lib/server/auth/api-token.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { isPasswordResetTokenUsable, requestPasswordReset } from '../../src/lib/server/auth/password-reset.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { SESSION_COOKIE, createSession, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { sweepExpiredAuthRecords } from '../../src/lib/server/auth/sweep.ts';
import { hashToken } from '../../src/lib/server/auth/tokens.ts';
import { getOutboxEmail, listOutboxEmails } from '../../src/lib/server/notify/outbox.ts';
import { attachRealtime, type Realtime } from '../../src/lib/server/realtime/index.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/domain/realtime.ts';
import { GET as getMe } from '../../src/routes/api/v1/me/+server.ts';
import { actions as accountActions, load as accountLoad } from '../../src/routes/agents/compte/+page.server.ts';
import { load as signInLoad } from '../../src/routes/connexion/+page.server.ts';
import { actions as resetActions } from '../../src/routes/mot-de-passe/[token]/+page.server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { memoryCookies, requestEvent } from '../helpers/request-event.ts';

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'Guichet-Jetons-2026';
const { call } = documentedApi();
let passwordHash: string;
let organisationId: Types.ObjectId;
let server: http.Server;
let realtime: Realtime;
let socketUrl: string;
const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];

beforeAll(async () => {
	delete process.env.RESEND_API_KEY;
	passwordHash = await hashPassword(PASSWORD);
	const territory = await Territory.create({
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: 'Europe/Paris'
	});
	organisationId = (await Organisation.create({ territoryId: territory._id, name: 'MDS Arras' }))._id;
	await Service.create({ name: 'PMI', shortName: 'PMI' });
	server = http.createServer();
	realtime = await attachRealtime(server, { recheckIntervalMs: 3_600_000 });
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	socketUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	for (const socket of sockets) socket.disconnect();
	await realtime?.stop();
	await new Promise<void>((resolve) => server?.close(() => resolve()));
});

async function createAgent(): Promise<SessionAgent> {
	const agent = await Agent.create({
		email: `agent-${randomUUID().slice(0, 8)}@mds.test`,
		firstName: 'Camille',
		lastName: 'Martin',
		passwordHash,
		roles: [{ organisationId, level: 'basic' }]
	});
	return (await loadSessionAgent(String(agent._id)))!;
}

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return data;
};

type AnyFn = (event: never) => unknown;
/** Runs a load or an action as the signed-in agent of `sessionToken`, sharing a cookie jar across requests. */
function run(
	fn: AnyFn,
	init: {
		path: string;
		agent?: SessionAgent | null;
		body?: FormData;
		sessionToken?: string;
		cookies?: Cookies;
		params?: Record<string, string>;
	}
) {
	const event = requestEvent({
		method: init.body ? 'POST' : 'GET',
		path: init.path,
		agent: init.agent ?? null,
		body: init.body,
		params: init.params
	}) as unknown as { locals: { sessionId: string | null }; cookies: Cookies };
	if (init.sessionToken) event.locals.sessionId = hashToken(init.sessionToken);
	if (init.cookies) event.cookies = init.cookies;
	return fn(event as never);
}

/** The thrown redirect of an action or load, with its location. */
async function redirected(promise: unknown): Promise<string> {
	try {
		await promise;
	} catch (err) {
		if (isRedirect(err)) return err.location;
		throw err;
	}
	throw new Error('no redirect');
}

const me = (token: string) => call(getMe, { path: '/api/v1/me', token });

function socketFor(sessionToken: string) {
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connectClient(socketUrl, {
		path: '/socket.io',
		transports: ['websocket'],
		reconnection: false,
		forceNew: true,
		extraHeaders: { cookie: `${SESSION_COOKIE}=${sessionToken}` }
	});
	sockets.push(socket);
	return socket;
}
const connected = (s: Socket) =>
	new Promise<void>((resolve, reject) => {
		s.once('connect', () => resolve());
		s.once('connect_error', reject);
	});
const disconnected = (s: Socket) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));

/** The tokens of every reset link emailed to this address (dev outbox). */
async function emailedResetTokens(email: string): Promise<string[]> {
	const mails = await listOutboxEmails({ to: email });
	const texts = await Promise.all(mails.map(async (m) => (await getOutboxEmail(m.id))?.text ?? ''));
	return texts.flatMap((text) => text.match(/\/mot-de-passe\/([a-z2-7]+)/)?.[1] ?? []);
}

describe('a password reset', () => {
	it('ends the API token a stolen session created, every session and socket, and the other reset links', async () => {
		const agent = await createAgent();
		// The attacker's session (stolen cookie) creates a token through « Mon compte ».
		const stolen = await createSession(agent.id);
		const created = (await run(accountActions.create as AnyFn, {
			path: '/agents/compte',
			agent,
			sessionToken: stolen.token,
			body: form({ name: 'Porte dérobée' })
		})) as { created: { token: string } };
		const backdoor = created.created.token;
		expect((await me(backdoor)).status).toBe(200);
		const socket = socketFor(stolen.token);
		await connected(socket);
		const socketClosed = disconnected(socket);

		// The agent asks two links and uses the second one.
		await requestPasswordReset({ email: agent.email!, ip: '192.0.2.1' });
		const [firstLink] = await emailedResetTokens(agent.email!);
		await requestPasswordReset({ email: agent.email!, ip: '192.0.2.1' });
		const link = (await emailedResetTokens(agent.email!)).find((t) => t !== firstLink)!;
		expect(link).toBeDefined();
		const cookies = memoryCookies();
		const location = await redirected(
			run(resetActions.default as AnyFn, {
				path: `/mot-de-passe/${link}`,
				params: { token: link },
				cookies,
				body: form({ password: 'Nouveau-Secret-2026', confirmation: 'Nouveau-Secret-2026' })
			})
		);
		expect(location).toBe('/agents/compte');

		const refused = await me(backdoor);
		expect(refused.status).toBe(401);
		expect(refused.body).toMatchObject({ error: { code: 'unauthorized' } });
		expect(await validateSessionToken(stolen.token)).toBeNull();
		expect(await socketClosed).toBe('io server disconnect');
		expect(await isPasswordResetTokenUsable(firstLink)).toBe(false);
		expect(await PasswordResetToken.countDocuments({ agentId: agent.id })).toBe(0);
		expect((await listApiTokens(agent.id)).every((t) => t.revokedAt)).toBe(true);

		// The agent's new session works, and « Mon compte » says what the reset ended — once.
		const newSession = cookies.get(SESSION_COOKIE)!;
		expect((await validateSessionToken(newSession))?.agent.id).toBe(agent.id);
		const page = (await run(accountLoad as AnyFn, { path: '/agents/compte', agent, cookies })) as {
			resetNotice: { title: string; text: string } | null;
		};
		expect(page.resetNotice?.title).toBe('Votre nouveau mot de passe est enregistré');
		expect(page.resetNotice?.text).toContain('1 jeton d’API a été révoqué');
		const again = (await run(accountLoad as AnyFn, { path: '/agents/compte', agent, cookies })) as {
			resetNotice: unknown;
		};
		expect(again.resetNotice).toBeNull();
	});
});

describe('« Se déconnecter partout »', () => {
	it('asks first, then ends every session, socket, API token and reset link, and says so on the sign-in page', async () => {
		const agent = await createAgent();
		const here = await createSession(agent.id);
		const phone = await createSession(agent.id);
		const nightly = await createApiToken(agent.id, 'Export nocturne');
		const sync = await createApiToken(agent.id, 'Synchronisation');
		await requestPasswordReset({ email: agent.email!, ip: '192.0.2.2' });
		const [link] = await emailedResetTokens(agent.email!);
		const phoneSocket = socketFor(phone.token);
		await connected(phoneSocket);
		const phoneClosed = disconnected(phoneSocket);
		const cookies = memoryCookies({ [SESSION_COOKIE]: here.token });

		// Without JavaScript, the first post only asks for confirmation.
		const ask = await run(accountActions.signOutEverywhere as AnyFn, {
			path: '/agents/compte',
			agent,
			sessionToken: here.token,
			cookies,
			body: form({})
		});
		expect(ask).toMatchObject({ action: 'signOutEverywhere', confirmSignOut: true });
		expect((await me(nightly.token)).status).toBe(200);
		expect(await validateSessionToken(phone.token)).not.toBeNull();

		const location = await redirected(
			run(accountActions.signOutEverywhere as AnyFn, {
				path: '/agents/compte',
				agent,
				sessionToken: here.token,
				cookies,
				body: form({ confirm: 'oui' })
			})
		);
		expect(location).toBe('/connexion?redirectTo=%2Fagents%2Fcompte');
		expect(cookies.get(SESSION_COOKIE)).toBeUndefined();
		for (const s of [here, phone]) expect(await validateSessionToken(s.token)).toBeNull();
		expect(await phoneClosed).toBe('io server disconnect');
		for (const t of [nightly, sync]) expect((await me(t.token)).status).toBe(401);
		expect(await isPasswordResetTokenUsable(link)).toBe(false);

		const signIn = (await run(signInLoad as AnyFn, { path: location, cookies })) as {
			notice: { title: string; text: string } | null;
		};
		expect(signIn.notice?.title).toBe('Vous êtes déconnecté de tous vos appareils');
		expect(signIn.notice?.text).toContain('Vos 2 sessions ont été fermées');
		expect(signIn.notice?.text).toContain('2 jetons d’API ont été révoqués');
		expect(((await run(signInLoad as AnyFn, { path: location, cookies })) as { notice: unknown }).notice).toBeNull();
	});

	it('revokes a token whose creation raced with it', async () => {
		const agent = await createAgent();
		const session = await createSession(agent.id);
		// The session was ended between the request's validation and the token's creation.
		await Session.deleteOne({ _id: hashToken(session.token) });
		await expect(createApiToken(agent.id, 'Trop tard', { sessionId: hashToken(session.token) })).rejects.toMatchObject({
			reason: 'session_ended'
		});
		const [late] = await listApiTokens(agent.id);
		expect(late).toMatchObject({ name: 'Trop tard', revokedAt: expect.any(Date) });
		const location = await redirected(
			run(accountActions.create as AnyFn, {
				path: '/agents/compte',
				agent,
				sessionToken: session.token,
				body: form({ name: 'Encore trop tard' })
			})
		);
		expect(location).toBe('/connexion');
		expect((await listApiTokens(agent.id)).every((t) => t.revokedAt)).toBe(true);
	});
});

describe('API token expiry', () => {
	it('is chosen at creation: 90 days by default, 30 or 365 on request, nothing else', async () => {
		const agent = await createAgent();
		const create = (fields: Record<string, string>) =>
			run(accountActions.create as AnyFn, { path: '/agents/compte', agent, body: form(fields) });
		const before = Date.now();
		const byDefault = (await create({ name: 'Défaut' })) as { created: { expiresAt: Date } };
		const month = (await create({ name: 'Mois', lifetimeDays: '30' })) as { created: { expiresAt: Date } };
		const year = (await create({ name: 'Année', lifetimeDays: '365' })) as { created: { expiresAt: Date } };
		const after = Date.now();
		for (const [result, days] of [
			[byDefault, 90],
			[month, 30],
			[year, 365]
		] as const) {
			expect(result.created.expiresAt.getTime()).toBeGreaterThanOrEqual(before + days * DAY);
			expect(result.created.expiresAt.getTime()).toBeLessThanOrEqual(after + days * DAY);
		}
		for (const lifetimeDays of ['1000', '0', 'abc', '']) {
			const refused = await create({ name: 'Jamais', lifetimeDays });
			expect(refused).toMatchObject({
				status: 400,
				data: { errors: { lifetimeDays: 'Choisissez une durée de validité.' }, lifetimeDays }
			});
		}
		await expect(createApiToken(agent.id, 'Trop long', { lifetimeDays: 366 })).rejects.toBeInstanceOf(ApiTokenError);
		await expect(createApiToken(agent.id, 'Passé', { expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({
			reason: 'invalid_expiry'
		});
		expect((await listApiTokens(agent.id)).map((t) => t.name).sort()).toEqual(['Année', 'Défaut', 'Mois']);
	});

	it('is enforced at authentication, and the list marks expired tokens with their date', async () => {
		const agent = await createAgent();
		const now = new Date();
		const { token, summary } = await createApiToken(agent.id, 'Court', { lifetimeDays: 30, now });
		const expiry = now.getTime() + 30 * DAY;
		expect(summary.expiresAt.getTime()).toBe(expiry);
		expect(await authenticateApiToken(token, new Date(expiry - 1000))).not.toBeNull();
		expect(await authenticateApiToken(token, new Date(expiry))).toBeNull();

		// Through the API: the same token, once its date has passed.
		expect((await me(token)).status).toBe(200);
		await ApiToken.updateOne({ _id: summary.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
		expect((await me(token)).status).toBe(401);
		const page = (await run(accountLoad as AnyFn, { path: '/agents/compte', agent })) as {
			tokens: { name: string; status: string; expiresAt: Date }[];
		};
		expect(page.tokens).toEqual([
			expect.objectContaining({ name: 'Court', status: 'expired', expiresAt: expect.any(Date) })
		]);
	});

	it('applies to tokens created before expiry existed: the default lifetime from their creation', async () => {
		const agent = await createAgent();
		const insertLegacy = async (name: string, createdAt: Date) => {
			const token = `gch_${randomUUID()
				.replace(/-/g, '')
				.slice(0, 32)
				.replace(/[0189]/g, 'a')}`;
			await ApiToken.collection.insertOne({
				agentId: new Types.ObjectId(agent.id),
				name,
				tokenHash: hashToken(token),
				prefix: token.slice(0, 10),
				createdAt
			});
			return token;
		};
		const recent = await insertLegacy('Récent', new Date(Date.now() - 10 * DAY));
		const old = await insertLegacy('Ancien', new Date(Date.now() - 100 * DAY));
		expect(await authenticateApiToken(recent)).not.toBeNull();
		expect(await authenticateApiToken(old)).toBeNull();
		const listed = await listApiTokens(agent.id);
		expect(listed.find((t) => t.name === 'Ancien')?.expiresAt.getTime()).toBeLessThan(Date.now());
	});
});

describe('sweep of ended API tokens', () => {
	it('deletes tokens expired or revoked more than 30 days ago, and keeps the others listed', async () => {
		const agent = await createAgent();
		const now = new Date();
		const ago = (days: number) => new Date(now.getTime() - days * DAY);
		const mk = (name: string, createdDaysAgo: number, lifetimeDays: number) =>
			createApiToken(agent.id, name, { now: ago(createdDaysAgo), lifetimeDays });
		await mk('Actif', 1, 90);
		await mk('Expiré récemment', 40, 30); // ended 10 days ago: still listed
		await mk('Expiré depuis longtemps', 100, 30); // ended 70 days ago
		const revokedLongAgo = await mk('Révoqué depuis longtemps', 60, 365);
		const revokedRecently = await mk('Révoqué récemment', 60, 365);
		await ApiToken.updateOne({ _id: revokedLongAgo.summary.id }, { $set: { revokedAt: ago(31) } });
		await revokeApiToken(agent.id, revokedRecently.summary.id);
		expect(ENDED_API_TOKEN_RETENTION_MS).toBe(30 * DAY);

		await sweepExpiredAuthRecords(now);
		expect((await listApiTokens(agent.id)).map((t) => t.name).sort()).toEqual([
			'Actif',
			'Expiré récemment',
			'Révoqué récemment'
		]);
	});
});
