/** The RDVs of an organisation's agendas for the calendar. */
import { isObjectIdOrHexString } from 'mongoose';
import type { AgendaRdvDto } from '../../domain/dto.ts';
import { candidateWeeks } from '../../domain/calendar-keys.ts';
import type { RdvCreator, RdvStatus } from '../../domain/types.ts';
import { Agent, type AgentFields } from '../db/models/agent.ts';
import { Lieu } from '../db/models/lieu.ts';
import { Motif } from '../db/models/motif.ts';
import { Rdv, type RdvFields } from '../db/models/rdv.ts';
import { Usager, type UsagerFields } from '../db/models/usager.ts';
import type { Lean } from './mappers.ts';

export { listOrganisationAgents } from './organisations.ts';

export interface AgendaQuery {
	organisationId: string;
	/** Only RDVs of at least one of these agents; all agents when absent. */
	agentIds?: string[];
	from: Date;
	to: Date;
}

/**
 * RDVs of the organisation overlapping [from, to), cancelled ones included (the calendar shows them struck
 * through), sorted by start. Each query selects on the organisation and one ISO week, both equalities that
 * FerretDB pushes down ($in on the weeks would not be); the instant range only refines.
 */
export async function listAgendaRdvs({ organisationId, agentIds, from, to }: AgendaQuery): Promise<AgendaRdvDto[]> {
	if (!isObjectIdOrHexString(organisationId) || to <= from) return [];
	const perWeek = await Promise.all(
		candidateWeeks(from, to).map((week) =>
			Rdv.find({ weeks: week, organisationId, startsAt: { $lt: to }, endsAt: { $gt: from } }).lean()
		)
	);
	const wanted = agentIds ? new Set(agentIds) : undefined;
	const rdvs = new Map<string, Lean<RdvFields>>();
	for (const rdv of perWeek.flat()) {
		if (wanted && !rdv.agentIds.some((id) => wanted.has(String(id)))) continue;
		rdvs.set(String(rdv._id), rdv);
	}
	const list = [...rdvs.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	if (list.length === 0) return [];

	const [motifs, lieux, agents, usagers] = await Promise.all([
		Motif.find({ organisationId }, { name: 1, color: 1, locationType: 1 }).lean(),
		Lieu.find({ organisationId }, { name: 1 }).lean(),
		loadAgents(
			organisationId,
			list.flatMap((r) => r.agentIds.map(String))
		),
		loadUsagers(list.flatMap((r) => r.usagerIds.map(String)))
	]);
	const motifById = new Map(motifs.map((m) => [String(m._id), m]));
	const lieuById = new Map(lieux.map((l) => [String(l._id), l]));

	return list.map((rdv) => {
		const motif = motifById.get(String(rdv.motifId));
		const lieu = rdv.lieuId ? lieuById.get(String(rdv.lieuId)) : undefined;
		return {
			id: String(rdv._id),
			organisationId: String(rdv.organisationId),
			startsAt: rdv.startsAt.toISOString(),
			endsAt: rdv.endsAt.toISOString(),
			durationMinutes: rdv.durationMinutes ?? Math.round((rdv.endsAt.getTime() - rdv.startsAt.getTime()) / 60_000),
			status: rdv.status as RdvStatus,
			motif: {
				id: String(rdv.motifId),
				name: motif?.name ?? 'Motif supprimé',
				color: motif?.color ?? '#000091',
				locationType: rdv.locationType
			},
			serviceId: String(rdv.serviceId),
			lieu: lieu ? { id: String(lieu._id), name: lieu.name } : undefined,
			singleUseAddress: rdv.singleUseAddress || undefined,
			agents: rdv.agentIds.map((id) => {
				const a = agents.get(String(id));
				return { id: String(id), firstName: a?.firstName ?? '', lastName: a?.lastName ?? 'Agent supprimé' };
			}),
			participants: rdv.participants.map((p) => {
				const u = usagers.get(String(p.usagerId));
				return {
					usagerId: String(p.usagerId),
					firstName: u?.firstName ?? '',
					lastName: u?.lastName ?? 'Usager supprimé',
					status: p.status as RdvStatus
				};
			}),
			participantCount: rdv.participants.length,
			collective: rdv.collective ?? false,
			collectiveTitle: rdv.collective ? rdv.title || undefined : undefined,
			maxParticipants: rdv.maxParticipants ?? undefined,
			createdBy: rdv.createdBy.kind as RdvCreator,
			version: rdv.version ?? 0
		};
	});
}

/** Members in one equality query; agents who left the organisation since, one by id. */
async function loadAgents(organisationId: string, ids: string[]) {
	const names = new Map<string, Pick<AgentFields, 'firstName' | 'lastName'>>();
	for (const a of await Agent.find({ organisationIds: organisationId }, { firstName: 1, lastName: 1 }).lean())
		names.set(String(a._id), a);
	const missing = [...new Set(ids)].filter((id) => !names.has(id));
	for (const a of await Promise.all(missing.map((id) => Agent.findById(id, { firstName: 1, lastName: 1 }).lean())))
		if (a) names.set(String(a._id), a);
	return names;
}

/** Participants' names: the organisation's usagers refined by id; others (moved profiles) one by id. */
async function loadUsagers(ids: string[]) {
	const unique = [...new Set(ids)];
	const names = new Map<string, Pick<UsagerFields, 'firstName' | 'lastName'>>();
	if (unique.length === 0) return names;
	const projection = { firstName: 1, lastName: 1 };
	// One lookup by id each (served by the mirrored _id index): selecting on organisationIds with `_id: {$in}`
	// would make FerretDB decode every usager of the organisation to keep a few.
	for (const u of await Promise.all(unique.map((id) => Usager.findById(id, projection).lean())))
		if (u) names.set(String(u._id), u);
	return names;
}
