/**
 * The Socket.IO protocol between the server (src/lib/server/realtime) and the browser (src/lib/state/realtime.svelte.ts).
 * Messages carry ids only, never personal data: a client refetches what it is allowed to see.
 */

export interface RdvChanged {
	rdvId: string;
	organisationId: string;
	/** 'deleted': the RDV is gone (an admin deleted it) — drop it, whatever the view shows of cancelled RDVs. */
	change: 'created' | 'updated' | 'cancelled' | 'deleted';
	actorAgentId?: string;
}

export interface PlageChanged {
	plageId: string;
	organisationId: string;
	agentId: string;
	actorAgentId?: string;
}

export interface AbsenceChanged {
	absenceId: string;
	/** The organisation room this copy was sent to (an absence belongs to an agent, seen in each of its organisations). */
	organisationId: string;
	agentId: string;
	actorAgentId?: string;
}

/** 'unavailable' is the client's own verdict when the server did not answer in time. */
export type JoinResult = { ok: true } | { ok: false; error: 'invalid' | 'forbidden' | 'unavailable' };

export interface ServerToClientEvents {
	'rdv.changed': (payload: RdvChanged) => void;
	'plage.changed': (payload: PlageChanged) => void;
	'absence.changed': (payload: AbsenceChanged) => void;
}

export interface ClientToServerEvents {
	/** Follow an organisation's planning (room `org:<id>`); refused unless the agent may access it. */
	'planning:join': (organisationId: string, ack: (result: JoinResult) => void) => void;
	'planning:leave': (organisationId: string, ack?: (result: JoinResult) => void) => void;
}

export type RealtimeEventName = keyof ServerToClientEvents;

/** Message sent with the refused connection (client side: `connect_error` with this message). */
export const UNAUTHORIZED = 'unauthorized';
