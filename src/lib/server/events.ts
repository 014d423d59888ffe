/**
 * In-process domain event bus. Services publish after a successful write; realtime and jobs subscribe.
 *
 * The bus lives on globalThis: the server entry (plain Node) and the SvelteKit bundle each load their own copy
 * of this module, and they must share one bus.
 */
import { logger } from './logger.ts';

export interface DomainEvents {
	'rdv.created': { rdvId: string; organisationId: string; actorAgentId?: string };
	'rdv.updated': { rdvId: string; organisationId: string; actorAgentId?: string };
	'rdv.cancelled': { rdvId: string; organisationId: string; actorAgentId?: string };
	/** Removed for good (an admin's delete): followers drop it, even from views that show cancelled RDVs. */
	'rdv.deleted': { rdvId: string; organisationId: string; actorAgentId?: string };
	'plage.changed': { plageId: string; organisationId: string; agentId: string; actorAgentId?: string };
	'absence.changed': { absenceId: string; agentId: string; actorAgentId?: string };
	'agent.signedOut': { agentId: string };
	'organisation.updated': { organisationId: string; actorAgentId?: string };
}

export type DomainEventName = keyof DomainEvents;
type Handler<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

class EventBus {
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
