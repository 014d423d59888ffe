import { describe, expect, it } from 'vitest';
import { errorPageHtml, refusal, withHeaders } from './response.ts';

function event(headers: Record<string, string>, isDataRequest = false) {
	return {
		request: new Request('http://localhost:3000/connexion', { headers }),
		locals: { requestId: 'r1' },
		isDataRequest
	} as Parameters<typeof refusal>[0];
}

describe('refusals written by the HTTP edge', () => {
	it('is the French error page for a browser, with the message escaped', async () => {
		const res = refusal(event({ accept: 'text/html,application/xhtml+xml' }), 403, 'Refusé <b>ici</b>');
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await res.text();
		expect(html).toContain('<html lang="fr">');
		expect(html).toContain('Erreur 403');
		expect(html).toContain('Refusé &lt;b&gt;ici&lt;/b&gt;');
		expect(html).not.toContain('%sveltekit');
	});

	it('is an ActionResult for use:enhance and the App.Error body for fetch and __data.json', async () => {
		const action = refusal(event({ accept: 'application/json', 'x-sveltekit-action': 'true' }), 403, 'Non.');
		expect(await action.json()).toEqual({ type: 'error', error: { message: 'Non.', requestId: 'r1' } });
		const data = refusal(event({}, true), 404, 'Page introuvable');
		expect(await data.json()).toEqual({ message: 'Page introuvable', requestId: 'r1' });
		const json = refusal(event({ accept: 'application/json' }), 404, 'Page introuvable');
		expect(json.headers.get('content-type')).toMatch(/^application\/json/);
	});

	it('fills the template as SvelteKit does', () => {
		expect(errorPageHtml(404, 'x')).toContain('data-status="404"');
	});

	it('adds headers even to a response whose headers are immutable', () => {
		const redirect = Response.redirect('http://localhost:3000/', 302);
		const res = withHeaders(redirect, { 'x-request-id': 'r1' });
		expect(res.status).toBe(302);
		expect(res.headers.get('location')).toBe('http://localhost:3000/');
		expect(res.headers.get('x-request-id')).toBe('r1');
	});
});
