/**
 * Rooms: `agent:<agentId>` (joined on connection: messages for that agent, session revocation) and
 * `org:<organisationId>` (an organisation's planning, joined on request after the permission check).
 */
import { canAccessOrganisation } from '../../domain/permissions.ts';
import type { JoinResult } from '../../domain/realtime.ts';
import type { RealtimeSocket } from './types.ts';

const ORG_PREFIX = 'org:';
const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const orgRoom = (organisationId: string) => `${ORG_PREFIX}${organisationId}`;
export const agentRoom = (agentId: string) => `agent:${agentId}`;

function reply(ack: unknown, result: JoinResult) {
	if (typeof ack === 'function') (ack as (r: JoinResult) => void)(result);
}

export function onConnection(socket: RealtimeSocket): void {
	void socket.join(agentRoom(socket.data.agent.id));

	socket.on('planning:join', (organisationId, ack) => {
		if (typeof organisationId !== 'string' || !OBJECT_ID.test(organisationId)) {
			return reply(ack, { ok: false, error: 'invalid' });
		}
		if (!canAccessOrganisation(socket.data.agent, organisationId)) {
			return reply(ack, { ok: false, error: 'forbidden' });
		}
		void socket.join(orgRoom(organisationId));
		reply(ack, { ok: true });
	});

	socket.on('planning:leave', (organisationId, ack) => {
		if (typeof organisationId !== 'string') return reply(ack, { ok: false, error: 'invalid' });
		void socket.leave(orgRoom(organisationId));
		reply(ack, { ok: true });
	});
}

/** After the agent's roles changed: leave the planning rooms it may no longer follow. */
export function leaveForbiddenRooms(socket: RealtimeSocket): void {
	for (const room of socket.rooms) {
		if (!room.startsWith(ORG_PREFIX)) continue;
		if (!canAccessOrganisation(socket.data.agent, room.slice(ORG_PREFIX.length))) void socket.leave(room);
	}
}
