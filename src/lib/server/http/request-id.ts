/**
 * Every request gets an id, echoed in `x-request-id` and written on every log line about it, so that support can
 * find a user's error from the id on the error page. A proxy's or a client's id is kept only when it is short and
 * made of safe characters: anything else would be echoed and logged as is (huge values, control characters,
 * forged log fields).
 */
import { randomUUID } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';
import { withHeaders } from './response.ts';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The client's id when it is safe to echo and log, else a new one. */
export function requestIdFrom(header: string | null): string {
	return header !== null && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** Sets the request id and the locals every later handle reads (nobody signed in until the session says so). */
export const handleRequestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = requestIdFrom(event.request.headers.get('x-request-id'));
	event.locals.agent = null;
	event.locals.sessionId = null;
	event.locals.usager = null;
	event.locals.usagerSessionId = null;
	const response = await resolve(event);
	return withHeaders(response, { 'x-request-id': event.locals.requestId });
};
