import type { Server, Socket } from 'socket.io';
import type { AgentPrincipal } from '../../domain/types.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../domain/realtime.ts';

/** Messages between the nodes of a cluster (through the Redis adapter). */
export interface InterServerEvents {
	'agent.signedOut': (agentId: string) => void;
}

/**
 * What the server keeps on each socket. Only the permission principal (ids and roles, no names or email):
 * socket.data can travel to other nodes through the adapter. The session token stays in this process
 * (see auth.ts).
 */
export interface SocketData {
	agent: AgentPrincipal;
	sessionId: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
