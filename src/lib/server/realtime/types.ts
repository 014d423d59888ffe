import type { Server, Socket } from 'socket.io';
import type { AgentPrincipal } from '../../domain/types.ts';
import type { PresenceEntry } from '../../domain/presence.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../domain/realtime.ts';

/** Messages between the nodes of a cluster (through the Redis adapter). */
export interface InterServerEvents {
	'agent.signedOut': (agentId: string) => void;
	'agent.rightsChanged': (agentId: string) => void;
}

/**
 * What the server keeps on each socket. Only the permission principal (ids and roles, no names or email):
 * socket.data can travel to other nodes through the adapter. The session token stays in this process
 * (see auth.ts).
 */
export interface SocketData {
	agent: AgentPrincipal;
	sessionId: string;
	/**
	 * What this tab looks at (presence.ts), with its agent's display name: kept here, not in a local map, so that
	 * fetchSockets() on any node (Redis adapter) reads it. Agents' names only, never anything about an usager.
	 */
	presence?: PresenceEntry;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
