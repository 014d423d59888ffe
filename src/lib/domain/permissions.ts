/**
 * Who may see or change what (PRODUCT.md §1). Pure functions on the acting agent's principal: no I/O, so the
 * caller passes the facts about the target (its organisation, service, agents…) that it has already loaded.
 * Pages, form actions, API endpoints and socket rooms all ask this module; nothing else decides access.
 *
 * Organisation-scoped rights come only from the agent's role in that organisation:
 * - `basic`: own agenda and the agendas of agents sharing one of its services; motifs and RDVs of its services
 *   (and RDVs it takes part in); every usager of the organisation.
 * - `admin`: everything in the organisation, plus its settings (lieux, motifs, agents).
 * - `intervenant`: nothing. Intervenants have no email and cannot sign in; a principal holding that role is
 *   treated as having no role in that organisation.
 * - Secrétariat agents (`principal.secretariat`) see and edit every agenda, RDV and motif of the organisations
 *   where they hold a basic or admin role, without being admin.
 *
 * Territorial admins ("admin d'espace") are NOT members of the territory's organisations by default, as in
 * rdv-solidarites: they manage the territory (organisations, services, bulk motifs, settings, and the three
 * flagged powers), but reading an organisation's agendas, RDVs, motifs or usagers requires a role in it (they
 * can give themselves one). Only the functions taking a `territoryId` (the organisation record and its settings,
 * invitations, the live board, territory management) look at territorial roles. An entry in `territorialRoles` makes the agent
 * territorial admin of that territory; its flags add manage-teams, manage-access-rights (incl. changing an
 * agent's services) and invite-agents.
 */
import type { AgentPrincipal, AgentRole } from './types.ts';

type Principal = Pick<AgentPrincipal, 'id' | 'roles' | 'serviceIds' | 'secretariat' | 'territorialRoles'>;

/** An agenda: one agent's planning in one organisation. */
export interface AgendaTarget {
	organisationId: string;
	/** The agent whose agenda it is. */
	agentId: string;
	/** That agent's services (global to the agent, as in the Agent model). */
	agentServiceIds: readonly string[];
}

export interface RdvTarget {
	organisationId: string;
	/** The motif's service. */
	serviceId: string;
	agentIds: readonly string[];
}

export interface MotifTarget {
	organisationId: string;
	serviceId: string;
}

export interface UsagerTarget {
	/** Organisations the usager has a profile in. */
	organisationIds: readonly string[];
}

export interface OrganisationInTerritory {
	organisationId: string;
	territoryId: string;
}

/** What part of an organisation's agendas or RDVs an agent may see: for building queries. */
export type OrganisationScope =
	| { kind: 'none' }
	| { kind: 'all' }
	/** Agendas of agents having one of `serviceIds`, or the agent's own (`agentId`); RDVs of those services or with `agentId`. */
	| { kind: 'services'; serviceIds: string[]; agentId: string };

const intersects = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** The agent's role in an organisation, or null when it has none. */
export function organisationRole(agent: Principal, organisationId: string): AgentRole | null {
	return agent.roles.find((r) => r.organisationId === organisationId)?.level ?? null;
}

/** Roles that can act in the back-office (intervenants cannot sign in). */
function activeRole(agent: Principal, organisationId: string): 'basic' | 'admin' | null {
	const level = organisationRole(agent, organisationId);
	return level === 'basic' || level === 'admin' ? level : null;
}

export function canAccessOrganisation(agent: Principal, organisationId: string): boolean {
	return activeRole(agent, organisationId) !== null;
}

/** Organisation admin: settings, lieux, motifs, agents of that organisation. */
export function canAdminOrganisation(agent: Principal, organisationId: string): boolean {
	return activeRole(agent, organisationId) === 'admin';
}

/** Ids of the organisations the agent can open in the back-office, in role order. */
export function accessibleOrganisationIds(agent: Principal): string[] {
	return [
		...new Set(agent.roles.filter((r) => r.level === 'basic' || r.level === 'admin').map((r) => r.organisationId))
	];
}

/** Which agendas (and RDVs) of an organisation the agent sees; the query-building twin of canSeeAgenda/canSeeRdv. */
export function organisationScope(agent: Principal, organisationId: string): OrganisationScope {
	const role = activeRole(agent, organisationId);
	if (role === null) return { kind: 'none' };
	if (role === 'admin' || agent.secretariat) return { kind: 'all' };
	return { kind: 'services', serviceIds: [...agent.serviceIds], agentId: agent.id };
}

export function canSeeAgenda(agent: Principal, target: AgendaTarget): boolean {
	const scope = organisationScope(agent, target.organisationId);
	if (scope.kind !== 'services') return scope.kind === 'all';
	return target.agentId === scope.agentId || intersects(scope.serviceIds, target.agentServiceIds);
}

/** Whoever sees an agenda may edit it (plages, absences, RDVs on it): PRODUCT.md §1 grants both together. */
export function canEditAgenda(agent: Principal, target: AgendaTarget): boolean {
	return canSeeAgenda(agent, target);
}

export function canSeeRdv(agent: Principal, target: RdvTarget): boolean {
	const scope = organisationScope(agent, target.organisationId);
	if (scope.kind !== 'services') return scope.kind === 'all';
	return scope.serviceIds.includes(target.serviceId) || target.agentIds.includes(scope.agentId);
}

export function canEditRdv(agent: Principal, target: RdvTarget): boolean {
	return canSeeRdv(agent, target);
}

/** Usagers are shared by the whole organisation: any member sees those with a profile there. */
export function canSeeUsager(agent: Principal, target: UsagerTarget): boolean {
	return target.organisationIds.some((id) => canAccessOrganisation(agent, id));
}

export function canEditUsager(agent: Principal, target: UsagerTarget): boolean {
	return canSeeUsager(agent, target);
}

/** Secrétariat agents book for every service, so they see every motif of their organisations. */
export function canSeeMotif(agent: Principal, target: MotifTarget): boolean {
	const scope = organisationScope(agent, target.organisationId);
	if (scope.kind !== 'services') return scope.kind === 'all';
	return scope.serviceIds.includes(target.serviceId);
}

/** Creating, editing, duplicating or deleting a motif of one organisation: its admins. */
export function canManageMotif(agent: Principal, target: Pick<MotifTarget, 'organisationId'>): boolean {
	return canAdminOrganisation(agent, target.organisationId);
}

/** Lieux, organisation agents (add, remove, roles within the organisation): its admins. */
export function canManageOrganisationMembers(agent: Principal, organisationId: string): boolean {
	return canAdminOrganisation(agent, organisationId);
}

/**
 * The organisation itself (name, contact details, settings; not its agendas, RDVs or usagers): its members and
 * the territorial admins of its territory, who manage it.
 */
export function canSeeOrganisation(agent: Principal, target: OrganisationInTerritory): boolean {
	return canAccessOrganisation(agent, target.organisationId) || isTerritorialAdmin(agent, target.territoryId);
}

/** Organisation settings (name, contact, opening hours): its admins or a territorial admin of its territory. */
export function canEditOrganisation(agent: Principal, target: OrganisationInTerritory): boolean {
	return canAdminOrganisation(agent, target.organisationId) || isTerritorialAdmin(agent, target.territoryId);
}

/** The live board (PRODUCT.md §10): admins, Secrétariat members and territorial admins of its territory. */
export function canSuperviseOrganisation(agent: Principal, target: OrganisationInTerritory): boolean {
	return (
		organisationScope(agent, target.organisationId).kind === 'all' || isTerritorialAdmin(agent, target.territoryId)
	);
}

// ---- Territory ----

function territorialRole(agent: Principal, territoryId: string) {
	return agent.territorialRoles.find((r) => r.territoryId === territoryId) ?? null;
}

export function isTerritorialAdmin(agent: Principal, territoryId: string): boolean {
	return territorialRole(agent, territoryId) !== null;
}

/** Create organisations, activate services, territory settings, territory-wide (bulk) motifs. */
export function canManageTerritory(agent: Principal, territoryId: string): boolean {
	return isTerritorialAdmin(agent, territoryId);
}

export function canManageTeams(agent: Principal, territoryId: string): boolean {
	return territorialRole(agent, territoryId)?.manageTeams === true;
}

/** Roles and territorial flags of the territory's agents. */
export function canManageAccessRights(agent: Principal, territoryId: string): boolean {
	return territorialRole(agent, territoryId)?.manageAccessRights === true;
}

/**
 * Changing an agent's services: "only territorial admins or holders of manage access rights" (PRODUCT.md §1).
 * Flags only exist on territorial roles today, so this is any territorial admin of the territory.
 */
export function canChangeAgentServices(agent: Principal, territoryId: string): boolean {
	return isTerritorialAdmin(agent, territoryId) || canManageAccessRights(agent, territoryId);
}

/** Inviting agents into an organisation: its admins, or territorial admins holding the invite flag. */
export function canInviteAgents(agent: Principal, target: OrganisationInTerritory): boolean {
	return (
		canAdminOrganisation(agent, target.organisationId) ||
		territorialRole(agent, target.territoryId)?.inviteAgents === true
	);
}
