/**
 * Room names, and which rooms hear what of an RDV change. Pure: the permissions module decides, this file only
 * turns its scopes into rooms so that one emit per audience reaches exactly the right sockets (no per-socket work
 * when a change is pushed, and Socket.IO's `except` keeps each follower to one message, across nodes too).
 *
 * A follower of an organisation's planning is in `org:<id>` and, by its scope there (organisationScope):
 * - scope all (admins, secrétariat): `org:<id>:all`;
 * - scope services: `org:<id>:svc:<serviceId>` for each of its services and `org:<id>:agent:<its id>`.
 * An RDV (motif's service S, agents A…) is then seen in full by `:all`, `:svc:S` and `:agent:<a>` for each agent
 * (canSeeRdv), as busy time by `:svc:<s>` for each service of its agents (canSeeAgenda), and not at all by the
 * rest of `org:<id>`.
 */
import { organisationScope } from '../../domain/permissions.ts';
import type { AgentPrincipal } from '../../domain/types.ts';

type Principal = Pick<AgentPrincipal, 'id' | 'roles' | 'serviceIds' | 'secretariat' | 'territorialRoles'>;

const ORG_PREFIX = 'org:';
const BOARD_PREFIX = 'board:';

export const orgRoom = (organisationId: string) => `${ORG_PREFIX}${organisationId}`;
export const orgAllRoom = (organisationId: string) => `${ORG_PREFIX}${organisationId}:all`;
export const serviceRoom = (organisationId: string, serviceId: string) =>
	`${ORG_PREFIX}${organisationId}:svc:${serviceId}`;
export const orgAgentRoom = (organisationId: string, agentId: string) =>
	`${ORG_PREFIX}${organisationId}:agent:${agentId}`;
export const boardRoom = (organisationId: string) => `${BOARD_PREFIX}${organisationId}`;
/** Messages for one agent wherever it looks (session revocation). */
export const agentRoom = (agentId: string) => `agent:${agentId}`;

/** The organisation a planning room (`org:<id>` or one of its audience rooms) belongs to; null for other rooms. */
export function planningRoomOrganisation(room: string): string | null {
	if (!room.startsWith(ORG_PREFIX)) return null;
	const end = room.indexOf(':', ORG_PREFIX.length);
	return room.slice(ORG_PREFIX.length, end === -1 ? undefined : end);
}

/** The organisation of a board room; null for other rooms. */
export function boardRoomOrganisation(room: string): string | null {
	return room.startsWith(BOARD_PREFIX) ? room.slice(BOARD_PREFIX.length) : null;
}

/** Every planning room of an organisation the agent should be in now (none when it may not follow it). */
export function planningRooms(agent: Principal, organisationId: string): string[] {
	const scope = organisationScope(agent, organisationId);
	if (scope.kind === 'none') return [];
	if (scope.kind === 'all') return [orgRoom(organisationId), orgAllRoom(organisationId)];
	return [
		orgRoom(organisationId),
		...scope.serviceIds.map((s) => serviceRoom(organisationId, s)),
		orgAgentRoom(organisationId, scope.agentId)
	];
}

/** What the rooms need to know of an RDV. */
export interface AudienceRdv {
	organisationId: string;
	/** The motif's service. */
	serviceId: string;
	agentIds: readonly string[];
	/** Its agents before this change, when the change replaced some. */
	previousAgentIds?: readonly string[];
}

export interface RdvAudiences {
	/** May see the RDV (its card). */
	full: string[];
	/** See one of its agents' agendas but not the RDV (busy time), minus `full`. */
	busy: string[];
	/** Saw it (in full or as busy time) through an agent it no longer has, and do not any more: drop it. */
	gone: string[];
}

/**
 * The audience rooms of an RDV change. `servicesOf` gives a current member's services (an agent who left the
 * organisation has no agenda there: none). Each list excludes the rooms of the lists before it, so emitting
 * `busy` with `.except(full)` and `gone` with `.except(full ∪ busy)` gives each socket one message.
 */
export function rdvAudiences(
	rdv: AudienceRdv,
	servicesOf: (agentId: string) => readonly string[] | undefined
): RdvAudiences {
	const org = rdv.organisationId;
	const full = new Set([
		orgAllRoom(org),
		serviceRoom(org, rdv.serviceId),
		...rdv.agentIds.map((a) => orgAgentRoom(org, a))
	]);
	const agendaRooms = (agentIds: readonly string[]) =>
		agentIds.flatMap((a) => (servicesOf(a) ?? []).map((s) => serviceRoom(org, s)));
	const busy = new Set(agendaRooms(rdv.agentIds).filter((r) => !full.has(r)));
	const left = (rdv.previousAgentIds ?? []).filter((a) => !rdv.agentIds.includes(a));
	const gone = new Set(
		[...left.map((a) => orgAgentRoom(org, a)), ...agendaRooms(left)].filter((r) => !full.has(r) && !busy.has(r))
	);
	return { full: [...full], busy: [...busy], gone: [...gone] };
}

/** Which message a socket in `rooms` gets, as Socket.IO delivers the emits above (for tests and reasoning). */
export function audienceOf(
	rooms: ReadonlySet<string>,
	organisationId: string,
	audiences: RdvAudiences
): 'full' | 'busy' | 'gone' | 'none' | null {
	const inAny = (list: string[]) => list.some((r) => rooms.has(r));
	if (inAny(audiences.full)) return 'full';
	if (inAny(audiences.busy)) return 'busy';
	if (inAny(audiences.gone)) return 'gone';
	return rooms.has(orgRoom(organisationId)) ? 'none' : null;
}
