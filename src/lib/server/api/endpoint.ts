/**
 * What an /api/v1 endpoint declares about itself (see handler.ts), kept apart from the handler so that the
 * OpenAPI generator reads specs without loading authentication and database code.
 */
import type { RequestHandler } from '@sveltejs/kit';
import type { z } from 'zod';

export interface RateLimitSetting {
	max: number;
	windowMs: number;
}

/** Per token: generous for scripts, low enough to protect the database from a runaway loop. */
export const DEFAULT_API_RATE_LIMIT: RateLimitSetting = { max: 300, windowMs: 60_000 };

export type AnyObject = z.ZodType<Record<string, unknown>>;

export interface EndpointSpec<
	P extends AnyObject | undefined = AnyObject | undefined,
	Q extends AnyObject | undefined = AnyObject | undefined,
	B extends z.ZodType | undefined = z.ZodType | undefined,
	R extends z.ZodType = z.ZodType,
	A extends boolean = boolean
> {
	/** Unique, camelCase: names the operation and its schemas in the OpenAPI document. */
	operationId: string;
	summary: string;
	description?: string;
	tags?: string[];
	/** Bearer token required (default true). */
	auth?: A;
	/** Path parameters: a value that does not parse means the resource cannot exist (404). */
	params?: P;
	/** Query string (strings in, so use z.coerce for numbers); invalid → 422. */
	query?: Q;
	/** JSON body; malformed JSON → 400, invalid → 422. */
	body?: B;
	response: R;
	/**
	 * Request headers the endpoint reads (If-Match…): documented as header parameters; the endpoint reads them
	 * from the request itself.
	 */
	headers?: AnyObject;
	/** Headers of the success response (ETag…), for the document: name → description. */
	responseHeaders?: Record<string, string>;
	/** Success status (default 200). */
	status?: number;
	/** Error statuses this endpoint may answer besides the automatic ones (401, 404 for params, 422, 429, 500). */
	errors?: number[];
	/**
	 * What some of those statuses mean here (e.g. which error codes a 409 carries): documented on this operation's
	 * response instead of the shared one.
	 */
	errorDescriptions?: Partial<Record<number, string>>;
	/**
	 * Per token (default DEFAULT_API_RATE_LIMIT); on a public endpoint (`auth: false`), per client network, and
	 * only when set.
	 */
	rateLimit?: RateLimitSetting | false;
	/** Cache-Control of the success response (default `no-store`): public endpoints may let caches keep it. */
	cacheControl?: string;
}

export const API_ENDPOINT = Symbol.for('guichet.apiEndpoint');

export type ApiRequestHandler = RequestHandler & { [API_ENDPOINT]: EndpointSpec };

/** The spec attached to a route export by apiHandler, if it is one. */
export function endpointSpecOf(value: unknown): EndpointSpec | undefined {
	return typeof value === 'function' ? (value as Partial<ApiRequestHandler>)[API_ENDPOINT] : undefined;
}
