import { expect, test } from '@playwright/test';

/** The built server answers API clients in JSON even where SvelteKit itself writes the answer. */
test('an unsupported method on an API resource gets the JSON error with Allow', async ({ request }) => {
	const res = await request.delete('/api/v1/me');
	expect(res.status()).toBe(405);
	expect(res.headers()['allow']).toContain('GET');
	expect(res.headers()['content-type']).toMatch(/^application\/json/);
	const body = await res.json();
	expect(body.error.code).toBe('method_not_allowed');
	expect(body.error.details.allow).toContain('GET');

	const unknown = await request.get('/api/v1/nowhere');
	expect(unknown.status()).toBe(404);
	expect((await unknown.json()).error.code).toBe('not_found');
});
