/**
 * Reading a page's request body can fail for the client's reasons: a body over BODY_SIZE_LIMIT (the adapter
 * raises a 413 that is not an HttpError), a form posted as text/plain or JSON, a broken multipart body. Each
 * action calls `request.formData()` itself, and each failure would end as a 500 with an English text; here the
 * page request's body readers are wrapped once, so that any of them throws the French HttpError of the right
 * status instead, and SvelteKit renders the error page (or the ActionResult of `use:enhance`) as for any `error()`.
 * The JSON API reads its bodies in its own wrapper (api/handler.ts), with JSON errors.
 */
import { error, type Handle } from '@sveltejs/kit';
import { isApiEndpointPath } from '../../domain/route-guard.ts';
import { messageForStatus } from './client-errors.ts';

/** The adapter's "Payload Too Large" (a SvelteKitError, or wrapped in a TypeError by the body reader). */
export function isBodyTooLarge(err: unknown): boolean {
	for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
		if ((e as { status?: unknown }).status === 413) return true;
	}
	return false;
}

const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

export function isFormContentType(contentType: string | null): boolean {
	return FORM_TYPES.test(contentType ?? '');
}

/** The client error a failed body read stands for, or null when it is not the client's (the read is rethrown). */
export function bodyReadStatus(err: unknown, reader: string, contentType: string | null): 400 | 413 | 415 | null {
	if (isBodyTooLarge(err)) return 413;
	if (reader === 'formData') return isFormContentType(contentType) ? 400 : 415;
	if (reader === 'json' && err instanceof SyntaxError) return 400;
	return null;
}

const READERS = ['formData', 'text', 'json', 'arrayBuffer', 'blob', 'bytes'] as const;

const MESSAGES: Record<400 | 413 | 415, string> = {
	400: 'Le formulaire envoyé est illisible : rechargez la page puis réessayez.',
	413: messageForStatus(413),
	415: 'Ce formulaire doit être envoyé depuis la page du site (format de données non accepté).'
};

export const handleRequestBodies: Handle = async ({ event, resolve }) => {
	const { request } = event;
	if (request.method === 'GET' || request.method === 'HEAD' || isApiEndpointPath(event.url.pathname)) {
		return resolve(event);
	}
	const contentType = request.headers.get('content-type');
	for (const reader of READERS) {
		const original = (request as unknown as Record<string, unknown>)[reader];
		if (typeof original !== 'function') continue;
		Object.defineProperty(request, reader, {
			configurable: true,
			value: async () => {
				try {
					return await (original as () => Promise<unknown>).call(request);
				} catch (err) {
					const status = bodyReadStatus(err, reader, contentType);
					if (status === null) throw err;
					error(status, MESSAGES[status]);
				}
			}
		});
	}
	return resolve(event);
};
