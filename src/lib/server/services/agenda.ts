/** The RDVs of an organisation's agendas for the calendar. */
import { isObjectIdOrHexString } from 'mongoose';
import type { AgendaRdvDto } from '../../domain/dto.ts';
import { agentWeekKeys, candidateWeeks } from '../../domain/calendar-keys.ts';
import type { RdvCreator, RdvStatus } from '../../domain/types.ts';
import { Rdv, type RdvFields } from '../db/models/rdv.ts';
import type { Lean } from './mappers.ts';
import { durationOf, loadRdvNames } from './rdv-names.ts';

export { listOrganisationAgents } from './organisations.ts';

export interface AgendaQuery {
	organisationId: string;
	/** Only RDVs of at least one of these agents; all agents when absent. */
	agentIds?: string[];
	from: Date;
	to: Date;
}

/** Beyond this many agendas, the organisation's weeks are read instead of each agent's. */
const AGENT_KEYS_UP_TO = 20;

/**
 * RDVs of the organisation overlapping [from, to), cancelled ones included (the calendar shows them struck
 * through), sorted by start. Each query selects on equalities that FerretDB pushes down ($in would not be): one
 * agent's week ('agentId:week', which reads only that agent's RDVs) per requested agenda, or the organisation's
 * week when no agent is given or so many that one read of the whole organisation costs less than one per agent;
 * the organisation and the instant range only refine.
 */
export async function listAgendaRdvs({ organisationId, agentIds, from, to }: AgendaQuery): Promise<AgendaRdvDto[]> {
	if (!isObjectIdOrHexString(organisationId) || to <= from) return [];
	const weeks = candidateWeeks(from, to);
	const refine = { organisationId, startsAt: { $lt: to }, endsAt: { $gt: from } };
	const perKey = await Promise.all(
		agentIds && agentIds.length <= AGENT_KEYS_UP_TO
			? agentWeekKeys(agentIds, weeks).map((key) => Rdv.find({ agentWeeks: key, ...refine }).lean())
			: weeks.map((week) => Rdv.find({ weeks: week, ...refine }).lean())
	);
	const wanted = agentIds ? new Set(agentIds) : undefined;
	const rdvs = new Map<string, Lean<RdvFields>>();
	for (const rdv of perKey.flat()) {
		if (wanted && !rdv.agentIds.some((id) => wanted.has(String(id)))) continue;
		rdvs.set(String(rdv._id), rdv);
	}
	const list = [...rdvs.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	if (list.length === 0) return [];

	const names = await loadRdvNames(organisationId, list);

	return list.map((rdv) => ({
		id: String(rdv._id),
		organisationId: String(rdv.organisationId),
		startsAt: rdv.startsAt.toISOString(),
		endsAt: rdv.endsAt.toISOString(),
		durationMinutes: durationOf(rdv),
		status: rdv.status as RdvStatus,
		motif: { ...names.motifOf(rdv), locationType: rdv.locationType },
		serviceId: String(rdv.serviceId),
		lieu: names.lieuOf(rdv),
		singleUseAddress: rdv.singleUseAddress || undefined,
		agents: names.agentsOf(rdv),
		participants: names.participantsOf(rdv),
		participantCount: rdv.participants.length,
		collective: rdv.collective ?? false,
		collectiveTitle: rdv.collective ? rdv.title || undefined : undefined,
		maxParticipants: rdv.maxParticipants ?? undefined,
		createdBy: rdv.createdBy.kind as RdvCreator,
		version: rdv.version ?? 0
	}));
}
