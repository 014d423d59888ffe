/**
 * SvelteKit answers an unsupported method itself, with a bare English text (`PUT method not allowed`): API
 * clients get the API's JSON error instead, everyone else a French sentence. The Allow header is kept.
 */
import type { Handle } from '@sveltejs/kit';
import { isApiEndpointPath } from '../../domain/route-guard.ts';
import { jsonMethodNotAllowed } from '../api/errors.ts';
import { messageForStatus } from './client-errors.ts';

export function frenchMethodNotAllowed(response: Response): Response {
	if (response.status !== 405 || !(response.headers.get('content-type') ?? 'text/plain').startsWith('text/plain')) {
		return response;
	}
	const allow = response.headers.get('allow');
	return new Response(messageForStatus(405), {
		status: 405,
		headers: { 'content-type': 'text/plain; charset=utf-8', ...(allow ? { allow } : {}) }
	});
}

export const handleMethodNotAllowed: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status !== 405) return response;
	return isApiEndpointPath(event.url.pathname)
		? jsonMethodNotAllowed(response, event.request.method)
		: frenchMethodNotAllowed(response);
};
