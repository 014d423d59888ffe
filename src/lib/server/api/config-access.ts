/** Shared checks of the configuration endpoints of /api/v1. */
import { z } from 'zod';
import { canAccessOrganisation } from '../../domain/permissions.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { notFound } from './errors.ts';

/** Organisations the agent cannot open do not exist for it: 404, as for GET /organisations/{orgId}. */
export function requireOrganisationMember(agent: AgentPrincipal, organisationId: string): void {
	if (!canAccessOrganisation(agent, organisationId)) throw notFound('Organisation introuvable.');
}

/** A boolean query parameter: `true` or `false`. */
export const QueryBoolean = z.enum(['true', 'false']);

export const queryFlag = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');
