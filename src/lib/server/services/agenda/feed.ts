/**
 * The agenda's events feed: the RDVs of the requested agendas (each as the viewer may see it: in full, or as
 * busy time for another service's), cancelled ones only on request, and the background blocks (plages,
 * absences, holidays). Every requested agenda must be one the viewer may see in this organisation.
 */
import { isObjectIdOrHexString } from 'mongoose';
import {
	backgroundFeedEvent,
	busyFeedEvent,
	rdvFeedEvent,
	type AgendaFeed,
	type FeedEvent
} from '../../../agenda-feed.ts';
import { isoWeekday, localDay, localTime } from '../../../domain/local-time.ts';
import { canEditRdv, canSeeAgenda, canSeeRdv } from '../../../domain/permissions.ts';
import { isActiveRdvStatus, rdvStatusLabel } from '../../../domain/rdv-status.ts';
import type { AgentPrincipal } from '../../../domain/types.ts';
import { Agent } from '../../db/models/agent.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { Territory } from '../../db/models/territory.ts';
import { StampedCache } from '../../db/stamped-cache.ts';
import { listAgendaRdvs } from '../agenda.ts';
import { toOrganisationDto } from '../mappers.ts';
import { listAgendaBackgrounds } from './backgrounds.ts';

export interface AgendaFeedQuery {
	organisationId: string;
	agentIds: string[];
	from: Date;
	to: Date;
	/** Show RDVs cancelled by the usager or the service (hidden by default: they free the time). */
	includeCancelled?: boolean;
	now?: Date;
}

export type AgendaFeedResult = { ok: true; feed: AgendaFeed } | { ok: false; refusedAgentIds: string[] };

/** What the feed needs of a member: what decides whether the viewer may see its agenda, and where else it works. */
interface Member {
	id: string;
	serviceIds: string[];
	/** Member of other organisations too: its plages there are read by agent (greyed in the feed). */
	elsewhere: boolean;
}

/**
 * An organisation's current members, cached per node under its `members` stamp (db/stamps.ts: an arrival, a
 * departure or a change of services bumps it), so a feed request does not decode every member each time.
 */
const memberCache = new StampedCache<ReadonlyMap<string, Member>>();

async function loadMembers(organisationId: string): Promise<ReadonlyMap<string, Member>> {
	const agents = await Agent.find(
		{ organisationIds: organisationId, deletedAt: { $exists: false } },
		{ serviceIds: 1, roles: 1, organisationIds: 1 }
	).lean();
	return new Map(
		agents
			.filter((a) => a.roles.some((r) => String(r.organisationId) === organisationId))
			.map((a) => [
				String(a._id),
				{ id: String(a._id), serviceIds: a.serviceIds.map(String), elsewhere: a.organisationIds.length > 1 }
			])
	);
}

/** The organisation (one read, stamps included), its territory and its members (from the cache when fresh). */
async function loadOrganisation(organisationId: string) {
	if (!isObjectIdOrHexString(organisationId)) return null;
	const org = await Organisation.findById(organisationId).lean();
	if (!org) return null;
	const stamps = {
		plages: org.stamps?.plages ?? '',
		absences: org.stamps?.absences ?? '',
		members: org.stamps?.members ?? ''
	};
	const [territory, members] = await Promise.all([
		Territory.findById(org.territoryId).lean(),
		memberCache.get(organisationId, stamps.members, () => loadMembers(organisationId))
	]);
	return territory ? { organisation: toOrganisationDto(org, territory), stamps, members } : null;
}

/** The agents among `agentIds` the viewer may not see in this organisation (unknown ones included). */
function refusedAgendas(
	viewer: AgentPrincipal,
	organisationId: string,
	members: ReadonlyMap<string, Member>,
	agentIds: string[]
) {
	return agentIds.filter((id) => {
		const agent = members.get(id);
		return !agent || !canSeeAgenda(viewer, { organisationId, agentId: id, agentServiceIds: agent.serviceIds });
	});
}

export async function agendaFeed(viewer: AgentPrincipal, query: AgendaFeedQuery): Promise<AgendaFeedResult> {
	const { organisationId, agentIds, from, to } = query;
	const loaded = await loadOrganisation(organisationId);
	if (!loaded) return { ok: false, refusedAgentIds: agentIds };
	const { organisation, stamps, members } = loaded;
	const refused = refusedAgendas(viewer, organisationId, members, agentIds);
	if (refused.length > 0) return { ok: false, refusedAgentIds: refused };
	const now = query.now ?? new Date();
	const timeZone = organisation.timeZone;

	const [rdvs, blocks] = await Promise.all([
		listAgendaRdvs({
			organisationId,
			agentIds,
			from,
			to,
			timeZone,
			memberCount: members.size,
			membersStamp: stamps.members
		}),
		listAgendaBackgrounds({
			organisation,
			agentIds,
			from,
			to,
			cached: {
				plagesStamp: stamps.plages,
				absencesStamp: stamps.absences,
				elsewhere: new Set(agentIds.filter((id) => members.get(id)?.elsewhere))
			}
		})
	]);
	const weekend = { saturday: false, sunday: false };
	const mark = (iso: string) => {
		const weekday = isoWeekday(localDay(new Date(iso), timeZone));
		if (weekday === 6) weekend.saturday = true;
		if (weekday === 7) weekend.sunday = true;
	};

	const events: FeedEvent[] = [];
	for (const rdv of rdvs) {
		const active = isActiveRdvStatus(rdv.status);
		if (!active && !query.includeCancelled) continue;
		const target = { organisationId, serviceId: rdv.serviceId, agentIds: rdv.agents.map((a) => a.id) };
		if (!canSeeRdv(viewer, target)) {
			// Another service's cancelled RDV frees the time: nothing to show.
			if (active) events.push(busyFeedEvent(rdv));
			if (active) mark(rdv.startsAt);
			continue;
		}
		const startsAt = new Date(rdv.startsAt);
		const time = `${localTime(startsAt, timeZone)} – ${localTime(new Date(rdv.endsAt), timeZone)}`;
		events.push(
			rdvFeedEvent(rdv, {
				editable: active && canEditRdv(viewer, target),
				statusLabel: rdvStatusLabel(rdv.status, { startsAt, timeZone }, now),
				time
			})
		);
		mark(rdv.startsAt);
	}
	for (const block of blocks) {
		events.push(backgroundFeedEvent(block));
		if (block.kind === 'plage' && !block.foreign) mark(block.start);
	}
	return { ok: true, feed: { events, weekend } };
}
