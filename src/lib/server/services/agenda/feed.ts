/**
 * The agenda's events feed: the RDVs of the requested agendas (each as the viewer may see it: in full, or as
 * busy time for another service's), cancelled ones only on request, and the background blocks (plages,
 * absences, holidays). Every requested agenda must be one the viewer may see in this organisation.
 *
 * The RDVs come from the organisation-day cards (services/rdv-cards: one small document per local day of the
 * period), not from the RDVs themselves: FerretDB decodes each returned RDV, and a day holds ~200 of them.
 */
import { isObjectIdOrHexString } from 'mongoose';
import {
	backgroundFeedEvent,
	busyFeedEvent,
	rdvFeedEvent,
	type AgendaFeed,
	feedRdvOfCard,
	type FeedEvent
} from '../../../agenda-feed.ts';
import { daysBetween, isoWeekday, localDay, localTime } from '../../../domain/local-time.ts';
import { canEditRdv, canSeeAgenda, canSeeRdv } from '../../../domain/permissions.ts';
import { isActiveRdvStatus, rdvStatusLabel } from '../../../domain/rdv-status.ts';
import type { RdvCard } from '../../../domain/rdv-card.ts';
import type { AgentPrincipal } from '../../../domain/types.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { readStoredDayCards } from '../../db/read-models/rdv-day-cards.ts';
import { stampsOf, type OrganisationStamps } from '../../db/stamps.ts';
import { Territory } from '../../db/models/territory.ts';
import { toOrganisationDto } from '../mappers.ts';
import { cachedMembers, type OrganisationMembers } from '../organisation-members.ts';
import { withCurrentNames } from '../rdv-cards/read.ts';
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

/** The organisation (one read, stamps included), its territory and its members (from the cache when fresh). */
async function loadOrganisation(organisationId: string) {
	if (!isObjectIdOrHexString(organisationId)) return null;
	const org = await Organisation.findById(organisationId).lean();
	if (!org) return null;
	const stamps = stampsOf(org);
	const [territory, members] = await Promise.all([
		Territory.findById(org.territoryId).lean(),
		cachedMembers(organisationId, stamps.members)
	]);
	return territory ? { organisation: toOrganisationDto(org, territory), stamps, members } : null;
}

/** The agents among `agentIds` the viewer may not see in this organisation (unknown ones included). */
function refusedAgendas(
	viewer: AgentPrincipal,
	organisationId: string,
	members: OrganisationMembers,
	agentIds: string[]
) {
	return agentIds.filter((id) => {
		const agent = members.get(id);
		return !agent || !canSeeAgenda(viewer, { organisationId, agentId: id, agentServiceIds: agent.serviceIds });
	});
}

/**
 * The cards of the RDVs of these agendas overlapping [from, to): the organisation's local days of the period,
 * kept when one of their agents is asked for. Sorted by start.
 */
async function periodCards(
	organisationId: string,
	q: { agentIds: string[]; from: Date; to: Date; timeZone: string; stamps: OrganisationStamps }
): Promise<RdvCard[]> {
	if (q.to <= q.from) return [];
	const last = new Date(q.to.getTime() - 1);
	const days = daysBetween(localDay(q.from, q.timeZone), localDay(last, q.timeZone));
	const wanted = new Set(q.agentIds);
	const from = q.from.toISOString();
	const to = q.to.toISOString();
	const kept = (await readStoredDayCards(organisationId, days)).filter(
		(c) => c.startsAt < to && c.endsAt > from && c.agents.some((a) => wanted.has(a.id))
	);
	// Only what is kept gets today's names.
	return withCurrentNames(organisationId, kept, q.stamps);
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
		periodCards(organisationId, { agentIds, from, to, timeZone, stamps }),
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
		const target = { organisationId, serviceId: rdv.motif.serviceId, agentIds: rdv.agents.map((a) => a.id) };
		if (!canSeeRdv(viewer, target)) {
			// Another service's cancelled RDV frees the time: nothing to show.
			if (active) events.push(busyFeedEvent(rdv));
			if (active) mark(rdv.startsAt);
			continue;
		}
		const startsAt = new Date(rdv.startsAt);
		const time = `${localTime(startsAt, timeZone)} – ${localTime(new Date(rdv.endsAt), timeZone)}`;
		events.push(
			rdvFeedEvent(feedRdvOfCard(rdv), {
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
