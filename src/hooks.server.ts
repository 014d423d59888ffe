import { randomUUID } from 'node:crypto';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { startRuntime } from '$lib/server/runtime';
import { realtimePart } from '$lib/server/realtime';
import { jobsPart } from '$lib/server/jobs';
import { logger } from '$lib/server/logger';
import { handleSession, handleGuards } from '$lib/server/auth/hooks';
import { jsonMethodNotAllowed } from '$lib/server/api/errors';

export const init: ServerInit = async () => {
	await startRuntime([realtimePart, jobsPart]);
};

const handleRequestId: Handle = async ({ event, resolve }) => {
	event.locals.requestId = event.request.headers.get('x-request-id') ?? randomUUID();
	event.locals.agent = null;
	event.locals.sessionId = null;
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	return response;
};

/** API clients get JSON for every error, including the 405 SvelteKit writes itself. */
const handleApiMethods: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return event.url.pathname.startsWith('/api/v1/') ? jsonMethodNotAllowed(response, event.request.method) : response;
};

export const handle = sequence(handleRequestId, handleApiMethods, handleSession, handleGuards);

/** Log the error with the request id; the browser only gets a French message and that id. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	// The route id, not the path: paths carry secrets (reset tokens, ICS secrets, /r/ links).
	if (status >= 500) logger.error({ err: error, requestId, route: event.route.id }, 'unhandled error');
	return {
		message: status === 404 ? 'Page introuvable' : status >= 500 ? 'Une erreur inattendue est survenue.' : message,
		requestId
	};
};
