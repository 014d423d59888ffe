/**
 * Same-origin JSON endpoints that agent pages call with their session cookie (calendar feeds of the agenda and
 * of the plage preview). Their errors take the public API's shape, `{ error: { code, message, details } }`, but
 * they are not part of /api/v1.
 */
import { json } from '@sveltejs/kit';
import { canAccessOrganisation } from '../domain/permissions.ts';
import type { SessionAgent } from '../domain/types.ts';

export function jsonError(status: number, code: string, message: string, details?: unknown): Response {
	return json({ error: { code, message, details } }, { status });
}

/** A JSON answer the browser must not keep: agendas change and belong to one agent's session. */
export function privateJson(body: unknown): Response {
	return json(body, { headers: { 'cache-control': 'private, no-store' } });
}

/**
 * The signed-in agent when it may see this organisation, or the JSON refusal to return.
 * `signIn` says what the agent must sign in for (« Connectez-vous pour … »).
 */
export function organisationViewer(
	agent: SessionAgent | null,
	organisationId: string,
	signIn: string
): { viewer: SessionAgent; refusal?: undefined } | { viewer?: undefined; refusal: Response } {
	if (!agent) return { refusal: jsonError(401, 'unauthenticated', `Connectez-vous pour ${signIn}.`) };
	if (!canAccessOrganisation(agent, organisationId))
		return { refusal: jsonError(403, 'forbidden', 'Vous n’avez pas accès à cette organisation.') };
	return { viewer: agent };
}
