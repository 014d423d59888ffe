/**
 * An RDV card: the compact, viewer-independent shape of one RDV that the hot read paths share (the RDV list, the
 * agenda feed, the live planning's pushed entries, the supervisors' board). Built once per write on the server
 * (services/rdv-cards), stored in the organisation-day read model and pushed as is to the agents allowed to see
 * the RDV; every view derives its own rows from it (FeedRdv, RdvListItem) with pure functions, so no client asks
 * the database after a change. Pure types: the browser and the server both import this file (relative imports
 * only: benches and scripts import it outside Vite).
 */
import type { LocationType, RdvStatus } from './types.ts';

export interface RdvCardPerson {
	id: string;
	firstName: string;
	lastName: string;
}

export interface RdvCardParticipant {
	usagerId: string;
	firstName: string;
	lastName: string;
	status: RdvStatus;
}

export interface RdvCard {
	id: string;
	organisationId: string;
	/** The RDV's revision number: a move or an edit must carry it (optimistic concurrency). */
	version: number;
	/** ISO instants. */
	startsAt: string;
	endsAt: string;
	durationMinutes: number;
	/** The territory's zone: local days and times are worded in it. */
	timeZone: string;
	/** Local days (AAAA-MM-JJ) the RDV touches, in `timeZone`. */
	days: string[];
	status: RdvStatus;
	motif: { id: string; name: string; color: string; serviceId: string; locationType: LocationType };
	lieu?: { id: string; name: string };
	singleUseAddress?: string;
	agents: RdvCardPerson[];
	/** Personal data: only in cards sent to agents who may see the RDV (never in busy entries or board entries). */
	participants: RdvCardParticipant[];
	collective: boolean;
	title?: string;
	maxParticipants?: number;
	/** ISO instant of the last change, and who made it (an agent; absent for usagers, prescripteurs, jobs). */
	updatedAt: string;
	updatedBy?: RdvCardPerson;
}

/** What an agent who sees an agenda but not this RDV (another service's) gets: busy time, no motif, no names. */
export interface BusyCard {
	id: string;
	organisationId: string;
	startsAt: string;
	endsAt: string;
	agentIds: string[];
	status: RdvStatus;
}

/** What the supervisors' board gets (territorial admins are not members): no usager names, a participant count. */
export type BoardCard = Omit<RdvCard, 'participants'> & { participantCount: number };

export function busyCardOf(card: RdvCard): BusyCard {
	return {
		id: card.id,
		organisationId: card.organisationId,
		startsAt: card.startsAt,
		endsAt: card.endsAt,
		agentIds: card.agents.map((a) => a.id),
		status: card.status
	};
}

export function boardCardOf(card: RdvCard): BoardCard {
	const { participants, ...rest } = card;
	return { ...rest, participantCount: participants.length };
}
