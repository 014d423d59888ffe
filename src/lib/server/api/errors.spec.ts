import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
	ApiError,
	codeForStatus,
	errorResponse,
	ErrorBodySchema,
	fieldIssues,
	internalError,
	jsonMethodNotAllowed,
	payloadTooLarge,
	rateLimited,
	unsupportedMediaType,
	unauthorized,
	validationFailed
} from './errors.ts';

describe('API errors', () => {
	it('serialises to the documented body, without details when there are none', async () => {
		const res = errorResponse(new ApiError(404, 'not_found', 'Organisation introuvable.'));
		expect(res.status).toBe(404);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		const body = await res.json();
		expect(body).toEqual({ error: { code: 'not_found', message: 'Organisation introuvable.' } });
		expect(ErrorBodySchema.safeParse(body).success).toBe(true);
	});

	it('challenges with a Bearer realm, and says invalid_token only for a rejected token', () => {
		expect(unauthorized('missing').headers['www-authenticate']).toBe('Bearer realm="guichet"');
		expect(unauthorized('invalid').headers['www-authenticate']).toBe('Bearer realm="guichet", error="invalid_token"');
		expect(errorResponse(unauthorized('missing')).headers.get('www-authenticate')).toContain('Bearer');
	});

	it('turns SvelteKit’s bare 405 into the JSON error, keeping Allow, and leaves other answers alone', async () => {
		const bare = new Response('DELETE method not allowed', { status: 405, headers: { allow: 'GET, POST' } });
		const res = jsonMethodNotAllowed(bare, 'DELETE');
		expect(res.status).toBe(405);
		expect(res.headers.get('allow')).toBe('GET, POST');
		const body = await res.json();
		expect(body.error).toMatchObject({ code: 'method_not_allowed', details: { allow: ['GET', 'POST'] } });
		expect(ErrorBodySchema.safeParse(body).success).toBe(true);
		const ok = new Response('{}', { status: 200 });
		expect(jsonMethodNotAllowed(ok, 'GET')).toBe(ok);
		expect(codeForStatus(405)).toBe('method_not_allowed');
	});

	it('rounds Retry-After up to whole seconds, at least one', () => {
		expect(rateLimited(1500).headers['retry-after']).toBe('2');
		expect(rateLimited(0).headers['retry-after']).toBe('1');
		expect(rateLimited(1500).details).toEqual({ retryAfterSeconds: 2 });
	});

	it('lists each invalid field with its location and dotted path', () => {
		const schema = z.object({ limit: z.number().max(100), items: z.array(z.object({ email: z.email() })) });
		const result = schema.safeParse({ limit: 500, items: [{ email: 'ok@example.org' }, { email: 'nope' }] });
		expect(result.success).toBe(false);
		const issues = fieldIssues(result.error!, 'body');
		expect(issues.map((i) => [i.location, i.path, i.code])).toEqual([
			['body', 'limit', 'too_big'],
			['body', 'items.1.email', 'invalid_format']
		]);
		const err = validationFailed(issues);
		expect(err.status).toBe(422);
		expect(err.code).toBe('validation_failed');
		expect(err.message).toContain('body.limit');
		expect(err.message).toContain('et 1 autre erreur');
		expect(err.details).toBe(issues);
	});

	it('keeps a request id but no internals in 500 errors', () => {
		const err = internalError('req-1');
		expect(err.toJSON()).toEqual({
			error: { code: 'internal_error', message: 'Une erreur inattendue est survenue.', details: { requestId: 'req-1' } }
		});
	});

	it('has documented JSON errors for bodies the API cannot take: too large (413), not JSON (415)', async () => {
		for (const [err, status, code] of [
			[payloadTooLarge(), 413, 'payload_too_large'],
			[unsupportedMediaType(), 415, 'unsupported_media_type']
		] as const) {
			const res = errorResponse(err);
			expect(res.status).toBe(status);
			const body = await res.json();
			expect(body.error.code).toBe(code);
			expect(body.error.message).toMatch(/corps de la requête/);
			expect(ErrorBodySchema.safeParse(body).success).toBe(true);
			expect(codeForStatus(status)).toBe(code);
		}
	});

	it('maps bare HTTP statuses to codes', () => {
		expect(codeForStatus(403)).toBe('forbidden');
		expect(codeForStatus(404)).toBe('not_found');
		expect(codeForStatus(418)).toBe('bad_request');
		expect(codeForStatus(503)).toBe('internal_error');
	});
});
