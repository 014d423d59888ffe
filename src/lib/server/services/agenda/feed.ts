/**
 * The agenda's events feed: the RDVs of the requested agendas (each as the viewer may see it: in full, or as
 * busy time for another service's), cancelled ones only on request, and the background blocks (plages,
 * absences, holidays). Every requested agenda must be one the viewer may see in this organisation.
 */
import {
	backgroundFeedEvent,
	busyFeedEvent,
	rdvFeedEvent,
	type AgendaFeed,
	type FeedEvent
} from '../../../components/agenda/feed.ts';
import { isoWeekday, localDay, localTime } from '../../../domain/local-time.ts';
import { canEditRdv, canSeeAgenda, canSeeRdv } from '../../../domain/permissions.ts';
import { isActiveRdvStatus, rdvStatusLabel } from '../../../domain/rdv-status.ts';
import type { AgentPrincipal } from '../../../domain/types.ts';
import { listAgendaRdvs } from '../agenda.ts';
import { getOrganisation, listOrganisationAgents } from '../organisations.ts';
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

/** The agents among `agentIds` the viewer may not see in this organisation (unknown ones included). */
export async function refusedAgendas(viewer: AgentPrincipal, organisationId: string, agentIds: string[]) {
	const members = new Map((await listOrganisationAgents(organisationId)).map((a) => [a.id, a]));
	return agentIds.filter((id) => {
		const agent = members.get(id);
		return !agent || !canSeeAgenda(viewer, { organisationId, agentId: id, agentServiceIds: agent.serviceIds });
	});
}

export async function agendaFeed(viewer: AgentPrincipal, query: AgendaFeedQuery): Promise<AgendaFeedResult> {
	const { organisationId, agentIds, from, to } = query;
	const refused = await refusedAgendas(viewer, organisationId, agentIds);
	if (refused.length > 0) return { ok: false, refusedAgentIds: refused };
	const organisation = await getOrganisation(organisationId);
	if (!organisation) return { ok: false, refusedAgentIds: agentIds };
	const now = query.now ?? new Date();
	const timeZone = organisation.timeZone;

	const [rdvs, blocks] = await Promise.all([
		listAgendaRdvs({ organisationId, agentIds, from, to }),
		listAgendaBackgrounds({ organisation, agentIds, from, to })
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
