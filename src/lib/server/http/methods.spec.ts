import { describe, expect, it } from 'vitest';
import { frenchMethodNotAllowed } from './methods.ts';

describe('frenchMethodNotAllowed', () => {
	it('turns SvelteKit’s bare English 405 into French, keeping Allow', async () => {
		const res = frenchMethodNotAllowed(
			new Response('PUT method not allowed', { status: 405, headers: { allow: 'GET, POST' } })
		);
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('GET, POST');
		expect(await res.text()).toBe('Cette action n’est pas possible à cette adresse.');
	});

	it('leaves the error page and other answers alone', () => {
		const page = new Response('<html></html>', { status: 405, headers: { 'content-type': 'text/html' } });
		expect(frenchMethodNotAllowed(page)).toBe(page);
		const ok = new Response('x');
		expect(frenchMethodNotAllowed(ok)).toBe(ok);
	});
});
