/**
 * The per-request access rule applied by the server hook, before any load, action or endpoint runs:
 * - the back-office areas need a signed-in agent, else the sign-in page, which comes back here afterwards;
 * - a route with an `orgId` parameter needs access to that organisation (403), whatever its area, so a page
 *   cannot forget it. Public routes (`(public)` group: booking links carry an organisation id) and the API
 *   (bearer tokens, JSON errors, checked by its own wrapper) are left to themselves.
 */
import { canAccessOrganisation } from './permissions.ts';
import type { AgentPrincipal } from './types.ts';

const SIGNED_IN_AREAS = ['/agents', '/admin'];

export type RouteAccess = { kind: 'allow' } | { kind: 'sign-in'; location: string } | { kind: 'forbidden' };

const inArea = (pathname: string, area: string) => pathname === area || pathname.startsWith(`${area}/`);

export const isApiPath = (pathname: string) => inArea(pathname, '/api');

/** The API documentation is a page of the site (with its header), not an API endpoint. */
export const isApiEndpointPath = (pathname: string) => isApiPath(pathname) && !inArea(pathname, '/api/v1/docs');

export function routeAccess(input: {
	pathname: string;
	search: string;
	routeId: string | null;
	orgId: string | undefined;
	agent: AgentPrincipal | null;
}): RouteAccess {
	const { pathname, routeId, orgId, agent } = input;
	if (isApiPath(pathname)) return { kind: 'allow' };
	const orgScoped = orgId !== undefined && !routeId?.startsWith('/(public)');
	if (!agent && (orgScoped || SIGNED_IN_AREAS.some((a) => inArea(pathname, a)))) {
		return { kind: 'sign-in', location: `/connexion?redirectTo=${encodeURIComponent(pathname + input.search)}` };
	}
	if (orgScoped && !(agent && canAccessOrganisation(agent, orgId))) return { kind: 'forbidden' };
	return { kind: 'allow' };
}
