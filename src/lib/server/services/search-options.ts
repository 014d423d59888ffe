/**
 * The choices of the Trouver un RDV form for one agent in one organisation: the services and their motifs the
 * agent may book (canSeeMotif, not deleted), the organisation's agents and its enabled lieux.
 */
import { isObjectIdOrHexString } from 'mongoose';
import type { LieuDto, MotifDto } from '../../domain/dto.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { Service } from '../db/models/service.ts';
import { listLieux } from './lieux.ts';
import { listMotifs } from './motifs.ts';
import { listOrganisationAgents } from './organisations.ts';

export interface SearchMotifOption {
	id: string;
	name: string;
	serviceId: string;
	durationMinutes: number;
	locationType: MotifDto['locationType'];
	collective: boolean;
}

export interface SearchOptions {
	/** Services having at least one motif the agent may book, by name, each with its motifs by name. */
	services: { id: string; name: string; motifs: SearchMotifOption[] }[];
	/** Members of the organisation, by last then first name: also the order that fixes their colours. */
	agents: { id: string; firstName: string; lastName: string }[];
	lieux: Pick<LieuDto, 'id' | 'name' | 'address'>[];
}

export async function loadSearchOptions(viewer: AgentPrincipal, organisationId: string): Promise<SearchOptions> {
	if (!isObjectIdOrHexString(organisationId)) return { services: [], agents: [], lieux: [] };
	const [motifs, agents, lieux] = await Promise.all([
		listMotifs(organisationId, {}, viewer),
		listOrganisationAgents(organisationId),
		listLieux(organisationId)
	]);
	const serviceIds = [...new Set(motifs.map((m) => m.serviceId))];
	// The services collection is a short shared list (PMI, Service social…): an $in on ids is fine.
	const services = serviceIds.length ? await Service.find({ _id: { $in: serviceIds } }, { name: 1 }).lean() : [];
	return {
		services: services
			.map((s) => ({
				id: String(s._id),
				name: s.name,
				motifs: motifs
					.filter((m) => m.serviceId === String(s._id))
					.map(({ id, name, serviceId, durationMinutes, locationType, collective }) => ({
						id,
						name,
						serviceId,
						durationMinutes,
						locationType,
						collective
					}))
			}))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		agents: agents.map(({ id, firstName, lastName }) => ({ id, firstName, lastName })),
		lieux: lieux.filter((l) => l.availability === 'enabled').map(({ id, name, address }) => ({ id, name, address }))
	};
}
