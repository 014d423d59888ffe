/** Organisations an agent may open, and the members of one organisation. */
import { isObjectIdOrHexString } from 'mongoose';
import type { OrganisationAgentDto, OrganisationDto } from '../../domain/dto.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { Agent } from '../db/models/agent.ts';
import { Organisation, type OrganisationFields } from '../db/models/organisation.ts';
import { Territory, type TerritoryFields } from '../db/models/territory.ts';
import { toAgentDto, toOrganisationDto, type Lean } from './mappers.ts';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');

async function withTerritories(orgs: Lean<OrganisationFields>[]): Promise<OrganisationDto[]> {
	const ids = [...new Set(orgs.map((o) => String(o.territoryId)))];
	const territories = new Map<string, Lean<TerritoryFields>>();
	for (const t of await Promise.all(ids.map((id) => Territory.findById(id).lean()))) {
		if (t) territories.set(String(t._id), t);
	}
	return orgs.flatMap((o) => {
		const territory = territories.get(String(o.territoryId));
		return territory ? [toOrganisationDto(o, territory)] : [];
	});
}

/**
 * Organisations where the agent has a role, plus every organisation of the territories it administers,
 * sorted by name. One equality query per territory or organisation (FerretDB pushes those down).
 */
export async function listOrganisationsForAgent(agent: AgentPrincipal): Promise<OrganisationDto[]> {
	const territoryIds = [...new Set(agent.territorialRoles.map((t) => t.territoryId))];
	const roleOrgIds = [...new Set(agent.roles.map((r) => r.organisationId))];
	const byTerritory = await Promise.all(territoryIds.map((territoryId) => Organisation.find({ territoryId }).lean()));
	const found = new Map(byTerritory.flat().map((o) => [String(o._id), o]));
	const missing = roleOrgIds.filter((id) => !found.has(id) && isObjectIdOrHexString(id));
	for (const o of await Promise.all(missing.map((id) => Organisation.findById(id).lean()))) {
		if (o) found.set(String(o._id), o);
	}
	return (await withTerritories([...found.values()])).sort(byName);
}

export async function getOrganisation(id: string): Promise<OrganisationDto | null> {
	if (!isObjectIdOrHexString(id)) return null;
	const org = await Organisation.findById(id).lean();
	if (!org) return null;
	return (await withTerritories([org]))[0] ?? null;
}

/** Current members (with their role there), sorted by last then first name. */
export async function listOrganisationAgents(organisationId: string): Promise<OrganisationAgentDto[]> {
	if (!isObjectIdOrHexString(organisationId)) return [];
	const agents = await Agent.find({ organisationIds: organisationId, deletedAt: { $exists: false } }).lean();
	return agents
		.flatMap((a) => {
			const role = a.roles.find((r) => String(r.organisationId) === organisationId);
			return role ? [{ ...toAgentDto(a), role: role.level }] : [];
		})
		.sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr'));
}
