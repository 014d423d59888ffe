/**
 * In-process domain event bus. Services publish after a successful write; realtime and jobs subscribe.
 *
 * The bus lives on globalThis: the server entry (plain Node) and the SvelteKit bundle each load their own copy
 * of this module, and they must share one bus.
 */
import type { RdvCard } from '../domain/rdv-card.ts';
import { logger } from './logger.ts';

/** A change to an existing RDV. */
interface RdvChangeEvent {
	rdvId: string;
	organisationId: string;
	actorAgentId?: string;
	/**
	 * The RDV's agents before the change, when the change replaced some: live followers who saw it only through
	 * an agent it left are told to drop it.
	 */
	previousAgentIds?: string[];
}

export interface DomainEvents {
	'rdv.created': { rdvId: string; organisationId: string; actorAgentId?: string };
	'rdv.updated': RdvChangeEvent;
	'rdv.cancelled': RdvChangeEvent;
	/**
	 * Removed for good (an admin's delete): followers drop it, even from views that show cancelled RDVs. `card`:
	 * the RDV as it was (read before deleting), so the live push can tell who may know of it.
	 */
	'rdv.deleted': { rdvId: string; organisationId: string; actorAgentId?: string; card?: RdvCard };
	'plage.changed': { plageId: string; organisationId: string; agentId: string; actorAgentId?: string };
	'absence.changed': { absenceId: string; agentId: string; actorAgentId?: string };
	'agent.signedOut': { agentId: string };
	/** The agent's roles, services, secrétariat flag, territorial roles or deletion changed (any write path). */
	'agent.rightsChanged': { agentId: string };
	/** The organisation's settings: a motif or a lieu (`subject`), or the organisation itself. */
	'organisation.updated': {
		organisationId: string;
		actorAgentId?: string;
		subject?: { kind: 'motif' | 'lieu'; id: string };
	};
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class EventBus {
	#handlers = new Map<DomainEventName, Set<Handler<DomainEventName>>>();

	on<K extends DomainEventName>(name: K, handler: Handler<K>): () => void {
		let set = this.#handlers.get(name);
		if (!set) this.#handlers.set(name, (set = new Set()));
		set.add(handler as Handler<DomainEventName>);
		return () => set.delete(handler as Handler<DomainEventName>);
	}

	/** Handlers run after the caller's write; a failing handler is logged and never fails the write. */
	async publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): Promise<void> {
		const set = this.#handlers.get(name);
		if (!set) return;
		await Promise.all(
			[...set].map(async (h) => {
				try {
					await h(payload);
				} catch (err) {
					logger.error({ err, event: name }, 'domain event handler failed');
				}
			})
		);
	}
}

const key = Symbol.for('guichet.events');
const g = globalThis as unknown as Record<symbol, EventBus | undefined>;
export const events: EventBus = (g[key] ??= new EventBus());
