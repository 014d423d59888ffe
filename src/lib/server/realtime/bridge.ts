/**
 * Domain events → Socket.IO. An RDV change is read once here (its card) and pushed already shaped for each
 * audience (audiences.ts): the card to those who may see the RDV, busy time to those who see one of its agents'
 * agendas, a drop notice to those who no longer see it, the bare sequence number to the organisation's other
 * followers, a board card (no usager names) to its supervisors' boards. No client asks the database after a
 * change, and the work here does not grow with the number of sockets: one card read, a stamp read, cached
 * members, five emits (Socket.IO's `except` keeps each follower to one message, across nodes with Redis).
 *
 * Plage, absence and settings changes go to the organisation's followers and boards as notices (ids, and who).
 */
import { boardCardOf, busyCardOf } from '../../domain/rdv-card.ts';
import type { RdvChange } from '../../domain/realtime.ts';
import { Agent } from '../db/models/agent.ts';
import { events, type DomainEvents, type EventBus } from '../events.ts';
import { logger } from '../logger.ts';
import { loadRdvCard } from '../services/rdv-cards/card.ts';
import { boardRoom, orgRoom, rdvAudiences } from './audiences.ts';
import { actorOf, organisationMembers } from './members.ts';
import { KeyedQueue, LiveSequencer } from './sequence.ts';
import type { RealtimeServer } from './types.ts';

type RdvEvent = DomainEvents['rdv.updated'] & Pick<DomainEvents['rdv.deleted'], 'card'>;

/** Server-side figures of the live push (benches, diagnostics): how long from the domain event to the emits. */
export interface LiveStats {
	/** Changes pushed, and changes that could not be (their number was burnt: followers refetch). */
	pushed: number;
	skipped: number;
	/** Milliseconds from the domain event to the last emit, over the latest pushes (at most 1,000). */
	recentPushMs: number[];
}

const stats: LiveStats = { pushed: 0, skipped: 0, recentPushMs: [] };

/** A snapshot of this process's live push figures. */
export function liveStats(): LiveStats {
	return { ...stats, recentPushMs: [...stats.recentPushMs] };
}

function recordPush(startedAt: number) {
	stats.pushed++;
	stats.recentPushMs.push(performance.now() - startedAt);
	if (stats.recentPushMs.length > 1000) stats.recentPushMs.shift();
}

/** Reads the RDV's card and emits the change to its audiences, its planning's other followers and its boards. */
async function pushRdvChange(
	io: RealtimeServer,
	sequencer: LiveSequencer,
	change: RdvChange,
	event: RdvEvent,
	at: string
): Promise<boolean> {
	const { rdvId, organisationId, actorAgentId } = event;
	// A deleted RDV cannot be read any more: the delete service sends its card along.
	const card = change === 'deleted' ? (event.card ?? null) : await loadRdvCard(rdvId);
	// Gone meanwhile (a later delete pushes its own notice) or never there: nothing to show.
	if (!card) return false;
	const members = await organisationMembers(organisationId);
	const actor =
		card.updatedBy && card.updatedBy.id === actorAgentId ? card.updatedBy : await actorOf(actorAgentId, members);
	const { full, busy, gone } = rdvAudiences(
		{
			organisationId,
			serviceId: card.motif.serviceId,
			agentIds: card.agents.map((a) => a.id),
			previousAgentIds: event.previousAgentIds
		},
		(agentId) => members.get(agentId)?.serviceIds
	);

	// Numbered and emitted synchronously: the numbers of one organisation go out in order on this node.
	const head = { ...sequencer.next(organisationId), organisationId, at };
	const who = { ...(actor ? { actor } : {}), ...(actorAgentId ? { actorAgentId } : {}) };
	io.to(full).emit('rdv.changed', { ...head, audience: 'full', rdvId, change, card, ...who });
	if (busy.length > 0) {
		io.to(busy)
			.except(full)
			.emit('rdv.changed', { ...head, audience: 'busy', rdvId, change, busy: busyCardOf(card), ...who });
	}
	if (gone.length > 0) {
		io.to(gone)
			.except([...full, ...busy])
			.emit('rdv.changed', { ...head, audience: 'gone', rdvId, change, ...who });
	}
	io.to(orgRoom(organisationId))
		.except([...full, ...busy, ...gone])
		.emit('rdv.changed', { ...head, audience: 'none' });
	io.to(boardRoom(organisationId)).emit('board.rdv', {
		organisationId,
		rdvId,
		change,
		card: boardCardOf(card),
		at,
		...(actor ? { actor } : {})
	});
	return true;
}

export interface BridgeOptions {
	/** Defaults to a new sequence with a random node id. */
	sequencer?: LiveSequencer;
	/** Defaults to the process's domain event bus. */
	bus?: EventBus;
}

export interface Bridge {
	/** Stops listening to the bus. */
	off(): void;
	/** Resolves once the changes heard so far are pushed (tests, shutdown). */
	idle(): Promise<void>;
	readonly node: string;
}

/** Subscribes to the bus. */
export function bridgeDomainEvents(io: RealtimeServer, options: BridgeOptions = {}): Bridge {
	const sequencer = options.sequencer ?? new LiveSequencer();
	const queue = new KeyedQueue();
	const bus = options.bus ?? events;

	const rdv = (change: RdvChange) => (event: RdvEvent) => {
		const at = new Date().toISOString();
		const startedAt = performance.now();
		// Not awaited by the writer (its answer does not wait for the push); changes of one RDV go out in order.
		void queue.run(event.rdvId, async () => {
			let pushed = false;
			try {
				pushed = await pushRdvChange(io, sequencer, change, event, at);
			} catch (err) {
				logger.error({ err, change }, 'live rdv push failed');
			}
			if (pushed) return recordPush(startedAt);
			// Burn its number: followers see the gap at the next message and refetch what they show.
			sequencer.skip(event.organisationId);
			stats.skipped++;
		});
	};

	const notice = async (organisationId: string, actorAgentId: string | undefined) => {
		const actor = actorAgentId ? await actorOf(actorAgentId, await organisationMembers(organisationId)) : undefined;
		return {
			rooms: [orgRoom(organisationId), boardRoom(organisationId)],
			who: { ...(actor ? { actor } : {}), ...(actorAgentId ? { actorAgentId } : {}) }
		};
	};

	const offs = [
		bus.on('rdv.created', rdv('created')),
		bus.on('rdv.updated', rdv('updated')),
		bus.on('rdv.cancelled', rdv('cancelled')),
		bus.on('rdv.deleted', rdv('deleted')),
		bus.on('plage.changed', async ({ plageId, organisationId, agentId, actorAgentId }) => {
			const { rooms, who } = await notice(organisationId, actorAgentId);
			io.to(rooms).emit('plage.changed', { plageId, organisationId, agentId, ...who });
		}),
		bus.on('absence.changed', async ({ absenceId, agentId, actorAgentId }) => {
			// An absence belongs to the agent: it shows in the planning of each of the agent's organisations.
			const agent = await Agent.findById(agentId, { organisationIds: 1 }).lean();
			if (!agent) return logger.warn({ agentId }, 'absence.changed for an unknown agent');
			for (const id of agent.organisationIds) {
				const organisationId = String(id);
				const { rooms, who } = await notice(organisationId, actorAgentId);
				io.to(rooms).emit('absence.changed', { absenceId, organisationId, agentId, ...who });
			}
		}),
		bus.on('organisation.updated', async ({ organisationId, actorAgentId, subject }) => {
			const { rooms, who } = await notice(organisationId, actorAgentId);
			io.to(rooms).emit('settings.changed', { organisationId, ...(subject ? { subject } : {}), ...who });
		})
	];
	return {
		off: () => offs.forEach((off) => off()),
		idle: () => queue.idle(),
		node: sequencer.node
	};
}
