/**
 * What the RDV list shows of an RDV, derived from its card (domain/rdv-card.ts) by a pure function: the server
 * builds its pages with it, and the list page rebuilds a row from a pushed card (live update, no request).
 */
import { compareDays, localDay, localTime } from './domain/local-time.ts';
import type { RdvCard } from './domain/rdv-card.ts';
import type { LocationType, RdvStatus } from './domain/types.ts';

export interface RdvListItem {
	id: string;
	startsAt: string;
	endsAt: string;
	/** Local day and start time in the organisation's time zone. */
	day: string;
	time: string;
	durationMinutes: number;
	status: RdvStatus;
	/** Started, still `unknown`: its status must be filled in. */
	toFill: boolean;
	motif: { id: string; name: string; color: string };
	locationType: LocationType;
	lieu?: { id: string; name: string };
	singleUseAddress?: string;
	agents: { id: string; firstName: string; lastName: string }[];
	participants: { usagerId: string; firstName: string; lastName: string; status: RdvStatus }[];
	collective: boolean;
	title?: string;
	maxParticipants?: number;
}

/** What the list shows of an RDV (its local day and time, whether its status must be filled in). */
export function listItemOf(card: RdvCard, timeZone: string, now: Date): RdvListItem {
	const startsAt = new Date(card.startsAt);
	const item: RdvListItem = {
		id: card.id,
		startsAt: card.startsAt,
		endsAt: card.endsAt,
		day: localDay(startsAt, timeZone),
		time: localTime(startsAt, timeZone),
		durationMinutes: card.durationMinutes,
		status: card.status,
		toFill: card.status === 'unknown' && startsAt.getTime() <= now.getTime(),
		motif: { id: card.motif.id, name: card.motif.name, color: card.motif.color },
		locationType: card.motif.locationType,
		lieu: card.lieu,
		singleUseAddress: card.singleUseAddress,
		agents: card.agents,
		participants: card.participants,
		collective: card.collective,
		title: card.title,
		maxParticipants: card.maxParticipants
	};
	return item;
}

/** The list's filters as the page holds them (status: a stored status, 'a_renseigner' or 'a_venir'). */
export interface ListFilters {
	/** Local days (AAAA-MM-JJ) in the organisation's time zone, both included. */
	from: string;
	to: string;
	agentId?: string;
	usagerId?: string;
	motifId?: string;
	lieuId?: string;
	status?: string;
}

/** Whether the list with these filters would show this item (its start day within the period). */
export function matchesListFilters(item: RdvListItem, f: ListFilters): boolean {
	if (compareDays(item.day, f.from) < 0 || compareDays(item.day, f.to) > 0) return false;
	if (f.agentId && !item.agents.some((a) => a.id === f.agentId)) return false;
	if (f.usagerId && !item.participants.some((p) => p.usagerId === f.usagerId)) return false;
	if (f.motifId && item.motif.id !== f.motifId) return false;
	if (f.lieuId && item.lieu?.id !== f.lieuId) return false;
	if (f.status === 'a_renseigner') return item.toFill;
	if (f.status === 'a_venir') return item.status === 'unknown' && !item.toFill;
	return !f.status || item.status === f.status;
}
