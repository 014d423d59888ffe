import { randomUUID } from 'node:crypto';
import type { HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { startRuntime } from '$lib/server/runtime';
import { realtimePart } from '$lib/server/realtime';
import { jobsPart } from '$lib/server/jobs';
import { logger } from '$lib/server/logger';
import { handleSession, handleGuards } from '$lib/server/auth/hooks';
import { handleUsagerSession } from '$lib/server/auth/usager-hooks';
import { logRequestFailure, messageForStatus } from '$lib/server/http/client-errors';
import { handleCrossSiteRequests } from '$lib/server/http/cross-site';
import { handleFraming } from '$lib/server/http/framing';
import { handleDevRoutes, handleLoopbackAlias } from '$lib/server/http/loopback';
import { handleMethodNotAllowed } from '$lib/server/http/methods';
import { handleRequestBodies } from '$lib/server/http/request-bodies';
import { handleRequestId } from '$lib/server/http/request-id';
import { handleSecurityHeaders } from '$lib/server/http/security-headers';

export const init: ServerInit = async () => {
	await startRuntime([realtimePart, jobsPart]);
};

/**
 * Outermost first: the request id and the security headers wrap every answer, including the refusals of the
 * handles after them (which return responses rather than throw, so that these two still apply).
 */
export const handle = sequence(
	handleRequestId,
	handleSecurityHeaders,
	handleFraming,
	handleLoopbackAlias,
	handleCrossSiteRequests,
	handleRequestBodies,
	handleDevRoutes,
	handleMethodNotAllowed,
	handleSession,
	handleUsagerSession,
	handleGuards
);

/**
 * Errors nobody turned into an HttpError: SvelteKit's own (not found, malformed address, body too large…, whose
 * texts are English) and real faults. The browser only gets a French message and the request id; only faults
 * are logged as errors, with their stack.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	logRequestFailure(logger, { status, requestId, route: event.route.id, error, reason: message });
	return { message: messageForStatus(status), requestId };
};
