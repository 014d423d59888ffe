import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent, Organisation, Service, Territory } from '../../src/lib/server/db/models/index.ts';
import { authenticateApiToken, createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { loadSessionAgent } from '../../src/lib/server/auth/principal.ts';
import type { SessionAgent } from '../../src/lib/domain/types.ts';
import { actions, load } from '../../src/routes/agents/compte/+page.server.ts';
import { requestEvent } from '../helpers/request-event.ts';

let me: SessionAgent;
let other: SessionAgent;

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return data;
};

type AnyFn = (event: never) => unknown;
const run = (fn: AnyFn, agent: SessionAgent | null, body?: FormData) =>
	fn(requestEvent({ method: body ? 'POST' : 'GET', path: '/agents/compte', agent, body }) as never);

beforeAll(async () => {
	const service = await Service.create({ name: 'PMI', shortName: 'PMI' });
	const territory = await Territory.create({
		departementNumber: '62',
		name: 'Pas-de-Calais',
		timeZone: 'Europe/Paris'
	});
	const org = await Organisation.create({ territoryId: territory._id, name: 'MDS Arras' });
	const a = await Agent.create({
		email: 'moi@example.org',
		firstName: 'Camille',
		lastName: 'Martin',
		serviceIds: [service._id],
		roles: [{ organisationId: org._id, level: 'basic' }]
	});
	const b = await Agent.create({ email: 'autre@example.org', lastName: 'Autre', roles: [] });
	me = (await loadSessionAgent(String(a._id)))!;
	other = (await loadSessionAgent(String(b._id)))!;
});

describe('Mon compte', () => {
	it('sends visitors who are not signed in to the sign-in page', async () => {
		await expect(run(load as AnyFn, null)).rejects.toSatisfy(isRedirect);
	});

	it('shows the profile with organisations, roles and services', async () => {
		const data = (await run(load as AnyFn, me)) as Awaited<ReturnType<typeof load>> & object;
		expect(data.account).toMatchObject({
			firstName: 'Camille',
			lastName: 'Martin',
			email: 'moi@example.org',
			organisations: [{ name: 'MDS Arras', role: 'basic' }],
			services: [{ name: 'PMI' }],
			timeZone: 'Europe/Paris'
		});
	});

	it('refuses a token without a name, in French, next to the field', async () => {
		const result = await run(actions.create as AnyFn, me, form({ name: '   ' }));
		expect(isActionFailure(result)).toBe(true);
		expect(result).toMatchObject({ status: 400, data: { errors: { name: expect.stringContaining('nom') } } });
	});

	it('creates a token shown once, then lists it without the secret', async () => {
		const result = (await run(actions.create as AnyFn, me, form({ name: 'Export' }))) as {
			created: { name: string; token: string };
		};
		expect(result.created.name).toBe('Export');
		expect(await authenticateApiToken(result.created.token)).toMatchObject({ id: me.id });
		const data = (await run(load as AnyFn, me)) as { tokens: { name: string; prefix: string; status: string }[] };
		expect(data.tokens).toEqual([expect.objectContaining({ name: 'Export', status: 'active' })]);
		expect(JSON.stringify(data)).not.toContain(result.created.token.slice(10));
	});

	it('revokes after a confirmation step', async () => {
		const { token, summary } = await createApiToken(me.id, 'À révoquer');
		const ask = await run(actions.revoke as AnyFn, me, form({ tokenId: summary.id }));
		expect(ask).toMatchObject({ confirm: { id: summary.id, name: 'À révoquer' } });
		expect(await authenticateApiToken(token)).not.toBeNull();
		const done = await run(actions.revoke as AnyFn, me, form({ tokenId: summary.id, confirm: 'oui' }));
		expect(done).toMatchObject({ revoked: { name: 'À révoquer' } });
		expect(await authenticateApiToken(token)).toBeNull();
		const data = (await run(load as AnyFn, me)) as { tokens: { id: string; status: string }[] };
		expect(data.tokens.find((t) => t.id === summary.id)?.status).toBe('revoked');
	});

	it('cannot revoke another agent’s token', async () => {
		const { token, summary } = await createApiToken(other.id, 'Le sien');
		const result = await run(actions.revoke as AnyFn, me, form({ tokenId: summary.id, confirm: 'oui' }));
		expect(result).toMatchObject({ status: 404 });
		expect(await authenticateApiToken(token)).not.toBeNull();
		const bogus = await run(
			actions.revoke as AnyFn,
			me,
			form({ tokenId: String(new Types.ObjectId()), confirm: 'oui' })
		);
		expect(bogus).toMatchObject({ status: 404 });
	});
});
