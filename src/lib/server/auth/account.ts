/** What "Mon compte" shows about the signed-in agent: names, organisations with roles, services. */
import type { SessionAgent, TerritoryTimeZone } from '../../domain/types.ts';
import { Service } from '../db/models/service.ts';
import { listOrganisationsForAgent } from '../services/organisations.ts';
import { toServiceDto } from '../services/mappers.ts';

export interface AccountSummary {
	firstName: string;
	lastName: string;
	email: string | null;
	organisations: { id: string; name: string; role: 'basic' | 'admin' }[];
	/** Département numbers of the territories the agent administers. */
	territories: { id: string; departementNumber: string | null }[];
	services: { id: string; name: string }[];
	/** For showing dates: the zone of the agent's first organisation. */
	timeZone: TerritoryTimeZone;
}

export async function loadAccountSummary(agent: SessionAgent): Promise<AccountSummary> {
	const [organisations, services] = await Promise.all([
		listOrganisationsForAgent(agent),
		// An agent has a handful of services, in a small collection.
		agent.serviceIds.length ? Service.find({ _id: { $in: agent.serviceIds } }).lean() : Promise.resolve([])
	]);
	const roleIn = new Map(agent.roles.map((r) => [r.organisationId, r.level]));
	const memberOf = organisations.flatMap((o) => {
		const role = roleIn.get(o.id);
		return role === 'basic' || role === 'admin' ? [{ id: o.id, name: o.name, role }] : [];
	});
	return {
		firstName: agent.firstName,
		lastName: agent.lastName,
		email: agent.email ?? null,
		organisations: memberOf,
		territories: agent.territorialRoles.map((t) => ({
			id: t.territoryId,
			departementNumber: organisations.find((o) => o.territoryId === t.territoryId)?.departementNumber ?? null
		})),
		services: services
			.map(toServiceDto)
			.map((s) => ({ id: s.id, name: s.name }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		timeZone: organisations.find((o) => roleIn.has(o.id))?.timeZone ?? organisations[0]?.timeZone ?? 'Europe/Paris'
	};
}
