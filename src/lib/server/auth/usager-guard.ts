import { redirect, type RequestEvent } from '@sveltejs/kit';
import { USAGER_SIGN_IN_PATH, USAGER_SPACE_PATH } from '../../domain/public-booking.ts';
import { safeRedirectPath } from '../../domain/redirect.ts';
import type { SessionUsager } from '../../domain/types.ts';

/** The usager sign-in page, coming back to `redirectTo` (a path of this site only) afterwards. */
export function usagerSignInHref(redirectTo: string): string {
	return `${USAGER_SIGN_IN_PATH}?redirectTo=${encodeURIComponent(safeRedirectPath(redirectTo, USAGER_SPACE_PATH))}`;
}

/**
 * For every load, action and endpoint of the usager's own pages: the signed-in usager, or a 303 to the sign-in
 * page that comes back to `redirectTo` (by default the page asked for).
 */
export function requireUsager(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	redirectTo: string = event.url.pathname + event.url.search
): SessionUsager {
	if (!event.locals.usager) redirect(303, usagerSignInHref(redirectTo));
	return event.locals.usager;
}
