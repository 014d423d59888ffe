/**
 * Partner sites (a town hall, a CCAS) may show the booking pages in an iframe (PRODUCT.md §6: the embeddable
 * widget); every other page keeps `frame-ancestors 'none'` from svelte.config.js, so the back-office, the usager
 * space and the sign-in pages cannot be framed by a clickjacking page.
 *
 * Any site may frame the booking pages (`frame-ancestors *`): they are public, their links are shared anyway, and
 * nothing on them acts without a further, explicit step (identification, then a confirmation). The identification
 * and confirmation pages are inside `/prendre-rdv` so that an embedded journey stays in its frame.
 */
import type { Handle } from '@sveltejs/kit';
import { withHeaders } from './response.ts';

const FRAMEABLE_AREAS = ['/prendre-rdv', '/org'];

/** The booking funnel (`/prendre-rdv…`) and the organisations' public links (`/org/…`). */
export function isFrameablePath(pathname: string): boolean {
	return FRAMEABLE_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`));
}

/** The CSP with its `frame-ancestors` directive opened to any site (the other directives unchanged). */
export function allowFraming(csp: string): string {
	return csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *');
}

export const handleFraming: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!isFrameablePath(event.url.pathname)) return response;
	const csp = response.headers.get('content-security-policy');
	if (!csp || !/frame-ancestors/.test(csp)) return response;
	return withHeaders(response, { 'content-security-policy': allowFraming(csp) });
};
