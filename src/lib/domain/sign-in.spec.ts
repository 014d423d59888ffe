import { describe, expect, it } from 'vitest';
import { agentMaySignIn } from './sign-in.ts';

describe('agentMaySignIn', () => {
	const email = 'agent@mds.fr';

	it('lets an active agent with a basic or admin role sign in', () => {
		expect(agentMaySignIn({ email, roles: [{ level: 'basic' }] })).toBe(true);
		expect(agentMaySignIn({ email, roles: [{ level: 'intervenant' }, { level: 'admin' }] })).toBe(true);
	});

	it('lets an agent without any organisation role yet sign in', () => {
		expect(agentMaySignIn({ email, roles: [] })).toBe(true);
	});

	it('refuses deleted agents', () => {
		expect(agentMaySignIn({ email, deletedAt: new Date(), roles: [{ level: 'admin' }] })).toBe(false);
	});

	it('refuses intervenants and agents without email', () => {
		expect(agentMaySignIn({ email, roles: [{ level: 'intervenant' }] })).toBe(false);
		expect(agentMaySignIn({ roles: [{ level: 'basic' }] })).toBe(false);
		expect(agentMaySignIn({ email: null, roles: [{ level: 'basic' }] })).toBe(false);
	});
});
