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
