import { notFound } from '$lib/server/api/errors';
import { canAccessOrganisation } from '$lib/domain/permissions';
import type { AgentPrincipal } from '$lib/domain/types';

/** Organisations the token's agent cannot open answer 404, like GET /organisations/{orgId}. */
export function requireOrganisation(agent: AgentPrincipal, orgId: string): void {
	if (!canAccessOrganisation(agent, orgId)) throw notFound('Organisation introuvable.');
}
