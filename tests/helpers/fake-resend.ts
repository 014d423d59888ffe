/**
 * A local stand-in for Resend's HTTP API (POST /emails), so that tests exercise the real SDK: a node:http
 * server on 127.0.0.1 with a free port. It checks the bearer key and the body like Resend does, records every
 * request, answers `{ id }`, honours Idempotency-Key (same key and body → same id; same key, other body → 409),
 * and can be told to fail the next requests with 422, 429 or 500.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	/** Status answered. */
	status: number;
}

export interface FakeResend {
	/** Base URL for RESEND_BASE_URL. */
	url: string;
	apiKey: string;
	requests: RecordedRequest[];
	/** Messages accepted (first delivery only), by id. */
	delivered: Map<string, Record<string, unknown>>;
	/** Fail the next `times` POST /emails with this status and Resend's error body. */
	failNext(status: 422 | 429 | 500, times?: number): void;
	close(): Promise<void>;
}

const ERROR_NAMES: Record<number, string> = {
	401: 'missing_api_key',
	403: 'invalid_api_key',
	404: 'not_found',
	405: 'method_not_allowed',
	409: 'invalid_idempotent_request',
	422: 'validation_error',
	429: 'rate_limit_exceeded',
	500: 'application_error'
};

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Resend's own checks on a send request, reduced to what our mailer may get wrong. */
function validationError(body: unknown): string | null {
	if (!body || typeof body !== 'object') return 'Invalid JSON body.';
	const b = body as Record<string, unknown>;
	if (!isString(b.from)) return 'The `from` field is required.';
	const to = Array.isArray(b.to) ? b.to : [b.to];
	if (to.length === 0 || to.length > 50 || !to.every((t) => isString(t) && t.includes('@'))) {
		return 'Invalid `to` field. The email address needs to follow the `email@example.com` format.';
	}
	if (!isString(b.subject)) return 'The `subject` field is required.';
	if (!isString(b.html) && !isString(b.text)) return 'Either `html` or `text` must be provided.';
	if (b.attachments !== undefined) {
		if (!Array.isArray(b.attachments)) return 'The `attachments` field must be an array.';
		for (const a of b.attachments as Record<string, unknown>[]) {
			if (!isString(a.filename)) return 'Attachment `filename` is required.';
			if (!isString(a.content) || !/^[A-Za-z0-9+/]*={0,2}$/.test(a.content)) {
				return 'Attachment `content` must be base64.';
			}
		}
	}
	return null;
}

export async function startFakeResend(opts: { apiKey?: string } = {}): Promise<FakeResend> {
	const apiKey = opts.apiKey ?? `re_test_${randomUUID().slice(0, 8)}`;
	const requests: RecordedRequest[] = [];
	const delivered = new Map<string, Record<string, unknown>>();
	const idempotent = new Map<string, { body: string; id: string }>();
	let failures: { status: number; left: number } | null = null;

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: unknown = null;
			try {
				body = raw ? JSON.parse(raw) : null;
			} catch {
				body = undefined;
			}
			const reply = (status: number, payload: unknown) => {
				requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status });
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			const fail = (status: number, message: string) =>
				reply(status, { statusCode: status, name: ERROR_NAMES[status] ?? 'application_error', message });

			const auth = req.headers.authorization;
			if (!auth) return fail(401, 'Missing API key in the authorization header.');
			if (auth !== `Bearer ${apiKey}`) return fail(403, 'API key is invalid.');
			if (req.url !== '/emails') return fail(404, 'The requested endpoint does not exist.');
			if (req.method !== 'POST') return fail(405, 'Method is not allowed for the requested path.');
			if (req.headers['content-type']?.split(';')[0] !== 'application/json' || body === undefined) {
				return fail(422, 'Invalid JSON body.');
			}
			if (failures && failures.left > 0) {
				failures.left--;
				const status = failures.status;
				const messages: Record<number, string> = {
					422: 'The `to` field contains an invalid email address.',
					429: 'Too many requests. You can only make 2 requests per second.',
					500: 'An unexpected error occurred.'
				};
				return fail(status, messages[status] ?? 'Error');
			}
			const invalid = validationError(body);
			if (invalid) return fail(422, invalid);

			const key = req.headers['idempotency-key'];
			if (typeof key === 'string') {
				const seen = idempotent.get(key);
				if (seen) {
					if (seen.body !== raw) return fail(409, 'Same idempotency key used with a different request payload.');
					return reply(200, { id: seen.id });
				}
			}
			const id = randomUUID();
			if (typeof key === 'string') idempotent.set(key, { body: raw, id });
			delivered.set(id, body as Record<string, unknown>);
			reply(200, { id });
		});
	});

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		apiKey,
		requests,
		delivered,
		failNext(status, times = 1) {
			failures = { status, left: times };
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((err) => (err ? reject(err) : resolve()));
			})
	};
}
