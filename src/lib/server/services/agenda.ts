/** The RDVs of an organisation's agendas for the calendar. */
import { isObjectIdOrHexString } from 'mongoose';
import type { AgendaRdvDto } from '../../domain/dto.ts';
import { agentWeekKeys, candidateWeeks, weeksOfDays } from '../../domain/calendar-keys.ts';
import { daysBetween, localDay } from '../../domain/local-time.ts';
import type { RdvCreator, RdvStatus } from '../../domain/types.ts';
import { Rdv, type RdvFields } from '../db/models/rdv.ts';
import type { OrganisationStamps } from '../db/stamps.ts';
import type { Lean } from './mappers.ts';
import { durationOf, loadRdvNames } from './rdv-names.ts';

export { listOrganisationAgents } from './organisations.ts';

export interface AgendaQuery {
	organisationId: string;
	/** Only RDVs of at least one of these agents; all agents when absent. */
	agentIds?: string[];
	from: Date;
	to: Date;
	/**
	 * The organisation's time zone, when the caller knows it: its RDVs carry their territory's zone (bookRdv), so
	 * the ISO weeks they are keyed by are exactly those of the period there — a week view reads one week instead of
	 * the three that the zone-agnostic candidates name.
	 */
	timeZone?: string;
	/** How many members the organisation has, when known: asking for (nearly) all of them reads its weeks. */
	memberCount?: number;
	/** The organisation's stamps, when read: names then come from the per-node caches. */
	stamps?: OrganisationStamps;
}

/** Beyond this many agendas, the organisation's weeks are read instead of each agent's. */
const AGENT_KEYS_UP_TO = 20;

/**
 * Whether to read the organisation's weeks rather than each agent's. FerretDB's cost is the documents it decodes
 * (measured: 10 agents of 50, one week of ~1,000 RDVs: the organisation's week took ~5× the ten agent-weeks), so
 * the organisation's week pays only when the asked agents hold most of its RDVs, or when so many agendas are asked
 * that the queries themselves add up.
 */
function readsOrganisationWeeks(agentIds: string[] | undefined, memberCount: number | undefined): boolean {
	if (!agentIds || agentIds.length > AGENT_KEYS_UP_TO) return true;
	return memberCount !== undefined && agentIds.length > 1 && agentIds.length * 5 >= memberCount * 4;
}

/** The ISO weeks an RDV overlapping [from, to) may be keyed by (see AgendaQuery.timeZone). */
function weeksOf(from: Date, to: Date, timeZone: string | undefined): string[] {
	if (!timeZone) return candidateWeeks(from, to);
	const last = new Date(Math.max(from.getTime(), to.getTime() - 1));
	return weeksOfDays(daysBetween(localDay(from, timeZone), localDay(last, timeZone)));
}

/**
 * RDVs of the organisation overlapping [from, to), cancelled ones included (the calendar shows them struck
 * through), sorted by start. Each query selects on equalities that FerretDB pushes down ($in would not be): one
 * agent's week ('agentId:week', which reads only that agent's RDVs) per requested agenda, or the organisation's
 * week when no agent is given or the asked agents are most of the organisation (readsOrganisationWeeks); the
 * organisation and the instant range only refine.
 */
export async function listAgendaRdvs(query: AgendaQuery): Promise<AgendaRdvDto[]> {
	const { organisationId, agentIds, from, to } = query;
	if (!isObjectIdOrHexString(organisationId) || to <= from) return [];
	const weeks = weeksOf(from, to, query.timeZone);
	const refine = { organisationId, startsAt: { $lt: to }, endsAt: { $gt: from } };
	const perKey = await Promise.all(
		agentIds && !readsOrganisationWeeks(agentIds, query.memberCount)
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

	const names = await loadRdvNames(organisationId, list, { stamps: query.stamps });

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
