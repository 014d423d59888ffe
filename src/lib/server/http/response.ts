/**
 * Responses the HTTP edge writes itself, before any route runs: they must look like SvelteKit's own (the French
 * error page for a browser, JSON for `fetch`), and every handle must be able to add its headers to them, which a
 * thrown `error()` would not allow (it skips the handles' post-processing).
 */
import type { RequestEvent } from '@sveltejs/kit';
import errorTemplate from '../../../error.html?raw';

/**
 * Sets headers on a response; a response whose headers are immutable (one made by `fetch` or `Response.redirect`)
 * is copied first.
 */
export function withHeaders(response: Response, headers: Record<string, string>): Response {
	try {
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
		return response;
	} catch {
		const copy = new Response(response.body, response);
		for (const [name, value] of Object.entries(headers)) copy.headers.set(name, value);
		return copy;
	}
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** src/error.html filled in as SvelteKit fills it (the page SvelteKit itself shows when a hook fails). */
export function errorPageHtml(status: number, message: string): string {
	return errorTemplate
		.replaceAll('%sveltekit.status%', String(status))
		.replaceAll('%sveltekit.error.message%', escapeHtml(message));
}

/**
 * A refused request, answered the way the caller reads errors: `use:enhance` gets an ActionResult, `fetch` and
 * `__data.json` get the App.Error body, a browser navigation gets the French error page.
 */
export function refusal(
	event: Pick<RequestEvent, 'request' | 'locals' | 'isDataRequest'>,
	status: number,
	message: string,
	headers: Record<string, string> = {}
): Response {
	const error = { message, requestId: event.locals.requestId };
	const { request } = event;
	if (request.headers.get('x-sveltekit-action') === 'true') {
		return Response.json({ type: 'error', error }, { status, headers });
	}
	const accept = request.headers.get('accept') ?? '';
	if (event.isDataRequest || (accept.includes('application/json') && !accept.includes('text/html'))) {
		return Response.json(error, { status, headers });
	}
	return new Response(errorPageHtml(status, message), {
		status,
		headers: { 'content-type': 'text/html; charset=utf-8', ...headers }
	});
}
