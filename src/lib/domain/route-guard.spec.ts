import { describe, expect, it } from 'vitest';
import { isApiEndpointPath, routeAccess } from './route-guard.ts';
import type { AgentPrincipal } from './types.ts';

const ORG_A = '65f000000000000000000001';
const ORG_B = '65f000000000000000000002';
const agent: AgentPrincipal = {
	id: '65f0000000000000000000aa',
	roles: [{ organisationId: ORG_A, level: 'basic' }],
	serviceIds: [],
	secretariat: false,
	territorialRoles: []
};

const access = (over: Partial<Parameters<typeof routeAccess>[0]>) =>
	routeAccess({ pathname: '/', search: '', routeId: '/', orgId: undefined, agent: null, ...over });

describe('routeAccess', () => {
	it('lets anyone reach public pages', () => {
		expect(access({})).toEqual({ kind: 'allow' });
		expect(access({ pathname: '/connexion', routeId: '/connexion' })).toEqual({ kind: 'allow' });
		expect(access({ pathname: '/agentsx', routeId: null })).toEqual({ kind: 'allow' });
	});

	it('sends signed-out visitors of the back-office to the sign-in page, with the way back', () => {
		expect(access({ pathname: '/agents', routeId: '/agents' })).toEqual({
			kind: 'sign-in',
			location: '/connexion?redirectTo=%2Fagents'
		});
		expect(
			access({
				pathname: `/agents/org/${ORG_A}/agenda`,
				search: '?semaine=3',
				routeId: '/agents/org/[orgId]/agenda',
				orgId: ORG_A
			})
		).toEqual({
			kind: 'sign-in',
			location: `/connexion?redirectTo=${encodeURIComponent(`/agents/org/${ORG_A}/agenda?semaine=3`)}`
		});
		expect(access({ pathname: '/admin/territoires', routeId: '/admin/territoires' }).kind).toBe('sign-in');
	});

	it('lets a signed-in agent into its own organisation only', () => {
		const base = { pathname: `/agents/org/x/agenda`, routeId: '/agents/org/[orgId]/agenda', agent };
		expect(access({ ...base, orgId: ORG_A })).toEqual({ kind: 'allow' });
		expect(access({ ...base, orgId: ORG_B })).toEqual({ kind: 'forbidden' });
	});

	it('checks the organisation of any non-public route with an orgId, outside the back-office too', () => {
		expect(access({ pathname: `/exports/${ORG_B}`, routeId: '/exports/[orgId]', orgId: ORG_B, agent })).toEqual({
			kind: 'forbidden'
		});
		expect(access({ pathname: `/exports/${ORG_B}`, routeId: '/exports/[orgId]', orgId: ORG_B }).kind).toBe('sign-in');
	});

	it('leaves public booking links and the API alone', () => {
		expect(access({ pathname: `/org/${ORG_B}/mds`, routeId: '/(public)/org/[orgId]/[slug]', orgId: ORG_B })).toEqual({
			kind: 'allow'
		});
		expect(
			access({ pathname: `/api/v1/organisations/${ORG_B}`, routeId: '/api/v1/organisations/[orgId]', orgId: ORG_B })
		).toEqual({
			kind: 'allow'
		});
	});
});

describe('isApiEndpointPath', () => {
	it('treats API endpoints as such but not the documentation page', () => {
		expect(isApiEndpointPath('/api/v1/me')).toBe(true);
		expect(isApiEndpointPath('/api/v1/openapi.json')).toBe(true);
		expect(isApiEndpointPath('/api/v1/docs')).toBe(false);
		expect(isApiEndpointPath('/apiary')).toBe(false);
	});
});
