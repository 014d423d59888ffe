import { describe, expect, it } from 'vitest';
import { cacheControlFor, isSignedIn, securityHeaders, type CacheInput } from './security-headers.ts';

describe('securityHeaders', () => {
	it('sends nosniff, a referrer policy that leaves nothing to other sites, a permissions policy and COOP', () => {
		const h = securityHeaders(false);
		expect(h['x-content-type-options']).toBe('nosniff');
		// As strict as strict-origin-when-cross-origin or stricter: nothing cross-origin, tokens in paths included.
		expect(h['referrer-policy']).toBe('same-origin');
		expect(h['permissions-policy']).toMatch(/camera=\(\)/);
		expect(h['permissions-policy']).toMatch(/geolocation=\(\)/);
		expect(h['cross-origin-opener-policy']).toBe('same-origin');
	});

	it('sends HSTS over https only', () => {
		expect(securityHeaders(false)).not.toHaveProperty('strict-transport-security');
		expect(securityHeaders(true)['strict-transport-security']).toMatch(/^max-age=\d{8,}/);
	});
});

describe('cacheControlFor', () => {
	const base: CacheInput = { signedIn: false, page: false, api: false, setsCookie: false, current: null };

	it('keeps signed-in pages and their data out of every cache, whatever the route said', () => {
		expect(cacheControlFor({ ...base, signedIn: true, page: true })).toBe('private, no-store');
		expect(cacheControlFor({ ...base, signedIn: true, page: true, current: 'public, max-age=600' })).toBe(
			'private, no-store'
		);
	});

	it('keeps other signed-in answers private unless the route chose', () => {
		expect(cacheControlFor({ ...base, signedIn: true })).toBe('private, no-store');
		expect(cacheControlFor({ ...base, signedIn: true, current: 'private, no-store' })).toBeNull();
	});

	it('never lets a shared cache keep a response that sets a cookie', () => {
		expect(cacheControlFor({ ...base, setsCookie: true, page: true })).toBe('private, no-store');
		expect(cacheControlFor({ ...base, setsCookie: true, current: 'public, max-age=60' })).toBe('private, no-store');
		expect(cacheControlFor({ ...base, setsCookie: true, current: 'no-store' })).toBeNull();
	});

	it('makes API answers uncacheable unless the endpoint says otherwise (the public OpenAPI document)', () => {
		expect(cacheControlFor({ ...base, api: true })).toBe('no-store');
		expect(cacheControlFor({ ...base, api: true, current: 'public, max-age=300' })).toBeNull();
	});

	it('leaves public pages of anonymous visitors alone', () => {
		expect(cacheControlFor({ ...base, page: true })).toBeNull();
	});
});

describe('isSignedIn', () => {
	it('counts an usager session as much as an agent session, and either alone', () => {
		expect(isSignedIn({ sessionId: null, usagerSessionId: null })).toBe(false);
		expect(isSignedIn({ sessionId: 'agent', usagerSessionId: null })).toBe(true);
		expect(isSignedIn({ sessionId: null, usagerSessionId: 'usager' })).toBe(true);
		expect(isSignedIn({ sessionId: 'agent', usagerSessionId: 'usager' })).toBe(true);
	});
});
