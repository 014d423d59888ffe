/**
 * Plain objects shared by services, routes, the UI and the API: string ids, ISO strings for instants,
 * 'YYYY-MM-DD' for local days. Never Mongoose documents (they do not serialise and may carry private fields).
 */
import type {
	AgentRole,
	BookableBy,
	LocationType,
	MotifVisibility,
	RdvCreator,
	RdvStatus,
	TerritoryTimeZone
} from './types.ts';

export interface TerritoryDto {
	id: string;
	departementNumber: string;
	name: string;
	timeZone: TerritoryTimeZone;
	serviceIds: string[];
	allowWorkOnHolidays: boolean;
}

export interface OrganisationDto {
	id: string;
	territoryId: string;
	name: string;
	slug: string;
	phone?: string;
	email?: string;
	website?: string;
	openingHoursText?: string;
	/** From the territory: every wall-clock time of this organisation is in this zone. */
	timeZone: TerritoryTimeZone;
	departementNumber: string;
	/** From the territory: public holidays do not close its agendas. */
	allowWorkOnHolidays: boolean;
}

export interface ServiceDto {
	id: string;
	name: string;
	shortName: string;
	isSecretariat: boolean;
}

/** What colleagues may know about an agent (no password, token, notification settings). */
export interface AgentDto {
	id: string;
	firstName: string;
	lastName: string;
	/** Absent for intervenants. */
	email?: string;
	serviceIds: string[];
}

/** An agent as a member of one organisation. */
export interface OrganisationAgentDto extends AgentDto {
	role: AgentRole;
}

export interface MotifDto {
	id: string;
	organisationId: string;
	serviceId: string;
	name: string;
	color: string;
	durationMinutes: number;
	locationType: LocationType;
	collective: boolean;
	bookableBy: BookableBy;
	minBookingDelayMinutes: number;
	maxBookingDelayMinutes: number;
	rdvsEditableByUser: boolean;
	rdvsCancellableByUser: boolean;
	visibility: MotifVisibility;
	followUp: boolean;
	instructionsBeforeBooking?: string;
	instructionsAfterBooking?: string;
	customCancelWarning?: string;
	deleted: boolean;
}

export interface LieuDto {
	id: string;
	organisationId: string;
	name: string;
	address: string;
	phone?: string;
	coordinates?: { latitude: number; longitude: number };
	availability: 'enabled' | 'disabled' | 'single_use';
}

/** Minimal usager: enough to name and reach them, nothing more. */
export interface UsagerDto {
	id: string;
	firstName: string;
	lastName: string;
	birthName?: string;
	birthDate?: string;
	email?: string;
	phone?: string;
	phoneIsMobile: boolean;
	responsibleId?: string;
}

/** An usager as its page and edit form show it, within one organisation (its notes there, its referents there). */
export interface UsagerRecordDto extends UsagerDto {
	address?: { street?: string; postcode?: string; city?: string };
	/** Notes of this organisation's profile (other organisations' notes are not shown). */
	notes?: string;
	caseNumber?: string;
	familySituation?: FamilySituation;
	numberOfChildren?: number;
	notifyBySms: boolean;
	notifyByEmail: boolean;
	/** Agents of this organisation following the usager. */
	referents: { id: string; firstName: string; lastName: string }[];
	/** The responsible person (when this usager is a relative) and the relatives, within this organisation. */
	responsible?: UsagerDto;
	relatives: UsagerDto[];
}

export const FAMILY_SITUATION_LABELS = {
	single: 'Célibataire',
	couple: 'En couple',
	couple_with_children: 'En couple avec enfant(s)',
	single_parent: 'Parent isolé',
	divorced: 'Divorcé(e)',
	widowed: 'Veuf ou veuve'
} as const;
export type FamilySituation = keyof typeof FAMILY_SITUATION_LABELS;

export interface AgendaRdvParticipantDto {
	usagerId: string;
	firstName: string;
	lastName: string;
	status: RdvStatus;
}

/** One RDV as the agenda shows it (agents are authorised to see participants' names in the back-office). */
export interface AgendaRdvDto {
	id: string;
	organisationId: string;
	/** ISO instants. */
	startsAt: string;
	endsAt: string;
	durationMinutes: number;
	status: RdvStatus;
	motif: { id: string; name: string; color: string; locationType: LocationType };
	serviceId: string;
	lieu?: { id: string; name: string };
	singleUseAddress?: string;
	agents: { id: string; firstName: string; lastName: string }[];
	participants: AgendaRdvParticipantDto[];
	participantCount: number;
	collective: boolean;
	/** Collective RDVs show their title instead of a list of participants. */
	collectiveTitle?: string;
	maxParticipants?: number;
	createdBy: RdvCreator;
	version: number;
}

// ---- Scheduling (créneaux and booking) ----

/** One bookable slot of one agent (ISO instants; local day and 'HH:MM' in the territory's zone). */
export interface CreneauDto {
	agentId: string;
	lieuId?: string;
	startsAt: string;
	endsAt: string;
	day: string;
	time: string;
}

/** The per-time view: one entry per (lieu, start time) with the agents free then. */
export interface MergedCreneauDto {
	lieuId?: string;
	startsAt: string;
	endsAt: string;
	day: string;
	time: string;
	agentIds: string[];
}

/** A collective session with seats left. */
export interface CollectiveSessionDto {
	rdvId: string;
	agentIds: string[];
	lieuId?: string;
	startsAt: string;
	endsAt: string;
	day: string;
	time: string;
	/** null when the session has no maximum. */
	seatsLeft: number | null;
}

/** Why a search found nothing: no plage offers the motif, everything is taken, or outside the booking window. */
export type CreneauxEmptyReason = 'no_plage' | 'all_taken' | 'outside_window';

export interface CreneauxAgentDto {
	id: string;
	firstName: string;
	lastName: string;
}

export interface CreneauxLieuDto {
	id: string;
	name: string;
	address: string;
}

export interface CreneauxSearchDto {
	organisationId: string;
	motifId: string;
	/** Local days [from, to). */
	from: string;
	to: string;
	timeZone: TerritoryTimeZone;
	/** Agents having a plage for the motif (after filters), in a stable order (use it for colours). */
	agents: CreneauxAgentDto[];
	/** Lieux the slots refer to. */
	lieux: CreneauxLieuDto[];
	/** Individual motifs: every (agent, time) slot, by start time. */
	slots: CreneauDto[];
	merged: MergedCreneauDto[];
	/** Collective motifs: sessions with seats left. */
	sessions: CollectiveSessionDto[];
	/** Public holidays of [from, to) that close the territory's agendas (none if it works on holidays). */
	holidays: { day: string; name: string }[];
	emptyReason?: CreneauxEmptyReason;
	/** French sentence for the empty state. */
	emptyMessage?: string;
}

export interface NextCreneauDto {
	startsAt: string;
	day: string;
	time: string;
	lieuId?: string;
	agentIds: string[];
}

/** A lieu card of Trouver un RDV; `lieu` is absent for motifs without a place (phone, visio, home). */
export interface LieuAvailabilityDto {
	lieu?: CreneauxLieuDto;
	next: NextCreneauDto | null;
}

export interface OtherOrganisationAvailabilityDto {
	organisation: { id: string; name: string };
	motif: { id: string; name: string; durationMinutes: number };
	lieux: LieuAvailabilityDto[];
	/** The earliest of the lieux' next availabilities. */
	next: NextCreneauDto | null;
}

export interface OtherOrganisationsSearchDto {
	results: OtherOrganisationAvailabilityDto[];
	emptyReason?: 'no_other_motif' | 'no_availability';
	emptyMessage?: string;
}

/** An RDV as the booking service returns it. */
export interface RdvDto {
	id: string;
	organisationId: string;
	motifId: string;
	serviceId: string;
	locationType: LocationType;
	lieuId?: string;
	singleUseAddress?: string;
	startsAt: string;
	endsAt: string;
	durationMinutes: number;
	timeZone: TerritoryTimeZone;
	agentIds: string[];
	/** Each with its own status and notification choices (lifecycle messages, reminder). */
	participants: {
		usagerId: string;
		status: RdvStatus;
		sendLifecycleNotifications: boolean;
		sendReminderNotification: boolean;
	}[];
	status: RdvStatus;
	context?: string;
	createdBy: RdvCreator;
	collective: boolean;
	title?: string;
	maxParticipants?: number;
	cancelledAt?: string;
	version: number;
}
