/**
 * Calls SvelteKit endpoints, loads and form actions directly with a constructed RequestEvent: the real route
 * code runs against the real database, without building and starting the server.
 */
import { randomUUID } from 'node:crypto';
import type { Cookies, RequestEvent } from '@sveltejs/kit';
import type { SessionAgent } from '../../src/lib/domain/types.ts';

export interface EventInit {
	method?: string;
	/** Path and query string, e.g. `/api/v1/organisations?limit=5`. */
	path: string;
	params?: Record<string, string>;
	routeId?: string;
	headers?: Record<string, string>;
	/** Sent as JSON unless it is a string, FormData or URLSearchParams. */
	body?: unknown;
	/** locals.agent, for pages and actions (API endpoints authenticate their bearer token themselves). */
	agent?: SessionAgent | null;
}

const ORIGIN = 'http://localhost:3000';

/** An in-memory cookie jar with the methods pages and actions use. */
export function memoryCookies(initial: Record<string, string> = {}): Cookies {
	const jar = new Map(Object.entries(initial));
	return {
		get: (name) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name, value) => void jar.set(name, value),
		delete: (name) => void jar.delete(name),
		serialize: (name, value) => `${name}=${value}`
	};
}

export function requestEvent(init: EventInit): RequestEvent {
	const url = new URL(init.path, ORIGIN);
	const method = init.method ?? 'GET';
	const headers = new Headers(init.headers);
	let body: BodyInit | undefined;
	if (init.body !== undefined) {
		if (typeof init.body === 'string' || init.body instanceof FormData || init.body instanceof URLSearchParams) {
			body = init.body;
		} else {
			body = JSON.stringify(init.body);
			if (!headers.has('content-type')) headers.set('content-type', 'application/json');
		}
	}
	if (method !== 'GET' && !headers.has('origin')) headers.set('origin', ORIGIN);
	const request = new Request(url, { method, headers, body });
	const responseHeaders = new Headers();
	const event = {
		request,
		url,
		params: init.params ?? {},
		route: { id: init.routeId ?? null },
		locals: {
			requestId: randomUUID(),
			agent: init.agent ?? null,
			sessionId: null,
			usager: null,
			usagerSessionId: null
		},
		cookies: memoryCookies(),
		fetch: globalThis.fetch,
		getClientAddress: () => '127.0.0.1',
		platform: undefined,
		setHeaders: (h: Record<string, string>) => {
			for (const [k, v] of Object.entries(h)) responseHeaders.set(k, v);
		},
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false,
		// Loads declare what invalidates them (the RDV page: 'app:rdv'); nothing re-runs them here.
		depends: () => {}
	};
	responseHeadersOf.set(event, responseHeaders);
	return event as unknown as RequestEvent;
}

/** What each event's `setHeaders` collected. */
const responseHeadersOf = new WeakMap<object, Headers>();

/** Any route handler, whatever its generated RequestEvent type (each route narrows params and route id). */
type Handler = (event: never) => Response | Promise<Response>;

/** Runs an endpoint and returns its response with the body parsed as JSON (null when empty). */
export async function callEndpoint(
	handler: Handler,
	init: EventInit
): Promise<{ status: number; headers: Headers; body: unknown }> {
	const event = requestEvent(init);
	const response = await handler(event as never);
	const text = await response.text();
	// SvelteKit sets what `setHeaders` collected on the response once the handler returns (ETag…): so does this.
	const headers = new Headers(response.headers);
	responseHeadersOf.get(event)?.forEach((value, name) => headers.set(name, value));
	return { status: response.status, headers, body: text ? (JSON.parse(text) as unknown) : null };
}
