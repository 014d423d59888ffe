/**
 * One wrapper for every /api/v1 endpoint: bearer-token authentication, per-token rate limit, zod validation of
 * path parameters, query string and JSON body, JSON errors, and a response passed through its schema (which also
 * strips any field the schema does not declare, so a DTO can never leak more than the document promises).
 *
 * The endpoint's spec is attached to the returned handler, so that the OpenAPI document is generated from the
 * very schemas that validate requests (see openapi.ts).
 */
import { isHttpError, type RequestEvent, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import type { SessionAgent } from '../../domain/types.ts';
import { authenticateApiTokenWithId } from '../auth/api-token.ts';
import { clientNetwork } from '../auth/client-network.ts';
import { clientAddress } from '../auth/forms.ts';
import { rateLimitKey, takeAttempt } from '../auth/rate-limit.ts';
import { logger } from '../logger.ts';
import { isBodyTooLarge } from '../http/request-bodies.ts';
import { logRequestFailure } from '../http/client-errors.ts';
import {
	ApiError,
	codeForStatus,
	errorResponse,
	fieldIssues,
	internalError,
	invalidJson,
	notFound,
	payloadTooLarge,
	rateLimited,
	unauthorized,
	unsupportedMediaType,
	validationFailed,
	type InputLocation
} from './errors.ts';
import {
	API_ENDPOINT,
	DEFAULT_API_RATE_LIMIT,
	type AnyObject,
	type ApiRequestHandler,
	type EndpointSpec,
	type RateLimitSetting
} from './endpoint.ts';

export type { EndpointSpec } from './endpoint.ts';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface HandlerContext<P, Q, B, A extends boolean> {
	agent: A extends true ? SessionAgent : SessionAgent | null;
	params: Infer<P>;
	query: Infer<Q>;
	body: Infer<B>;
	event: RequestEvent;
}

/** zod messages in French: they reach API users through `message`. */
const frenchErrors = z.locales.fr().localeError;

export function apiHandler<
	P extends AnyObject | undefined = undefined,
	Q extends AnyObject | undefined = undefined,
	B extends z.ZodType | undefined = undefined,
	R extends z.ZodType = z.ZodType,
	A extends boolean = true
>(
	spec: EndpointSpec<P, Q, B, R, A>,
	impl: (ctx: HandlerContext<P, Q, B, A>) => Promise<z.input<R>> | z.input<R>
): ApiRequestHandler {
	const handler: RequestHandler = async (event) => {
		try {
			const agent = spec.auth === false ? await limitPublic(event, spec) : await authenticate(event, spec.rateLimit);
			const params = spec.params ? parseInput(spec.params, event.params, 'params') : undefined;
			const query = spec.query ? parseInput(spec.query, queryObject(event.url), 'query') : undefined;
			const body = spec.body ? parseInput(spec.body, await readJson(event.request), 'body') : undefined;
			const result = await impl({ agent, params, query, body, event } as HandlerContext<P, Q, B, A>);
			return jsonResponse(serialise(spec, result), spec.status ?? 200, spec.cacheControl);
		} catch (err) {
			return errorResponse(toApiError(err, event));
		}
	};
	return Object.assign(handler, { [API_ENDPOINT]: spec as unknown as EndpointSpec });
}

async function authenticate(
	event: RequestEvent,
	rateLimit: RateLimitSetting | false | undefined
): Promise<SessionAgent> {
	const header = event.request.headers.get('authorization');
	if (!header) throw unauthorized('missing');
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
	if (!match?.[1]) throw unauthorized('invalid');
	const authenticated = await authenticateApiTokenWithId(match[1]);
	if (!authenticated) throw unauthorized('invalid');
	const limit = rateLimit ?? DEFAULT_API_RATE_LIMIT;
	if (limit) {
		// The token id is not personal data, so it can serve as the key as is.
		const attempt = await takeAttempt([{ key: `api:token:${authenticated.tokenId}`, ...limit }]);
		if (!attempt.allowed) throw rateLimited(attempt.retryAfterMs);
	}
	// Bearer requests never carry the session cookie's identity: the token decides who acts.
	event.locals.agent = authenticated.agent;
	event.locals.sessionId = null;
	return authenticated.agent;
}

/**
 * A public endpoint (no token) with a rate limit: one budget per client network for all of them (the address hashed, an IPv6
 * /64 as one), shared by every node like the sign-in limits.
 */
async function limitPublic(event: RequestEvent, spec: EndpointSpec): Promise<null> {
	if (!spec.rateLimit) return null;
	const network = clientNetwork(clientAddress(() => event.getClientAddress()));
	const attempt = await takeAttempt([{ key: rateLimitKey('public-api', network), ...spec.rateLimit }]);
	if (!attempt.allowed) throw rateLimited(attempt.retryAfterMs);
	return null;
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown, location: InputLocation): z.output<S> {
	const result = schema.safeParse(input, { error: frenchErrors });
	if (result.success) return result.data;
	if (location === 'params') {
		// `/organisations/abc` names nothing rather than being a malformed request.
		throw notFound();
	}
	throw validationFailed(fieldIssues(result.error, location));
}

/** Repeated keys become arrays (`?status=seen&status=noshow`); single ones stay strings. */
export function queryObject(url: URL): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(url.searchParams.keys())) {
		const values = url.searchParams.getAll(key);
		out[key] = values.length > 1 ? values : (values[0] ?? '');
	}
	return out;
}

async function readJson(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw unsupportedMediaType();
	let text: string;
	try {
		text = await request.text();
	} catch (err) {
		// Over BODY_SIZE_LIMIT, the adapter fails the read with a 413 that is not an HttpError.
		if (isBodyTooLarge(err)) throw payloadTooLarge();
		throw err;
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw invalidJson();
	}
}

/**
 * Dates and other values become their JSON form first, then the schema checks them and drops undeclared
 * fields. A mismatch is our bug, not the client's: 500, logged.
 */
function serialise(spec: EndpointSpec, result: unknown): unknown {
	const json: unknown = result === undefined ? null : JSON.parse(JSON.stringify(result));
	const parsed = spec.response.safeParse(json);
	if (!parsed.success) {
		logger.error(
			{ operationId: spec.operationId, issues: parsed.error.issues.slice(0, 5) },
			'API response does not match its schema'
		);
		throw internalError();
	}
	return parsed.data;
}

function jsonResponse(data: unknown, status: number, cacheControl = 'no-store'): Response {
	if (status === 204) return new Response(null, { status, headers: { 'cache-control': cacheControl } });
	return new Response(JSON.stringify(data), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': cacheControl }
	});
}

/**
 * The JSON error for whatever the endpoint threw, logged once: a client's mistake as one line with its code,
 * a fault as an error with its stack.
 */
function toApiError(err: unknown, event: RequestEvent): ApiError {
	const apiError = asApiError(err, event.locals.requestId);
	logRequestFailure(
		logger,
		{
			status: apiError.status,
			requestId: event.locals.requestId,
			route: event.route.id,
			error: err,
			reason: apiError.code
		},
		'API request'
	);
	return apiError;
}

function asApiError(err: unknown, requestId: string): ApiError {
	if (err instanceof ApiError) return err.code === 'internal_error' ? internalError(requestId) : err;
	// Shared code may throw SvelteKit's error(404, '…'): keep its status and message.
	if (isHttpError(err) && err.status < 500) {
		return new ApiError(err.status, codeForStatus(err.status), err.body.message);
	}
	return internalError(requestId);
}
