/**
 * The Socket.IO protocol between the server (src/lib/server/realtime) and the browser (src/lib/state/realtime.svelte.ts).
 *
 * An RDV change is read once on the server and pushed already shaped for each audience the permissions module
 * distinguishes, so no client asks the database after a change:
 * - `full`: agents who may see the RDV (canSeeRdv) get its card (personal data included);
 * - `busy`: agents who see one of its agents' agendas but not the RDV (another service's) get busy time only;
 * - `gone`: agents who saw it only through an agent the change removed from it get its id, to drop it;
 * - `none`: the other followers of the organisation's planning get the sequence number alone (no id, no data).
 * Every follower of an organisation's planning thus receives exactly one message per change, numbered per
 * (publishing node, organisation): a client that sees a gap in a node's numbers, or reconnects, refetches only
 * its visible range. Supervisors' boards (`board:join`) get board cards (no usager names). A node pushes the
 * changes of one RDV in order; across nodes, keep the highest `card.version` (a deletion's card carries the
 * deletion's version). Plage, absence and settings notices are not numbered: a reconnect refetches.
 */
import type { BoardCard, BusyCard, RdvCard, RdvCardPerson } from './rdv-card.ts';

/** Numbering of the messages one node sends about one organisation's planning (gap detection). */
export interface LiveSequence {
	/** The publishing node (random per process). */
	node: string;
	/** 1, 2, 3… per (node, organisation). */
	seq: number;
}

export type RdvChange = 'created' | 'updated' | 'cancelled' | 'deleted';

/** Who made a change, for « modifié par Camille Durand » (absent for usagers, prescripteurs and jobs). */
export interface ActorFields {
	actor?: RdvCardPerson;
	actorAgentId?: string;
}

/**
 * The RDV change notice (event `rdv.changed`), one per follower of the organisation's planning. `at` is the
 * instant the server heard of the committed write (the domain event), so `Date.now() - at` on receipt is the
 * commit-to-client latency (same clock on one machine).
 */
export type RdvChanged = LiveSequence & {
	organisationId: string;
	/** ISO instant the write was committed (its domain event reached the realtime bridge). */
	at: string;
} & (
		| ({
				audience: 'full';
				rdvId: string;
				/** 'deleted': the RDV is gone (an admin deleted it) — drop it, whatever the view shows of cancelled RDVs. */
				change: RdvChange;
				/** The RDV after the change (for 'deleted', as it was, with the deletion's version). */
				card: RdvCard;
		  } & ActorFields)
		| ({ audience: 'busy'; rdvId: string; change: RdvChange; busy: BusyCard } & ActorFields)
		/**
		 * The RDV left what this agent sees (its agents changed: it no longer involves an agenda the agent sees):
		 * drop it. Only sent to those who could see it, in full or as busy time, before the change.
		 */
		| ({ audience: 'gone'; rdvId: string; change: RdvChange } & ActorFields)
		/** Nothing this agent may see changed: the number keeps the sequence whole (no id, no name). */
		| { audience: 'none' }
	);

/**
 * What supervisors' boards get (event `board.rdv`): every RDV change of the organisation, without usager names.
 * Boards also get the organisation's `plage.changed`, `absence.changed` and `settings.changed` (occupancy, next
 * free slots).
 */
export interface BoardRdvChanged {
	organisationId: string;
	rdvId: string;
	change: RdvChange;
	card: BoardCard;
	at: string;
	actor?: RdvCardPerson;
}

export interface PlageChanged extends ActorFields {
	plageId: string;
	organisationId: string;
	agentId: string;
}

export interface AbsenceChanged extends ActorFields {
	absenceId: string;
	/** The organisation room this copy was sent to (an absence belongs to an agent, seen in each of its organisations). */
	organisationId: string;
	agentId: string;
}

/**
 * An organisation's settings changed (event `settings.changed`, to its planning followers and boards): a motif
 * or a lieu (`subject`), or the organisation itself. Views that show motifs or lieux (Trouver un RDV, the
 * board's next free slots, the agenda's colours) reload what they show of them.
 */
export interface SettingsChanged extends ActorFields {
	organisationId: string;
	subject?: { kind: 'motif' | 'lieu'; id: string };
}

/**
 * 'unavailable': the server could not decide now (its database did not answer), or the client's own verdict when
 * the server did not answer in time; retry later.
 */
export type JoinResult = { ok: true } | { ok: false; error: 'invalid' | 'forbidden' | 'unavailable' };

/** Who is looking at what: an agenda (organisation + agent), an RDV page, or an RDV's edit form. */
export type PresenceTarget =
	| { kind: 'agenda'; organisationId: string; agentId: string }
	| { kind: 'rdv'; organisationId: string; rdvId: string; editing: boolean };

/** The agents present on a target (event `presence`), sent to those looking at it when someone comes or goes. */
export interface PresenceState {
	/** A stable key of the target (presenceKey in domain/presence.ts: an RDV's page and edit form share one). */
	key: string;
	agents: (RdvCardPerson & { editing: boolean })[];
}

export interface ServerToClientEvents {
	'rdv.changed': (payload: RdvChanged) => void;
	'plage.changed': (payload: PlageChanged) => void;
	'absence.changed': (payload: AbsenceChanged) => void;
	'settings.changed': (payload: SettingsChanged) => void;
	'board.rdv': (payload: BoardRdvChanged) => void;
	presence: (payload: PresenceState) => void;
}

export interface ClientToServerEvents {
	/**
	 * Follow an organisation's planning (room `org:<id>`, plus the audience rooms its permissions give: see
	 * realtime/audiences.ts); refused unless the agent may access it.
	 */
	'planning:join': (organisationId: string, ack: (result: JoinResult) => void) => void;
	'planning:leave': (organisationId: string, ack?: (result: JoinResult) => void) => void;
	/** Follow an organisation's supervisors' board (room `board:<id>`): admins, secrétariat, territorial admins. */
	'board:join': (organisationId: string, ack: (result: JoinResult) => void) => void;
	'board:leave': (organisationId: string, ack?: (result: JoinResult) => void) => void;
	/** Say what this tab looks at (one target per tab: replaces the previous one; null: nothing). */
	'presence:set': (
		target: PresenceTarget | null,
		ack?: (result: JoinResult & { state?: PresenceState }) => void
	) => void;
}

export type RealtimeEventName = keyof ServerToClientEvents;

/** Message sent with the refused connection (client side: `connect_error` with this message). */
export const UNAUTHORIZED = 'unauthorized';
