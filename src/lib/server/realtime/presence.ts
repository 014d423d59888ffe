/**
 * Presence over Socket.IO: a tab says what it looks at (`presence:set`: an agenda, an RDV page, an RDV's edit
 * form); once allowed, its socket joins the room `presence:<key>` and every tab in that room gets the agents now
 * present (`presence`). Leaving, switching target or disconnecting tells the room left too.
 *
 * Each socket carries its entry (key, editing flag, agent's name) in socket.data, and a state is rebuilt from the
 * room's sockets (`fetchSockets()`, which asks the other nodes through the Redis adapter) rather than from a
 * per-process list: a node holds nothing another node needs, and a crashed node's tabs vanish with it.
 * Presence is rare (page navigations): its checks use the cached members and, for an RDV, one read by id.
 */
import { canAccessOrganisation, canSeeAgenda } from '../../domain/permissions.ts';
import {
	parsePresenceTarget,
	presenceKey,
	presenceOrganisation,
	presenceState,
	type PresenceEntry
} from '../../domain/presence.ts';
import type { RdvCardPerson } from '../../domain/rdv-card.ts';
import type { JoinResult, PresenceState, PresenceTarget } from '../../domain/realtime.ts';
import type { AgentPrincipal } from '../../domain/types.ts';
import { logger } from '../logger.ts';
import { getRdv } from '../services/booking/index.ts';
import { actorOf, organisationMembers } from './members.ts';
import type { RealtimeSocket } from './types.ts';

const PRESENCE_PREFIX = 'presence:';
export const presenceRoom = (key: string) => `${PRESENCE_PREFIX}${key}`;

/** Disconnections of every socket of this node at once (see Realtime.stop): not the agent leaving. */
const SHUTDOWN_REASONS = new Set<string>(['forced close', 'server shutting down']);

type PresenceAck = (result: JoinResult & { state?: PresenceState }) => void;

function reply(ack: unknown, result: JoinResult & { state?: PresenceState }) {
	if (typeof ack === 'function') (ack as PresenceAck)(result);
}

/**
 * The agent's name when it may look at the target, null otherwise: the agenda of a member of the organisation it
 * may see (canSeeAgenda, with the member's services from the members cache), or an RDV of that organisation it
 * may see (canSeeRdv, through getRdv: one read by id). An unknown agenda or RDV is refused like a forbidden one
 * (no existence oracle).
 */
async function mayLook(agent: AgentPrincipal, target: PresenceTarget): Promise<RdvCardPerson | null> {
	const { organisationId } = target;
	if (!canAccessOrganisation(agent, organisationId)) return null;
	const [members, rdv] = await Promise.all([
		organisationMembers(organisationId),
		target.kind === 'rdv' ? getRdv(target.rdvId, agent) : null
	]);
	if (target.kind === 'rdv') {
		if (rdv?.organisationId !== organisationId) return null;
	} else {
		const member = members.get(target.agentId);
		const agentServiceIds = member?.serviceIds ?? [];
		if (!member || !canSeeAgenda(agent, { organisationId, agentId: member.id, agentServiceIds })) return null;
	}
	// A member (canAccessOrganisation); read by id only if the cache is behind a role just given.
	return (await actorOf(agent.id, members)) ?? { id: agent.id, firstName: '', lastName: '' };
}

/** Tells the tabs on `key` (every node) who is there now; returns that state. */
async function announce(socket: RealtimeSocket, key: string): Promise<PresenceState> {
	const room = presenceRoom(key);
	// A tab whose agent lost its role in the organisation since (principals are refreshed by the session sweep)
	// leaves the room: it hears no more of it, and no longer counts.
	const organisationId = presenceOrganisation(key);
	const sockets = (await socket.nsp.in(room).fetchSockets()).filter((s) => {
		if (canAccessOrganisation(s.data.agent, organisationId)) return true;
		s.leave(room);
		return false;
	});
	const state = presenceState(
		key,
		sockets.map((s) => s.data.presence)
	);
	socket.nsp.to(room).emit('presence', state);
	return state;
}

/** Leaves the current target's room, if any, and tells those still there. */
async function leaveCurrent(socket: RealtimeSocket): Promise<void> {
	const current = socket.data.presence;
	if (!current) return;
	socket.data.presence = undefined;
	await socket.leave(presenceRoom(current.key));
	await announce(socket, current.key);
}

async function setPresence(socket: RealtimeSocket, raw: unknown, ack: unknown): Promise<void> {
	if (raw === null) {
		await leaveCurrent(socket);
		return reply(ack, { ok: true });
	}
	const target = parsePresenceTarget(raw);
	if (!target) return reply(ack, { ok: false, error: 'invalid' });
	const name = await mayLook(socket.data.agent, target);
	if (!name) {
		// A refused target also ends the previous one: the tab has moved on from it.
		await leaveCurrent(socket);
		return reply(ack, { ok: false, error: 'forbidden' });
	}
	const entry: PresenceEntry = {
		key: presenceKey(target),
		editing: target.kind === 'rdv' && target.editing,
		agent: name
	};
	// Closed while checking: the disconnect handler has already told the rooms; joining now would leave a ghost.
	if (socket.disconnected) return;
	if (socket.data.presence?.key !== entry.key) await leaveCurrent(socket);
	socket.data.presence = entry;
	await socket.join(presenceRoom(entry.key));
	reply(ack, { ok: true, state: await announce(socket, entry.key) });
}

/** Registers the presence handlers on a new connection (see rooms.ts onConnection). */
export function registerPresence(socket: RealtimeSocket): void {
	// One message after the other per socket: a slow check must not let an older target win over a newer one.
	let queue = Promise.resolve();
	const enqueue = (work: () => Promise<void>) => {
		queue = queue.then(work).catch((err: unknown) => logger.error({ err }, 'presence update failed'));
	};
	socket.on('presence:set', (target, ack) => {
		enqueue(async () => {
			try {
				await setPresence(socket, target, ack);
			} catch (err) {
				reply(ack, { ok: false, error: 'unavailable' });
				throw err;
			}
		});
	});
	// The socket has left its rooms by now: the room's state no longer counts it.
	socket.on('disconnect', (reason) => {
		enqueue(async () => {
			const current = socket.data.presence;
			socket.data.presence = undefined;
			// This node is stopping (its engine closes every connection, then the adapter): nothing can be told any
			// more. The tabs reconnect elsewhere and send their presence again, which rebuilds the rooms' states.
			if (!current || SHUTDOWN_REASONS.has(reason)) return;
			await announce(socket, current.key);
		});
	});
}
