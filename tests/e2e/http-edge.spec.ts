import { execFileSync } from 'node:child_process';
import { expect, test, type APIResponse } from '@playwright/test';
import { PASSWORD } from './helpers.ts';

/**
 * The HTTP edge of the built server, as a browser, an API client and a prober see it: security headers, caching
 * of signed-in pages, request ids, refused requests answered in French (pages) or in the API's JSON (API), the
 * demo outbox closed to anything relayed or renamed.
 */
const SITE = 'http://localhost:4173';

/** The French error page's visible text (src/error.html or the DSFR +error.svelte). */
async function frenchErrorPage(res: APIResponse, status: number) {
	expect(res.status()).toBe(status);
	expect(res.headers()['content-type']).toMatch(/^text\/html/);
	const html = await res.text();
	expect(html).toContain('<html lang="fr"');
	expect(html).toContain(`Erreur ${status}`);
	expect(html).not.toMatch(/forbidden|Payload Too Large|Unsupported Media Type|Malformed URI/i);
	return html;
}

test('pages carry the security headers', async ({ request }) => {
	const res = await request.get('/');
	expect(res.status()).toBe(200);
	const h = res.headers();
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('same-origin');
	expect(h['permissions-policy']).toContain('camera=()');
	expect(h['cross-origin-opener-policy']).toBe('same-origin');
	expect(h['content-security-policy']).toContain("form-action 'self'");
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	// Plain http here: no HSTS (browsers ignore it over http anyway).
	expect(h['strict-transport-security']).toBeUndefined();

	// Static files, served before SvelteKit's hooks, are not sniffed either.
	const asset = /<link[^>]+href="\.?(\/_app\/immutable\/[^"]+\.css)"/.exec(await res.text())?.[1];
	expect(asset).toBeTruthy();
	const css = await request.get(asset!);
	expect(css.status()).toBe(200);
	expect(css.headers()['x-content-type-options']).toBe('nosniff');
});

test('a client request id is echoed only when short and safe', async ({ request }) => {
	const ok = await request.get('/health', { headers: { 'x-request-id': 'client-123.abc_X' } });
	expect(ok.headers()['x-request-id']).toBe('client-123.abc_X');
	for (const bad of ['x'.repeat(65), 'a b', '{"level":50}']) {
		const res = await request.get('/health', { headers: { 'x-request-id': bad } });
		expect(res.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
	}
});

test('signed-in pages and their data are never cached', async ({ request }) => {
	const signIn = await request.post('/connexion', {
		form: { email: 'admin@demo.guichet.fr', password: PASSWORD, redirectTo: '/agents' },
		headers: { origin: SITE, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(signIn.status()).toBe(303);
	expect(signIn.headers()['cache-control']).toBe('private, no-store');
	const agents = await request.get('/agents', { maxRedirects: 0 });
	const agenda = agents.headers()['location']!;
	expect(agenda).toMatch(/\/agents\/org\/[^/]+\/agenda/);
	const page = await request.get(agenda, { headers: { accept: 'text/html' } });
	expect(page.status()).toBe(200);
	expect(page.headers()['cache-control']).toBe('private, no-store');
	const data = await request.get(`${agenda}/__data.json`);
	expect(data.status()).toBe(200);
	expect(data.headers()['cache-control']).toBe('private, no-store');
});

test('forms refused for the client’s reasons get the French error page, never a 500 or English text', async ({
	request
}) => {
	const headers = { origin: SITE, accept: 'text/html' };
	// Another site's form (SvelteKit's check answered a bare English text).
	await frenchErrorPage(
		await request.post('/connexion', {
			form: { email: 'a@b.c' },
			headers: { ...headers, origin: 'https://evil.example' }
		}),
		403
	);
	// A form posted as text/plain (was a 500).
	await frenchErrorPage(
		await request.post('/connexion', { data: 'email=a', headers: { ...headers, 'content-type': 'text/plain' } }),
		415
	);
	// Over BODY_SIZE_LIMIT (512 KB by default).
	const html = await frenchErrorPage(
		await request.post('/connexion', { form: { email: 'x'.repeat(600_000) }, headers }),
		413
	);
	expect(html).toContain('trop volumineuses');
	// A broken multipart body.
	await frenchErrorPage(
		await request.post('/connexion', {
			data: 'garbage',
			headers: { ...headers, 'content-type': 'multipart/form-data; boundary=zz' }
		}),
		400
	);
	// An address that cannot be decoded.
	await frenchErrorPage(await request.get('/%E0%A4%A', { headers: { accept: 'text/html' } }), 400);
	// A method no page takes.
	const put = await request.put('/connexion', { headers });
	expect(put.status()).toBe(405);
	expect(await put.text()).toBe('Cette action n’est pas possible à cette adresse.');
});

test('the API answers every body it cannot take with its JSON error', async ({ request }) => {
	// No token and a form content type: SvelteKit's cross-site check used to answer a bare text before the API.
	const anonymous = await request.post('/api/v1/rdvs', { data: 'a=b', headers: { 'content-type': 'text/plain' } });
	expect(anonymous.status()).toBe(401);
	expect((await anonymous.json()).error.code).toBe('unauthorized');

	const token = execFileSync('node_modules/.bin/node', ['src/bin/api-token.ts', 'admin@demo.guichet.fr', 'Bords'], {
		env: { ...process.env, MONGODB_URI: '', GUICHET_DATA_DIR: '.data/e2e' },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore']
	}).trim();
	const authorization = `Bearer ${token}`;

	const text = await request.post('/api/v1/rdvs', {
		data: 'a=b',
		headers: { authorization, 'content-type': 'text/plain' }
	});
	expect(text.status()).toBe(415);
	expect((await text.json()).error.code).toBe('unsupported_media_type');

	const form = await request.post('/api/v1/rdvs', { form: { a: 'b' }, headers: { authorization } });
	expect(form.status()).toBe(415);

	const big = await request.post('/api/v1/rdvs', {
		data: JSON.stringify({ notes: 'x'.repeat(600_000) }),
		headers: { authorization, 'content-type': 'application/json' }
	});
	expect(big.status()).toBe(413);
	expect(big.headers()['content-type']).toMatch(/^application\/json/);
	expect((await big.json()).error.code).toBe('payload_too_large');
});

test('the demo outbox answers the person at the machine only', async ({ request }) => {
	expect((await request.get('/dev/emails')).status()).toBe(200);
	// Whatever a relayed or forged request says about its client, it is not the person at the machine.
	expect((await request.get('/dev/emails', { headers: { 'x-forwarded-for': '127.0.0.1' } })).status()).toBe(404);
	expect((await request.get('/dev/emails', { headers: { forwarded: 'for=127.0.0.1' } })).status()).toBe(404);
	// Another site's name pointed at this machine (DNS rebinding).
	expect((await request.get('/dev/emails', { headers: { host: 'evil.example:4173' } })).status()).toBe(404);
	expect((await request.get('/dev/emails/__data.json', { headers: { host: 'evil.example:4173' } })).status()).toBe(404);
});
