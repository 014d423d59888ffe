/**
 * Domain vocabulary shared by the server, the UI and the API (no I/O here).
 */
export const AGENT_ROLES = ['basic', 'admin', 'intervenant'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

export const RDV_NOTIFICATION_LEVELS = ['all', 'others', 'soon', 'none'] as const;
export type RdvNotificationLevel = (typeof RDV_NOTIFICATION_LEVELS)[number];

export const TOGGLE_NOTIFICATION_LEVELS = ['all', 'none'] as const;
export type ToggleNotificationLevel = (typeof TOGGLE_NOTIFICATION_LEVELS)[number];

export const LOCATION_TYPES = ['public_office', 'phone', 'home', 'visio'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export const BOOKABLE_BY = [
	'agents',
	'agents_and_prescripteurs',
	'agents_and_prescripteurs_and_invited_users',
	'everyone'
] as const;
export type BookableBy = (typeof BOOKABLE_BY)[number];

export const MOTIF_VISIBILITIES = ['visible_and_notified', 'visible_and_not_notified', 'invisible'] as const;
export type MotifVisibility = (typeof MOTIF_VISIBILITIES)[number];

export const RDV_STATUSES = ['unknown', 'seen', 'excused', 'revoked', 'noshow'] as const;
export type RdvStatus = (typeof RDV_STATUSES)[number];

export const RDV_CREATORS = ['agent', 'usager', 'prescripteur'] as const;
export type RdvCreator = (typeof RDV_CREATORS)[number];

export const TERRITORY_TIME_ZONES = [
	'Europe/Paris',
	'Indian/Reunion',
	'Indian/Mayotte',
	'America/Cayenne',
	'America/Martinique',
	'America/Guadeloupe',
	'America/Miquelon',
	'Pacific/Noumea',
	'Pacific/Tahiti'
] as const;
export type TerritoryTimeZone = (typeof TERRITORY_TIME_ZONES)[number];

/**
 * Who is acting: what the permission module needs to know about an agent. Built from the Agent document at
 * session or API-token validation; ids are strings.
 */
export interface AgentPrincipal {
	id: string;
	roles: { organisationId: string; level: AgentRole }[];
	serviceIds: string[];
	/** True when one of the agent's services is the Secrétariat (sees every agenda of its organisations). */
	secretariat: boolean;
	territorialRoles: {
		territoryId: string;
		manageTeams: boolean;
		manageAccessRights: boolean;
		inviteAgents: boolean;
	}[];
}

/** The signed-in agent as pages and endpoints see it (locals.agent). */
export interface SessionAgent extends AgentPrincipal {
	email?: string;
	firstName: string;
	lastName: string;
}

/**
 * The signed-in usager as public pages see it (locals.usager): a separate session from agents' (its own cookie),
 * opened by an e-mail code or FranceConnect. Names may be missing until « Vos informations » is filled.
 */
export interface SessionUsager {
	id: string;
	email: string;
	firstName?: string;
	lastName?: string;
	/** How this session was opened. */
	via: 'email_code' | 'franceconnect';
}
