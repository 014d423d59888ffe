import { describe, expect, it } from 'vitest';
import { crossSiteMessage, isCrossSiteRequest } from './cross-site.ts';

const siteOrigin = 'http://localhost:3000';

describe('isCrossSiteRequest', () => {
	it('lets reads through, and writes from the site itself', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) {
			expect(isCrossSiteRequest({ method, origin: 'https://evil.example', siteOrigin })).toBe(false);
		}
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			expect(isCrossSiteRequest({ method, origin: siteOrigin, siteOrigin })).toBe(false);
		}
	});

	it('refuses a write from another origin, another loopback name, no origin or `null`', () => {
		for (const origin of ['https://evil.example', 'http://127.0.0.1:3000', 'http://localhost:3001', 'null', null]) {
			expect(isCrossSiteRequest({ method: 'POST', origin, siteOrigin }), String(origin)).toBe(true);
		}
	});

	it('says in French where to go instead', () => {
		expect(crossSiteMessage(siteOrigin)).toContain('Ouvrez http://localhost:3000');
	});
});
