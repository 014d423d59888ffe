/**
 * What the RDV creation wizard shows besides the booking itself: the usagers already chosen, with their relatives
 * (« proches ») offered as participants, and the agents whose agenda the viewer may fill.
 */
import type { UsagerDto } from '../../domain/dto.ts';
import { canEditAgenda } from '../../domain/permissions.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { listOrganisationAgents } from './organisations.ts';
import { getOrganisationUsager, listRelatives } from './usagers.ts';

/** A relative of a chosen usager, offered as a participant too. */
export interface RelativeOption extends UsagerDto {
	/** Names of the responsible, for the label. */
	of: string;
}

export interface WizardParticipants {
	/** A chosen relative says whose (`of`) too. */
	chosen: (UsagerDto & { of?: string })[];
	relatives: RelativeOption[];
}

/**
 * The chosen usagers of the organisation (unknown and foreign ids are left out alike), then their relatives not
 * chosen yet (the usagers service reads them by `responsibleId`, an equality).
 */
export async function loadWizardParticipants(
	organisationId: string,
	ids: readonly string[]
): Promise<WizardParticipants> {
	const found = await Promise.all(ids.map((id) => getOrganisationUsager(organisationId, id)));
	const usagers = found.filter((u): u is UsagerDto => u !== null);
	const chosenIds = new Set(usagers.map((u) => u.id));
	const responsibles = new Map(usagers.map((u) => [u.id, u]));
	const missing = [
		...new Set(usagers.flatMap((u) => (u.responsibleId && !chosenIds.has(u.responsibleId) ? [u.responsibleId] : [])))
	];
	for (const r of await Promise.all(missing.map((id) => getOrganisationUsager(organisationId, id))))
		if (r) responsibles.set(r.id, r);
	const nameOf = (id: string | undefined) => {
		const r = id ? responsibles.get(id) : undefined;
		return r ? `${r.firstName} ${r.lastName}` : undefined;
	};
	const chosen = usagers.map((u) => ({ ...u, of: nameOf(u.responsibleId) }));
	const perUsager = await Promise.all(
		chosen.map(async (responsible) =>
			((await listRelatives(organisationId, responsible.id)) ?? []).map((u): RelativeOption => ({
				...u,
				of: `${responsible.firstName} ${responsible.lastName}`
			}))
		)
	);
	const relatives = new Map<string, RelativeOption>();
	for (const r of perUsager.flat()) if (!chosenIds.has(r.id) && !relatives.has(r.id)) relatives.set(r.id, r);
	return { chosen, relatives: [...relatives.values()] };
}

/** Members of the organisation whose agenda the viewer may fill (the booking service refuses the others). */
export async function listBookableAgents(viewer: AgentPrincipal, organisationId: string) {
	const members = await listOrganisationAgents(organisationId);
	return members
		.filter((m) => canEditAgenda(viewer, { organisationId, agentId: m.id, agentServiceIds: m.serviceIds }))
		.map(({ id, firstName, lastName }) => ({ id, firstName, lastName }));
}
