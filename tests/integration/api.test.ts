import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent, ApiToken, Organisation, Service, Territory } from '../../src/lib/server/db/models/index.ts';
import {
	authenticateApiToken,
	createApiToken,
	listApiTokens,
	MAX_ACTIVE_API_TOKENS,
	revokeApiToken
} from '../../src/lib/server/auth/api-token.ts';
import { hashToken } from '../../src/lib/server/auth/tokens.ts';
import { apiHandler } from '../../src/lib/server/api/handler.ts';
import { notFound } from '../../src/lib/server/api/errors.ts';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { GET as getMe } from '../../src/routes/api/v1/me/+server.ts';
import { GET as listOrganisations } from '../../src/routes/api/v1/organisations/+server.ts';
import { GET as getOrganisationRoute } from '../../src/routes/api/v1/organisations/[orgId]/+server.ts';
import { GET as getOpenApi } from '../../src/routes/api/v1/openapi.json/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { callEndpoint, type EventInit } from '../helpers/request-event.ts';
import { openApiShapeErrors } from '../helpers/openapi.ts';

const ids = {
	territory: new Types.ObjectId(),
	otherTerritory: new Types.ObjectId(),
	arras: new Types.ObjectId(),
	lens: new Types.ObjectId(),
	reunion: new Types.ObjectId(),
	pmi: new Types.ObjectId(),
	social: new Types.ObjectId()
};
let basic: { id: string; token: string };
let admin: { id: string; token: string };
let lensAgent: { id: string; token: string };
let espace: { id: string; token: string };

const { call, checker, exercised, unvalidated } = documentedApi(openApiDocument());

async function agentWithToken(fields: Record<string, unknown>) {
	const agent = await Agent.create({ firstName: 'Prénom', ...fields });
	const { token } = await createApiToken(String(agent._id), 'Tests');
	return { id: String(agent._id), token };
}

/** An agent of one service with one role, and an API token. */
const memberWithToken = (
	email: string,
	lastName: string,
	serviceId: Types.ObjectId,
	role: { organisationId: Types.ObjectId; level: 'basic' | 'admin' }
) => agentWithToken({ email, lastName, serviceIds: [serviceId], roles: [role] });

beforeAll(async () => {
	await Service.create([
		{ _id: ids.pmi, name: 'PMI', shortName: 'PMI' },
		{ _id: ids.social, name: 'Service social', shortName: 'Social' }
	]);
	await Territory.create([
		{ _id: ids.territory, departementNumber: '62', name: 'Pas-de-Calais', timeZone: 'Europe/Paris' },
		{ _id: ids.otherTerritory, departementNumber: '974', name: 'La Réunion', timeZone: 'Indian/Reunion' }
	]);
	await Organisation.create([
		{ _id: ids.arras, territoryId: ids.territory, name: 'MDS Arras' },
		{ _id: ids.lens, territoryId: ids.territory, name: 'MDS Lens' },
		{ _id: ids.reunion, territoryId: ids.otherTerritory, name: 'CCAS de Saint-Denis' }
	]);
	basic = await memberWithToken('basic@example.org', 'Basique', ids.pmi, { organisationId: ids.arras, level: 'basic' });
	admin = await memberWithToken('admin@example.org', 'Admin', ids.social, {
		organisationId: ids.arras,
		level: 'admin'
	});
	lensAgent = await memberWithToken('lens@example.org', 'Lens', ids.social, {
		organisationId: ids.lens,
		level: 'basic'
	});
	espace = await agentWithToken({
		email: 'espace@example.org',
		lastName: 'Espace',
		serviceIds: [ids.social],
		roles: [],
		territorialRoles: [{ territoryId: ids.territory, manageTeams: true, manageAccessRights: true, inviteAgents: true }]
	});
});

describe('API tokens', () => {
	it('returns the token once, in the gch_ format, and stores only its hash', async () => {
		const { token, summary } = await createApiToken(basic.id, '  Mon script  ');
		expect(token).toMatch(/^gch_[a-z2-7]{32}$/);
		expect(summary).toMatchObject({ name: 'Mon script', prefix: token.slice(0, 10), revokedAt: null });
		const stored = await ApiToken.findById(summary.id).lean();
		expect(stored?.tokenHash).toBe(hashToken(token));
		expect(JSON.stringify(stored)).not.toContain(token.slice(4));
		const listed = await listApiTokens(basic.id);
		expect(listed.map((t) => t.name)).toContain('Mon script');
		expect(JSON.stringify(listed)).not.toContain(token.slice(4));
	});

	it('authenticates the agent and records the last use', async () => {
		const { token, summary } = await createApiToken(basic.id, 'Usage');
		const agent = await authenticateApiToken(token);
		expect(agent).toMatchObject({ id: basic.id, email: 'basic@example.org' });
		expect((await ApiToken.findById(summary.id).lean())?.lastUsedAt).toBeInstanceOf(Date);
	});

	it('refuses unknown, revoked and expired tokens and deleted agents', async () => {
		expect(await authenticateApiToken(`gch_${'a'.repeat(32)}`)).toBeNull();
		expect(await authenticateApiToken('not-a-token')).toBeNull();

		const revoked = await createApiToken(basic.id, 'À révoquer');
		expect(await revokeApiToken(admin.id, revoked.summary.id)).toBe(false);
		expect(await authenticateApiToken(revoked.token)).not.toBeNull();
		expect(await revokeApiToken(basic.id, revoked.summary.id)).toBe(true);
		expect(await revokeApiToken(basic.id, revoked.summary.id)).toBe(false);
		expect(await authenticateApiToken(revoked.token)).toBeNull();

		const expired = await createApiToken(basic.id, 'Expiré', { expiresAt: new Date(Date.now() + 60_000) });
		expect(await authenticateApiToken(expired.token)).not.toBeNull();
		expect(await authenticateApiToken(expired.token, new Date(Date.now() + 120_000))).toBeNull();

		const gone = await agentWithToken({ email: 'gone@example.org', lastName: 'Parti', roles: [] });
		expect(await authenticateApiToken(gone.token)).not.toBeNull();
		await Agent.updateOne({ _id: gone.id }, { $set: { deletedAt: new Date() } });
		expect(await authenticateApiToken(gone.token)).toBeNull();
	});

	it('caps the number of active tokens per agent', async () => {
		const owner = await agentWithToken({ email: 'many@example.org', lastName: 'Nombreux', roles: [] });
		for (let i = 1; i < MAX_ACTIVE_API_TOKENS; i++) await createApiToken(owner.id, `Jeton ${i}`);
		await expect(createApiToken(owner.id, 'De trop')).rejects.toMatchObject({ reason: 'too_many' });
		const [first] = await listApiTokens(owner.id);
		await revokeApiToken(owner.id, first!.id);
		await expect(createApiToken(owner.id, 'Remplaçant')).resolves.toBeDefined();
	});
});

describe('authentication of /api/v1', () => {
	it('GET /me answers the agent behind the token', async () => {
		const res = await call(getMe, { path: '/api/v1/me', token: basic.token });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			id: basic.id,
			firstName: 'Prénom',
			lastName: 'Basique',
			email: 'basic@example.org',
			roles: [{ organisationId: String(ids.arras), level: 'basic' }],
			serviceIds: [String(ids.pmi)],
			secretariat: false,
			territorialRoles: []
		});
		expect(res.headers.get('cache-control')).toBe('no-store');
	});

	it('answers 401 JSON with a Bearer challenge without a token', async () => {
		const res = await call(getMe, { path: '/api/v1/me' });
		expect(res.status).toBe(401);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(res.headers.get('www-authenticate')).toBe('Bearer realm="guichet"');
		expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
	});

	it('answers 401 invalid_token for a wrong, malformed or revoked token', async () => {
		const { token, summary } = await createApiToken(basic.id, 'Bientôt révoqué');
		await revokeApiToken(basic.id, summary.id);
		for (const authorization of [
			`Bearer gch_${'b'.repeat(32)}`,
			`Bearer ${basic.token}x`,
			`Basic ${Buffer.from('a:b').toString('base64')}`,
			`Bearer ${token}`
		]) {
			const res = await call(getMe, { path: '/api/v1/me', headers: { authorization } });
			expect(res.status, authorization).toBe(401);
			expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
			expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
		}
	});
});

describe('organisations', () => {
	it('lists only the organisations the agent can access', async () => {
		const res = await call(listOrganisations, { path: '/api/v1/organisations', token: basic.token });
		expect(res.status).toBe(200);
		const { data } = res.body as { data: { id: string; name: string }[] };
		expect(data.map((o) => o.name)).toEqual(['MDS Arras']);

		const lens = await call(listOrganisations, { path: '/api/v1/organisations', token: lensAgent.token });
		expect((lens.body as { data: { name: string }[] }).data.map((o) => o.name)).toEqual(['MDS Lens']);
	});

	it('shows a territorial admin the organisations of its territory, without a role there', async () => {
		const res = await call(listOrganisations, { path: '/api/v1/organisations', token: espace.token });
		expect(res.status).toBe(200);
		const { data } = res.body as { data: { name: string; role: string | null }[] };
		expect(data.map((o) => [o.name, o.role])).toEqual([
			['MDS Arras', null],
			['MDS Lens', null]
		]);
		const other = await call(getOrganisationRoute, {
			path: `/api/v1/organisations/${ids.reunion}`,
			params: { orgId: String(ids.reunion) },
			token: espace.token
		});
		expect(other.status).toBe(404);
	});

	it('returns an accessible organisation', async () => {
		const res = await call(getOrganisationRoute, {
			path: `/api/v1/organisations/${ids.arras}`,
			params: { orgId: String(ids.arras) },
			token: admin.token
		});
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			id: String(ids.arras),
			name: 'MDS Arras',
			territoryId: String(ids.territory),
			timeZone: 'Europe/Paris',
			role: 'admin',
			bookingUrl: expect.stringMatching(new RegExp(`/org/${ids.arras}/mds-arras$`))
		});
	});

	it('answers 404 alike for another organisation, a missing one and a malformed id', async () => {
		const cases = [String(ids.lens), String(ids.reunion), String(new Types.ObjectId())];
		const bodies = [];
		for (const orgId of [...cases, 'not-an-id']) {
			const res = await call(getOrganisationRoute, {
				path: `/api/v1/organisations/${orgId}`,
				params: { orgId },
				token: basic.token
			});
			expect(res.status, orgId).toBe(404);
			bodies.push(res.body);
		}
		// Same answer whether the organisation exists or not: ids of other organisations do not leak.
		expect(new Set(bodies.slice(0, cases.length).map((b) => JSON.stringify(b))).size).toBe(1);
		expect(bodies.at(-1)).toMatchObject({ error: { code: 'not_found' } });
	});
});

describe('apiHandler', () => {
	const echo = apiHandler(
		{
			operationId: 'echo',
			summary: 'Echo',
			params: z.object({ id: z.string().regex(/^\d+$/) }),
			query: z.object({
				limit: z.coerce.number().int().min(1).max(10).default(5),
				tag: z.array(z.string()).optional()
			}),
			body: z.object({ name: z.string().min(1) }),
			response: z.object({ id: z.string(), limit: z.number(), name: z.string(), tag: z.array(z.string()).optional() }),
			rateLimit: false
		},
		({ params, query, body }) => ({ id: params.id, limit: query.limit, name: body.name, tag: query.tag, secret: 'x' })
	);

	const post = (path: string, init: Partial<EventInit> = {}) =>
		callEndpoint(echo, {
			method: 'POST',
			path,
			params: { id: '42' },
			body: { name: 'Ada' },
			...init,
			headers: { authorization: `Bearer ${basic.token}`, ...init.headers }
		});

	it('passes validated input and strips undeclared response fields', async () => {
		const res = await post('/x?limit=3');
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ id: '42', limit: 3, name: 'Ada' });
	});

	it('reads repeated query keys as arrays', async () => {
		const res = await post('/x?tag=a&tag=b');
		expect(res.body).toMatchObject({ tag: ['a', 'b'], limit: 5 });
	});

	it('answers 422 with one detail per invalid field', async () => {
		const res = await post('/x?limit=3', { body: { name: '' } });
		expect(res.status).toBe(422);
		const { error } = res.body as {
			error: { code: string; message: string; details: { location: string; path: string }[] };
		};
		expect(error.code).toBe('validation_failed');
		expect(error.details.map((d) => `${d.location}.${d.path}`)).toEqual(['body.name']);
		// Query is validated before the body: the first failing location is reported.
		const q = await post('/x?limit=50');
		expect((q.body as { error: { details: { path: string }[]; message: string } }).error.details[0]?.path).toBe(
			'limit'
		);
		expect((q.body as { error: { message: string } }).error.message).toContain('query.limit');
	});

	it('answers 400 for malformed JSON, 415 for another content type, 404 for unparsable path parameters', async () => {
		const bad = await post('/x', { body: '{"name":', headers: { 'content-type': 'application/json' } });
		expect(bad.status).toBe(400);
		expect(bad.body).toMatchObject({ error: { code: 'invalid_json' } });
		const text = await post('/x', { body: 'name=Ada', headers: { 'content-type': 'text/plain' } });
		expect(text.status).toBe(415);
		expect(text.body).toMatchObject({ error: { code: 'unsupported_media_type' } });
		const param = await post('/x', { params: { id: 'abc' } });
		expect(param.status).toBe(404);
		expect(param.body).toMatchObject({ error: { code: 'not_found' } });
	});

	it('turns thrown ApiErrors into their status and unknown errors into a bare 500', async () => {
		const failing = apiHandler({ operationId: 'failing', summary: 'x', response: z.object({}) }, ({ event }) => {
			if (event.url.searchParams.has('missing')) throw notFound('Rien ici.');
			throw new Error('database password is hunter2');
		});
		const missing = await callEndpoint(failing, {
			path: '/x?missing',
			headers: { authorization: `Bearer ${basic.token}` }
		});
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({ error: { code: 'not_found', message: 'Rien ici.' } });
		const crash = await callEndpoint(failing, { path: '/x', headers: { authorization: `Bearer ${basic.token}` } });
		expect(crash.status).toBe(500);
		expect(crash.body).toMatchObject({ error: { code: 'internal_error', details: { requestId: expect.any(String) } } });
		expect(JSON.stringify(crash.body)).not.toContain('hunter2');
	});

	it('answers 500 when a response does not match its schema', async () => {
		const wrong = apiHandler(
			{ operationId: 'wrong', summary: 'x', response: z.object({ count: z.number() }) },
			() => ({ count: 'many' }) as unknown as { count: number }
		);
		const res = await callEndpoint(wrong, { path: '/x', headers: { authorization: `Bearer ${basic.token}` } });
		expect(res.status).toBe(500);
	});

	it('rate-limits per token with 429 and Retry-After', async () => {
		const limited = apiHandler(
			{
				operationId: 'limited',
				summary: 'x',
				response: z.object({ ok: z.boolean() }),
				rateLimit: { max: 2, windowMs: 60_000 }
			},
			() => ({ ok: true })
		);
		const { token } = await createApiToken(basic.id, 'Limité');
		const hit = () => callEndpoint(limited, { path: '/x', headers: { authorization: `Bearer ${token}` } });
		expect((await hit()).status).toBe(200);
		expect((await hit()).status).toBe(200);
		const third = await hit();
		expect(third.status).toBe(429);
		expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(third.body).toMatchObject({
			error: { code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } }
		});
		// Another token of the same agent has its own budget.
		expect(
			(await callEndpoint(limited, { path: '/x', headers: { authorization: `Bearer ${basic.token}` } })).status
		).toBe(200);
	});
});

describe('OpenAPI document', () => {
	it('is served at /api/v1/openapi.json and is a valid OpenAPI 3.1 document', async () => {
		const res = await callEndpoint(getOpenApi, { path: '/api/v1/openapi.json' });
		expect(res.status).toBe(200);
		expect(openApiShapeErrors(res.body)).toEqual([]);
		const doc = res.body as ReturnType<typeof openApiDocument>;
		expect(doc.openapi).toBe('3.1.0');
		expect(Object.keys(doc.paths)).toEqual(
			expect.arrayContaining(['/api/v1/me', '/api/v1/organisations', '/api/v1/organisations/{orgId}'])
		);
		const operationIds = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
		expect(new Set(operationIds).size).toBe(operationIds.length);
		// The shape check itself can fail.
		expect(openApiShapeErrors({ ...doc, info: { title: 'x' } })).not.toEqual([]);
	});

	it('catches a response that breaks the document (the checker can fail)', () => {
		expect(checker.errors('GET', '/api/v1/me', 200, { id: 'x' }).length).toBeGreaterThan(0);
		expect(checker.errors('GET', '/api/v1/me', 418, {})).not.toEqual([]);
	});
});

describe('coverage of the document', () => {
	// Runs last (tests of a file run in order): each documented route must have been called above, its success
	// response validated against the document.
	it('validated a success response of every documented route', () => {
		// This file covers the skeleton's own resources; each capability's test file covers its routes.
		const own = (path: string) => path === '/api/v1/me' || /^\/api\/v1\/organisations(\/\{orgId\})?$/.test(path);
		const missing = unvalidated(apiEndpoints().filter((e) => own(e.path)));
		expect(apiEndpoints().filter((e) => own(e.path)).length).toBeGreaterThanOrEqual(3);
		expect(missing).toEqual([]);
		expect(exercised.size).toBeGreaterThan(0);
	});
});
