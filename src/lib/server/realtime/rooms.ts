/**
 * Joining and leaving rooms (names and audiences in audiences.ts): `agent:<agentId>` on connection (messages for
 * that agent, session revocation); an organisation's planning rooms on `planning:join` and its board room on
 * `board:join`, each after the permission check. Every client message is validated: a bad or forbidden request
 * gets `{ ok: false, error }`, never an exception.
 */
import { canAccessOrganisation, canSuperviseOrganisation } from '../../domain/permissions.ts';
import type { JoinResult } from '../../domain/realtime.ts';
import { Organisation } from '../db/models/organisation.ts';
import { logger } from '../logger.ts';
import {
	agentRoom,
	boardRoom,
	boardRoomOrganisation,
	orgRoom,
	planningRoomOrganisation,
	planningRooms
} from './audiences.ts';
import { registerPresence } from './presence.ts';
import type { RealtimeSocket } from './types.ts';

export { agentRoom, boardRoom, orgRoom } from './audiences.ts';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * The territory of each board a socket follows, kept in this process: re-checking the board permission after a
 * role change then needs no read (an organisation does not change territory).
 */
const boardTerritories = new WeakMap<RealtimeSocket, Map<string, string>>();

function reply(ack: unknown, result: JoinResult) {
	if (typeof ack === 'function') (ack as (r: JoinResult) => void)(result);
}

const validId = (id: unknown): id is string => typeof id === 'string' && OBJECT_ID.test(id);

/** The socket's planning rooms of one organisation. */
const planningRoomsOf = (socket: RealtimeSocket, organisationId: string) =>
	[...socket.rooms].filter((room) => planningRoomOrganisation(room) === organisationId);

/** Puts the socket in exactly the planning rooms its agent's scope gives now (none when it may not follow). */
function syncPlanningRooms(socket: RealtimeSocket, organisationId: string): void {
	const wanted = new Set(planningRooms(socket.data.agent, organisationId));
	for (const room of planningRoomsOf(socket, organisationId)) if (!wanted.has(room)) void socket.leave(room);
	void socket.join([...wanted]);
}

/** The organisation's territory when the agent may watch its board; null otherwise (or when it is unknown). */
async function boardTerritory(socket: RealtimeSocket, organisationId: string): Promise<string | null> {
	const org = await Organisation.findById(organisationId, { territoryId: 1 }).lean();
	if (!org) return null;
	const territoryId = String(org.territoryId);
	return canSuperviseOrganisation(socket.data.agent, { organisationId, territoryId }) ? territoryId : null;
}

export function onConnection(socket: RealtimeSocket): void {
	void socket.join(agentRoom(socket.data.agent.id));
	registerPresence(socket);

	socket.on('planning:join', (organisationId, ack) => {
		if (!validId(organisationId)) return reply(ack, { ok: false, error: 'invalid' });
		if (!canAccessOrganisation(socket.data.agent, organisationId)) {
			return reply(ack, { ok: false, error: 'forbidden' });
		}
		syncPlanningRooms(socket, organisationId);
		reply(ack, { ok: true });
	});

	socket.on('planning:leave', (organisationId, ack) => {
		if (!validId(organisationId)) return reply(ack, { ok: false, error: 'invalid' });
		for (const room of planningRoomsOf(socket, organisationId)) void socket.leave(room);
		reply(ack, { ok: true });
	});

	socket.on('board:join', (organisationId, ack) => {
		if (!validId(organisationId)) return reply(ack, { ok: false, error: 'invalid' });
		void boardTerritory(socket, organisationId).then(
			(territoryId) => {
				if (territoryId === null) return reply(ack, { ok: false, error: 'forbidden' });
				const boards = boardTerritories.get(socket) ?? new Map<string, string>();
				boards.set(organisationId, territoryId);
				boardTerritories.set(socket, boards);
				void socket.join(boardRoom(organisationId));
				reply(ack, { ok: true });
			},
			(err: unknown) => {
				logger.warn({ err }, 'board join check failed');
				reply(ack, { ok: false, error: 'unavailable' });
			}
		);
	});

	socket.on('board:leave', (organisationId, ack) => {
		if (!validId(organisationId)) return reply(ack, { ok: false, error: 'invalid' });
		void socket.leave(boardRoom(organisationId));
		boardTerritories.get(socket)?.delete(organisationId);
		reply(ack, { ok: true });
	});
}

/**
 * After the agent's roles or services changed: re-derive its planning rooms (leaving the plannings it may no
 * longer follow, moving between audiences otherwise) and leave the boards it may no longer watch.
 */
export function leaveForbiddenRooms(socket: RealtimeSocket): void {
	const organisations = new Set<string>();
	for (const room of socket.rooms) {
		const organisationId = planningRoomOrganisation(room);
		if (organisationId) organisations.add(organisationId);
		const boardOrganisationId = boardRoomOrganisation(room);
		if (boardOrganisationId) {
			const territoryId = boardTerritories.get(socket)?.get(boardOrganisationId);
			const allowed =
				territoryId !== undefined &&
				canSuperviseOrganisation(socket.data.agent, { organisationId: boardOrganisationId, territoryId });
			if (!allowed) {
				void socket.leave(room);
				boardTerritories.get(socket)?.delete(boardOrganisationId);
			}
		}
	}
	// Only the plannings the socket follows (its org:<id> room): a half-left one is finished off.
	for (const organisationId of organisations) {
		if (socket.rooms.has(orgRoom(organisationId))) syncPlanningRooms(socket, organisationId);
		else for (const room of planningRoomsOf(socket, organisationId)) void socket.leave(room);
	}
}
