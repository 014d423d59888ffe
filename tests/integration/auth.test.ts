import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/lib/server/db/models/agent.ts';
import { Service } from '../../src/lib/server/db/models/service.ts';
import { Session } from '../../src/lib/server/db/models/session.ts';
import { PasswordResetToken } from '../../src/lib/server/db/models/password-reset-token.ts';
import { events } from '../../src/lib/server/events.ts';
import { hashPassword, validateNewPassword, verifyPassword } from '../../src/lib/server/auth/password.ts';
import {
	SESSION_DURATION_MS,
	createSession,
	invalidateAgentSessions,
	invalidateSession,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import { INVALID_CREDENTIALS_MESSAGE, signInWithPassword } from '../../src/lib/server/auth/sign-in.ts';
import {
	RESET_TOKEN_TTL_MS,
	isPasswordResetTokenUsable,
	requestPasswordReset,
	resetPassword
} from '../../src/lib/server/auth/password-reset.ts';
import { hashToken } from '../../src/lib/server/auth/tokens.ts';
import { sweepExpiredAuthRecords } from '../../src/lib/server/auth/sweep.ts';
import { listOutboxEmails, getOutboxEmail } from '../../src/lib/server/notify/outbox.ts';

const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = 'Guichet-Test-2026';
const orgA = new Types.ObjectId();
const orgB = new Types.ObjectId();
const territory = new Types.ObjectId();
let pmi: Types.ObjectId;
let secretariat: Types.ObjectId;
let passwordHash: string;

beforeAll(async () => {
	delete process.env.RESEND_API_KEY;
	passwordHash = await hashPassword(PASSWORD);
	[pmi, secretariat] = (
		await Service.create([
			{ name: 'PMI', shortName: 'PMI' },
			{ name: 'Secrétariat', shortName: 'Secrétariat', isSecretariat: true }
		])
	).map((s) => s._id);
});

/** A fresh agent with a unique address (each test gets its own rate-limit keys). */
async function createAgent(over: Record<string, unknown> = {}) {
	const email = `agent-${randomUUID().slice(0, 8)}@mds.test`;
	const agent = await Agent.create({
		email,
		firstName: 'Camille',
		lastName: 'Martin',
		passwordHash,
		serviceIds: [pmi],
		roles: [{ organisationId: orgA, level: 'basic' }],
		...over
	});
	return { id: String(agent._id), email };
}

const ip = () => `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe('passwords', () => {
	it('hashes with argon2id and verifies', async () => {
		expect(passwordHash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(passwordHash, PASSWORD)).toBe(true);
		expect(await verifyPassword(passwordHash, 'Guichet-Test-2025')).toBe(false);
		expect(await verifyPassword('not a hash', PASSWORD)).toBe(false);
	});

	it('refuses short, common and email passwords in French', () => {
		expect(validateNewPassword('court')).toBe('Le mot de passe doit contenir au moins 12 caractères.');
		expect(validateNewPassword('motdepasse123')).toMatch(/trop courant/);
		expect(validateNewPassword('Azerty123456!')).toMatch(/trop courant/);
		expect(validateNewPassword('Soleil2026!!')).toMatch(/trop courant/);
		expect(validateNewPassword('camille.martin@mds.fr', 'camille.martin@mds.fr')).toMatch(/adresse e-mail/);
		expect(validateNewPassword('zzzzzzzzzzzzzzz')).toMatch(/trop simple/);
		expect(validateNewPassword(PASSWORD)).toBeNull();
	});
});

describe('principal', () => {
	it('builds the principal from the agent and its services', async () => {
		const { id, email } = await createAgent({
			serviceIds: [pmi, secretariat],
			roles: [
				{ organisationId: orgA, level: 'admin' },
				{ organisationId: orgB, level: 'basic' }
			],
			territorialRoles: [{ territoryId: territory, manageTeams: true }]
		});
		expect(await loadSessionAgent(id)).toEqual({
			id,
			email,
			firstName: 'Camille',
			lastName: 'Martin',
			roles: [
				{ organisationId: String(orgA), level: 'admin' },
				{ organisationId: String(orgB), level: 'basic' }
			],
			serviceIds: [String(pmi), String(secretariat)],
			secretariat: true,
			territorialRoles: [
				{ territoryId: String(territory), manageTeams: true, manageAccessRights: false, inviteAgents: false }
			]
		});
		const plain = await createAgent();
		expect((await loadSessionAgent(plain.id))?.secretariat).toBe(false);
	});

	it('refuses deleted agents, intervenants and unknown ids', async () => {
		const deleted = await createAgent({ deletedAt: new Date() });
		const intervenant = await Agent.create({
			lastName: 'Dupont',
			serviceIds: [pmi],
			roles: [{ organisationId: orgA, level: 'intervenant' }]
		});
		expect(await loadSessionAgent(deleted.id)).toBeNull();
		expect(await loadSessionAgent(String(intervenant._id))).toBeNull();
		expect(await loadSessionAgent(String(new Types.ObjectId()))).toBeNull();
		expect(await loadSessionAgent('nope')).toBeNull();
	});
});

describe('sessions', () => {
	it('stores only the SHA-256 of the token and validates it', async () => {
		const { id } = await createAgent();
		const now = new Date();
		const { token, expiresAt } = await createSession(id, now);
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(expiresAt.getTime()).toBe(now.getTime() + 30 * DAY);
		expect(await Session.findById(token)).toBeNull();
		const stored = await Session.findById(hashToken(token)).lean();
		expect(String(stored?.agentId)).toBe(id);
		const valid = await validateSessionToken(token, now);
		expect(valid).toMatchObject({ sessionId: hashToken(token), agent: { id }, renewed: false });
	});

	it('refuses malformed, unknown and expired tokens', async () => {
		const { id } = await createAgent();
		const now = new Date();
		const { token } = await createSession(id, now);
		expect(await validateSessionToken('', now)).toBeNull();
		expect(await validateSessionToken(token.toUpperCase(), now)).toBeNull();
		expect(await validateSessionToken('a'.repeat(32), now)).toBeNull();
		expect(await validateSessionToken(token, new Date(now.getTime() + 30 * DAY))).toBeNull();
		// An expired session is gone for good.
		expect(await Session.countDocuments({ _id: hashToken(token) })).toBe(0);
		expect(await validateSessionToken(token, now)).toBeNull();
	});

	it('slides: renewed only when less than 15 days are left', async () => {
		const { id } = await createAgent();
		const start = new Date();
		const { token } = await createSession(id, start);
		const day10 = new Date(start.getTime() + 10 * DAY);
		expect(await validateSessionToken(token, day10)).toMatchObject({ renewed: false });
		const day16 = new Date(start.getTime() + 16 * DAY);
		const renewed = await validateSessionToken(token, day16);
		expect(renewed).toMatchObject({ renewed: true });
		expect(renewed?.expiresAt.getTime()).toBe(day16.getTime() + SESSION_DURATION_MS);
		// Still valid past the original expiry.
		expect(await validateSessionToken(token, new Date(start.getTime() + 40 * DAY))).not.toBeNull();
	});

	it('ends one session or all of an agent, and says so on the event bus', async () => {
		const { id } = await createAgent();
		const signedOut: string[] = [];
		const off = events.on('agent.signedOut', ({ agentId }) => void signedOut.push(agentId));
		try {
			const a = await createSession(id);
			const b = await createSession(id);
			const c = await createSession(id);
			await invalidateSession(hashToken(a.token));
			expect(await validateSessionToken(a.token)).toBeNull();
			expect(await validateSessionToken(b.token)).not.toBeNull();
			await invalidateAgentSessions(id);
			expect(await validateSessionToken(b.token)).toBeNull();
			expect(await validateSessionToken(c.token)).toBeNull();
			expect(signedOut).toEqual([id, id]);
		} finally {
			off();
		}
	});

	it('dies with the right to sign in', async () => {
		const { id } = await createAgent();
		const { token } = await createSession(id);
		await Agent.updateOne({ _id: id }, { $set: { deletedAt: new Date() } });
		expect(await validateSessionToken(token)).toBeNull();
		expect(await Session.countDocuments({ agentId: id })).toBe(0);
	});

	it('reflects role changes on the next request', async () => {
		const { id } = await createAgent();
		const { token } = await createSession(id);
		await Agent.updateOne({ _id: id }, { $set: { roles: [{ organisationId: orgB, level: 'admin' }] } });
		expect((await validateSessionToken(token))?.agent.roles).toEqual([
			{ organisationId: String(orgB), level: 'admin' }
		]);
	});
});

describe('signInWithPassword', () => {
	it('opens a session with the right password, whatever the case of the address', async () => {
		const { id, email } = await createAgent();
		const result = await signInWithPassword({ email: `  ${email.toUpperCase()} `, password: PASSWORD, ip: ip() });
		expect(result).toMatchObject({ ok: true, agentId: id });
		if (!result.ok) return;
		expect((await validateSessionToken(result.token))?.agent.id).toBe(id);
		expect((await Agent.findById(id).lean())?.lastSignInAt).toBeInstanceOf(Date);
	});

	it('answers the same for a wrong password, an unknown address, a deleted agent and an intervenant', async () => {
		const { email } = await createAgent();
		const deleted = await createAgent({ deletedAt: new Date() });
		const intervenant = await createAgent({ roles: [{ organisationId: orgA, level: 'intervenant' }] });
		const expected = { ok: false, reason: 'invalid_credentials', message: INVALID_CREDENTIALS_MESSAGE };
		expect(await signInWithPassword({ email, password: 'Mauvais-Mot-2026', ip: ip() })).toEqual(expected);
		expect(await signInWithPassword({ email: 'inconnu@mds.test', password: PASSWORD, ip: ip() })).toEqual(expected);
		expect(await signInWithPassword({ email: deleted.email, password: PASSWORD, ip: ip() })).toEqual(expected);
		expect(await signInWithPassword({ email: intervenant.email, password: PASSWORD, ip: ip() })).toEqual(expected);
		expect(await signInWithPassword({ email: '', password: '', ip: ip() })).toEqual(expected);
	});

	it('locks an account at one address after 10 failures in 15 minutes, even for the right password', async () => {
		const { email } = await createAgent();
		const address = '192.0.2.30';
		const now = new Date(Date.UTC(2026, 2, 2, 9, 0));
		for (let i = 0; i < 10; i++) {
			const r = await signInWithPassword({ email, password: `Mauvais-${i}-xxxxx`, ip: address }, now);
			expect(r).toMatchObject({ reason: 'invalid_credentials' });
		}
		const locked = await signInWithPassword(
			{ email, password: PASSWORD, ip: address },
			new Date(now.getTime() + 60_000)
		);
		expect(locked).toEqual({
			ok: false,
			reason: 'rate_limited',
			message:
				'Trop de tentatives. Réessayez dans 14 minutes. Vous pouvez aussi choisir un nouveau mot de passe avec le lien « Mot de passe oublié ? ».'
		});
		// An unknown address gets the same treatment: the limit tells nothing about existence.
		for (let i = 0; i < 10; i++)
			await signInWithPassword({ email: 'fantome@mds.test', password: 'x', ip: address }, now);
		expect(await signInWithPassword({ email: 'fantome@mds.test', password: 'x', ip: address }, now)).toMatchObject({
			reason: 'rate_limited'
		});
		// The next window opens the account again. (More cases, and other addresses: sign-in-limits.test.ts.)
		const later = new Date(now.getTime() + 15 * 60_000);
		expect(await signInWithPassword({ email, password: PASSWORD, ip: address }, later)).toMatchObject({ ok: true });
	});
});

describe('password reset', () => {
	/** The token in the reset link emailed to this address (dev outbox). */
	async function emailedToken(email: string): Promise<string> {
		const [latest] = await listOutboxEmails({ to: email });
		const detail = latest ? await getOutboxEmail(latest.id) : null;
		const match = detail?.text.match(/\/mot-de-passe\/([a-z2-7]+)/);
		if (!match) throw new Error('no reset link emailed');
		return match[1];
	}

	it('emails a link to a known agent and nothing otherwise', async () => {
		const { email } = await createAgent();
		await requestPasswordReset({ email: email.toUpperCase(), ip: ip() });
		const mails = await listOutboxEmails({ to: email });
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('Réinitialisation de votre mot de passe Guichet');
		const token = await emailedToken(email);
		expect(token).toMatch(/^[a-z2-7]{52}$/);
		expect(await PasswordResetToken.findById(hashToken(token))).not.toBeNull();
		expect(await PasswordResetToken.findById(token)).toBeNull();

		await requestPasswordReset({ email: 'inconnu@mds.test', ip: ip() });
		expect(await listOutboxEmails({ to: 'inconnu@mds.test' })).toHaveLength(0);
		const intervenant = await createAgent({ roles: [{ organisationId: orgA, level: 'intervenant' }] });
		await requestPasswordReset({ email: intervenant.email, ip: ip() });
		expect(await listOutboxEmails({ to: intervenant.email })).toHaveLength(0);
	});

	it('sends at most 3 links per address and hour', async () => {
		const { email } = await createAgent();
		// A fixed instant: the test must not straddle two windows.
		const now = new Date(Date.UTC(2026, 2, 5, 9, 10));
		for (let i = 0; i < 5; i++) await requestPasswordReset({ email, ip: ip() }, now);
		expect(await listOutboxEmails({ to: email })).toHaveLength(3);
	});

	it('sets a valid new password once, ends every session and signs in', async () => {
		const { id, email } = await createAgent();
		const old = await createSession(id);
		await requestPasswordReset({ email, ip: ip() });
		const token = await emailedToken(email);
		expect(await isPasswordResetTokenUsable(token)).toBe(true);

		// A refused password does not burn the link.
		expect(await resetPassword({ token, password: 'azerty123456' })).toEqual({
			ok: false,
			reason: 'invalid_password',
			message: expect.stringMatching(/trop courant/)
		});
		expect(await isPasswordResetTokenUsable(token)).toBe(true);

		const result = await resetPassword({ token, password: 'Nouveau-Secret-2026' });
		expect(result).toMatchObject({ ok: true, agentId: id });
		if (!result.ok) return;
		expect(await validateSessionToken(old.token)).toBeNull();
		expect((await validateSessionToken(result.token))?.agent.id).toBe(id);
		expect(await signInWithPassword({ email, password: PASSWORD, ip: ip() })).toMatchObject({ ok: false });
		expect(await signInWithPassword({ email, password: 'Nouveau-Secret-2026', ip: ip() })).toMatchObject({ ok: true });

		expect(await isPasswordResetTokenUsable(token)).toBe(false);
		expect(await resetPassword({ token, password: 'Encore-Un-Autre-2026' })).toEqual({
			ok: false,
			reason: 'invalid_token'
		});
	});

	it('lets only one of concurrent submissions use the link', async () => {
		const { email } = await createAgent();
		await requestPasswordReset({ email, ip: ip() });
		const token = await emailedToken(email);
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) => resetPassword({ token, password: `Parallele-${i}-Secret-2026` }))
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
	});

	it('expires after one hour', async () => {
		const { email } = await createAgent();
		const now = new Date();
		await requestPasswordReset({ email, ip: ip() }, now);
		const token = await emailedToken(email);
		const justBefore = new Date(now.getTime() + RESET_TOKEN_TTL_MS - 1000);
		expect(await isPasswordResetTokenUsable(token, justBefore)).toBe(true);
		const after = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
		expect(await resetPassword({ token, password: 'Trop-Tard-Secret-2026' }, after)).toEqual({
			ok: false,
			reason: 'invalid_token'
		});
		expect(await isPasswordResetTokenUsable(token, justBefore)).toBe(false);
	});

	it('refuses malformed and unknown tokens, and links of agents deleted since', async () => {
		expect(await isPasswordResetTokenUsable('abc')).toBe(false);
		expect(await isPasswordResetTokenUsable('a'.repeat(52))).toBe(false);
		const { id, email } = await createAgent();
		await requestPasswordReset({ email, ip: ip() });
		const token = await emailedToken(email);
		await Agent.updateOne({ _id: id }, { $set: { deletedAt: new Date() } });
		expect(await resetPassword({ token, password: 'Supprime-Secret-2026' })).toEqual({
			ok: false,
			reason: 'invalid_token'
		});
	});
});

describe('sweep', () => {
	it('deletes expired sessions and reset links only', async () => {
		const { id } = await createAgent();
		const now = new Date();
		const live = await createSession(id, now);
		const dead = await createSession(id, new Date(now.getTime() - 31 * DAY));
		await sweepExpiredAuthRecords(now);
		expect(await Session.countDocuments({ _id: hashToken(live.token) })).toBe(1);
		expect(await Session.countDocuments({ _id: hashToken(dead.token) })).toBe(0);
	});
});
