/**
 * The HTTP edge against the real route code and the real database: the demo outbox refuses anyone but the person
 * at the machine, and request bodies the adapter refuses (over BODY_SIZE_LIMIT) or that are not what a form or
 * the API expects end as precise client errors, never a 500. Bodies go through @sveltejs/kit/node's getRequest,
 * the very function adapter-node turns a Node request into a Request with, on a real HTTP server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequest, setResponse } from '@sveltejs/kit/node';
import { isHttpError, type Handle, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/lib/server/db/models/index.ts';
import { createApiToken } from '../../src/lib/server/auth/api-token.ts';
import { sendEmail } from '../../src/lib/server/notify/mailer.ts';
import { passwordResetEmail } from '../../src/lib/server/notify/templates.ts';
import { handleCrossSiteRequests } from '../../src/lib/server/http/cross-site.ts';
import { handleDevRoutes } from '../../src/lib/server/http/loopback.ts';
import { handleRequestBodies } from '../../src/lib/server/http/request-bodies.ts';
import { load as listEmails } from '../../src/routes/dev/emails/+page.server.ts';
import { load as showEmail } from '../../src/routes/dev/emails/[id]/+page.server.ts';
import { GET as getAttachment } from '../../src/routes/dev/emails/[id]/pieces-jointes/[index]/+server.ts';
import { actions as signInActions } from '../../src/routes/connexion/+page.server.ts';
import { POST as createRdv } from '../../src/routes/api/v1/rdvs/+server.ts';
import { documentedApi } from '../helpers/api-client.ts';
import { memoryCookies, requestEvent } from '../helpers/request-event.ts';

const SITE = 'http://localhost:3000';

// ---- The demo outbox ----

interface Visitor {
	peer: string;
	/** What getClientAddress() answers (from a header when adapter-node's ADDRESS_HEADER is set). */
	client?: string;
	headers?: Record<string, string>;
}

/** A request as adapter-node presents it: the TCP peer in `platform.req`, the client address from the adapter. */
function outboxEvent(path: string, params: Record<string, string>, visitor: Visitor) {
	const event = requestEvent({ path, params, headers: { host: 'localhost:3000', ...visitor.headers } });
	return Object.assign(event, {
		getClientAddress: () => visitor.client ?? visitor.peer,
		platform: { req: { socket: { remoteAddress: visitor.peer } } }
	});
}

async function outcome(run: () => unknown): Promise<number> {
	try {
		const result = await run();
		return result instanceof Response ? result.status : 200;
	} catch (err) {
		if (isHttpError(err)) return err.status;
		throw err;
	}
}

describe('the demo outbox (/dev/emails)', () => {
	let emailId: string;

	beforeAll(async () => {
		delete process.env.RESEND_API_KEY;
		const sent = await sendEmail({
			to: 'victime@example.fr',
			...passwordResetEmail({ url: `${SITE}/mot-de-passe/secret-token`, validMinutes: 60 }),
			attachments: [{ filename: 'rdv.ics', content: 'BEGIN:VCALENDAR', contentType: 'text/calendar' }]
		});
		emailId = sent.id;
	});

	const pages = (visitor: Visitor) => [
		() => listEmails(outboxEvent('/dev/emails', {}, visitor) as never),
		() => showEmail(outboxEvent(`/dev/emails/${emailId}`, { id: emailId }, visitor) as never),
		() =>
			getAttachment(
				outboxEvent(`/dev/emails/${emailId}/pieces-jointes/0`, { id: emailId, index: '0' }, visitor) as never
			)
	];

	it('answers the person at the machine: list, message and attachment', async () => {
		for (const visitor of [{ peer: '127.0.0.1' }, { peer: '::1' }, { peer: '::ffff:127.0.0.1' }]) {
			for (const page of pages(visitor)) expect(await outcome(page), visitor.peer).toBe(200);
		}
		const data = (await listEmails(outboxEvent('/dev/emails', {}, { peer: '127.0.0.1' }) as never)) as {
			emails: { id: string }[];
		};
		expect(data.emails.map((e) => e.id)).toContain(emailId);
	});

	it('answers 404 to another machine', async () => {
		for (const page of pages({ peer: '203.0.113.7' })) expect(await outcome(page)).toBe(404);
	});

	it('answers 404 to a forged X-Forwarded-For: the adapter’s client address says loopback, the socket does not', async () => {
		// ADDRESS_HEADER=x-forwarded-for: getClientAddress() returns what the remote client wrote in the header.
		const forged = { peer: '203.0.113.7', client: '127.0.0.1', headers: { 'x-forwarded-for': '127.0.0.1' } };
		for (const page of pages(forged)) expect(await outcome(page)).toBe(404);
	});

	it('answers 404 to a remote visitor relayed by a proxy on this machine, and to another site’s name (DNS rebinding)', async () => {
		const relayed = { peer: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } };
		for (const page of pages(relayed)) expect(await outcome(page)).toBe(404);
		const rebound = { peer: '127.0.0.1', headers: { host: 'evil.example:3000' } };
		for (const page of pages(rebound)) expect(await outcome(page)).toBe(404);
	});
});

// ---- Request bodies, through the adapter's own body reader ----

let server: http.Server;
let base: string;
/** What the test server does with the Request getRequest built (set per test). */
let respond: (request: Request) => Promise<Response>;
const BODY_SIZE_LIMIT = 1024;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		void (async () => {
			const request = await getRequest({ request: req, base: SITE, bodySizeLimit: BODY_SIZE_LIMIT });
			await setResponse(res, await respond(request));
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A RequestEvent around the adapter's Request. */
function eventOf(request: Request, init: { params?: Record<string, string>; routeId?: string } = {}): RequestEvent {
	return {
		request,
		url: new URL(request.url),
		params: init.params ?? {},
		route: { id: init.routeId ?? null },
		locals: { requestId: 'test-request', agent: null, sessionId: null, usager: null, usagerSessionId: null },
		cookies: memoryCookies(),
		fetch: globalThis.fetch,
		getClientAddress: () => '127.0.0.1',
		platform: undefined,
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false
	} as unknown as RequestEvent;
}

const big = 'x'.repeat(BODY_SIZE_LIMIT * 4);

/** Posts through the test server; `chunked` sends no Content-Length, so the limit is hit while streaming. */
async function post(path: string, body: string, headers: Record<string, string>, chunked = false) {
	const stream = chunked
		? new ReadableStream({
				start(c) {
					c.enqueue(new TextEncoder().encode(body));
					c.close();
				}
			})
		: body;
	const res = await fetch(`${base}${path}`, {
		method: 'POST',
		headers,
		body: stream,
		...(chunked ? { duplex: 'half' } : {})
	} as RequestInit);
	const text = await res.text();
	return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

describe('API bodies', () => {
	const { checker } = documentedApi();
	let token: string;

	beforeAll(async () => {
		const agent = await Agent.create({ firstName: 'Ada', lastName: 'Bord', email: 'bord@example.org' });
		({ token } = await createApiToken(String(agent._id), 'Tests'));
		respond = async (request) => createRdv(eventOf(request, { routeId: '/api/v1/rdvs' }) as never);
	});

	it('answers a documented JSON 413 for a body over the limit (was a 500), announced or streamed', async () => {
		for (const chunked of [false, true]) {
			const res = await post(
				'/api/v1/rdvs',
				big,
				{
					authorization: `Bearer ${token}`,
					'content-type': 'application/json'
				},
				chunked
			);
			expect(res.status, `chunked: ${chunked}`).toBe(413);
			expect(res.type).toMatch(/^application\/json/);
			const body = JSON.parse(res.text);
			expect(body.error.code).toBe('payload_too_large');
			expect(checker.errors('POST', '/api/v1/rdvs', 413, body)).toEqual([]);
		}
	});

	it('answers a documented JSON 415 for a body that is not JSON (form, text)', async () => {
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
			const res = await post('/api/v1/rdvs', 'a=b', { authorization: `Bearer ${token}`, 'content-type': type });
			expect(res.status, type).toBe(415);
			const body = JSON.parse(res.text);
			expect(body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('JSON') });
			expect(checker.errors('POST', '/api/v1/rdvs', 415, body)).toEqual([]);
		}
	});
});

describe('form bodies', () => {
	/** The sign-in action, behind the body handle (as in the hooks' sequence) or bare. */
	const throughHandle = async (request: Request) =>
		await handleRequestBodies({
			event: eventOf(request, { routeId: '/connexion' }),
			resolve: async (event) => {
				await signInActions.default(event as never);
				return new Response('action ran');
			}
		});

	async function statusOf(run: () => unknown): Promise<number | 'not an HttpError'> {
		try {
			await run();
			return 200;
		} catch (err) {
			return isHttpError(err) ? err.status : 'not an HttpError';
		}
	}

	function submit(body: string, type: string, run: (request: Request) => unknown, chunked = false) {
		let status: Promise<number | 'not an HttpError'> | undefined;
		respond = async (request) => {
			status = statusOf(() => run(request));
			await status;
			return new Response(null, { status: 204 });
		};
		return post('/connexion', body, { 'content-type': type, origin: SITE }, chunked).then(() => status!);
	}

	it('without the handle, the action fails with an error SvelteKit can only answer with a 500 (the bug)', async () => {
		const bare = (request: Request) => signInActions.default(eventOf(request) as never);
		expect(await submit('email=a', 'text/plain', bare)).toBe('not an HttpError');
	});

	it('turns each client mistake into its French HttpError: 413, 415, 400', async () => {
		expect(await submit(`email=${big}`, 'application/x-www-form-urlencoded', throughHandle)).toBe(413);
		expect(await submit(`email=${big}`, 'application/x-www-form-urlencoded', throughHandle, true)).toBe(413);
		expect(await submit('email=a', 'text/plain', throughHandle)).toBe(415);
		expect(await submit('{"email":"a"}', 'application/json', throughHandle)).toBe(415);
		expect(await submit('garbage', 'multipart/form-data; boundary=zz', throughHandle)).toBe(400);
	});

	it('leaves a well-formed form to the action', async () => {
		// Invalid credentials: the action answers with fail(400), which is a result, not a thrown error.
		expect(
			await submit('email=nobody%40example.org&password=x', 'application/x-www-form-urlencoded', throughHandle)
		).toBe(200);
	});
});

// ---- Handles that refuse before any route code ----

describe('refusing handles', () => {
	const run = async (handle: Handle, init: Parameters<typeof requestEvent>[0]) => {
		let resolved = false;
		const res = await handle({
			event: requestEvent(init),
			resolve: async () => {
				resolved = true;
				return new Response('<p>page</p>', { headers: { 'content-type': 'text/html' } });
			}
		});
		return { res, resolved };
	};

	it('refuses a cross-site form with the French error page, before any route code', async () => {
		const { res, resolved } = await run(handleCrossSiteRequests, {
			method: 'POST',
			path: '/connexion',
			body: new URLSearchParams({ email: 'a@b.c' }),
			headers: { origin: 'http://127.0.0.1:3000', accept: 'text/html' }
		});
		expect(resolved).toBe(false);
		expect(res.status).toBe(403);
		const html = await res.text();
		expect(html).toContain('<html lang="fr">');
		expect(html).toContain('Formulaire refusé');
	});

	it('lets the API through without an Origin: bearer tokens only, no cookie to abuse', async () => {
		const { resolved } = await run(handleCrossSiteRequests, {
			method: 'POST',
			path: '/api/v1/rdvs',
			body: 'x',
			headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }
		});
		expect(resolved).toBe(true);
	});

	it('answers 404 under /dev to a request that does not come from this machine, before the page', async () => {
		const { res, resolved } = await run(handleDevRoutes, { path: '/dev/emails', headers: { host: 'evil.example' } });
		expect(resolved).toBe(false);
		expect(res.status).toBe(404);
		const local = await run(handleDevRoutes, { path: '/dev/emails', headers: { host: 'localhost:3000' } });
		expect(local.resolved).toBe(true);
	});
});
