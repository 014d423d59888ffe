/**
 * Calls /api/v1 route handlers as a client would (with a bearer token), checking every response against the
 * OpenAPI document and noting which documented (method, path, status) were answered.
 */
import { expect } from 'vitest';
import type { OpenApiDocument, RegisteredEndpoint } from '../../src/lib/server/api/openapi.ts';
import { openApiDocument } from '../../src/lib/server/api/registry.ts';
import { responseChecker } from './openapi.ts';
import { callEndpoint, type EventInit } from './request-event.ts';

export type Handler = Parameters<typeof callEndpoint>[0];

export type ApiCallInit = EventInit & { token?: string };

export function documentedApi(doc: OpenApiDocument = openApiDocument()) {
	const checker = responseChecker(doc);
	/** Every (method, documented path, status) answered during the run, to prove each route was validated. */
	const exercised = new Set<string>();

	/** Calls a route handler and checks its response against the OpenAPI document. */
	async function call(handler: Handler, init: ApiCallInit) {
		const headers = { ...init.headers, ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) };
		const res = await callEndpoint(handler, { ...init, headers });
		const method = init.method ?? 'GET';
		const path = new URL(init.path, 'http://x').pathname;
		expect(checker.errors(method, path, res.status, res.body), `${method} ${path} → ${res.status}`).toEqual([]);
		exercised.add(`${method} ${checker.templateOf(path)} ${res.status}`);
		return res;
	}

	/** The success responses of these endpoints that no call has validated. */
	function unvalidated(endpoints: RegisteredEndpoint[]): string[] {
		return endpoints.map((e) => `${e.method} ${e.path} ${e.spec.status ?? 200}`).filter((key) => !exercised.has(key));
	}

	return { call, checker, exercised, unvalidated };
}
