/**
 * How pushed RDV changes (`rdv.changed`, $lib/domain/realtime) become changes of what a view shows: the pure
 * rule behind the live planning store ($lib/state/live-planning.svelte), tested alone.
 *
 * - Per RDV, the highest `card.version` wins: a message older than what the view already holds (its load, or a
 *   later message) changes nothing.
 * - Deleted wins: once an RDV is deleted, no late message brings it back.
 * - A view shows the RDVs overlapping its range, of the agents it shows, cancelled ones only when it says so;
 *   an RDV that leaves the view (moved to another week, given to another agent, cancelled) is removed from it.
 * - `gone` (the RDV no longer involves an agenda the agent sees) removes it.
 * - Busy entries (another service's RDV on a shown agenda) carry no version: the last one heard wins; cancelled
 *   ones free the time and are removed whatever the view shows of cancelled RDVs.
 * Several messages about one RDV in a batch give one change: the last accepted one.
 */
import type { BusyCard, RdvCard, RdvCardPerson } from '../domain/rdv-card.ts';
import type { RdvChange, RdvChanged } from '../domain/realtime.ts';
import { localTime } from '../domain/local-time.ts';
import { isActiveRdvStatus } from '../domain/slots.ts';

/** What a view shows of the planning. */
export interface LiveView {
	organisationId: string;
	/** The instants shown, [start, end); no range: every RDV of the organisation (a page about one RDV). */
	range?: { start: Date; end: Date };
	/** The agents whose RDVs are shown; absent: every agent's. */
	agentIds?: readonly string[];
	/** Whether RDVs cancelled by the usager or the service are shown. */
	cancelled: boolean;
}

export type LiveEntry = { kind: 'full'; card: RdvCard } | { kind: 'busy'; busy: BusyCard };

/** Who changed an RDV and when: « modifié par Camille Durand à 10:42 ». */
export interface LiveMark {
	change: RdvChange;
	/** ISO instant the change was published. */
	at: string;
	/** Absent when an usager, a prescripteur or a job made the change. */
	actor?: RdvCardPerson;
}

const CHANGE_VERBS: Record<RdvChange, string> = {
	created: 'Créé',
	updated: 'Modifié',
	cancelled: 'Annulé',
	deleted: 'Supprimé'
};

/**
 * « Modifié par Camille Durand » (« Modifié » when an usager, a prescripteur or a job made the change), and
 * « … à 10:42 » given the territory's zone: what every live view says of a change.
 */
export function liveMarkText(mark: LiveMark, timeZone?: string): string {
	const who = mark.actor ? ` par ${`${mark.actor.firstName} ${mark.actor.lastName}`.trim()}` : '';
	const when = timeZone ? ` à ${localTime(new Date(mark.at), timeZone)}` : '';
	return `${CHANGE_VERBS[mark.change]}${who}${when}`;
}

export type LiveChange = ({ type: 'upsert'; id: string; entry: LiveEntry } | { type: 'remove'; id: string }) & {
	mark: LiveMark;
};

/** What is known of one RDV: the highest version held, or that it is gone. */
interface Known {
	version?: number;
	deleted?: boolean;
}

const ms = (iso: string) => Date.parse(iso);

function shown(view: LiveView, entry: { startsAt: string; endsAt: string; agentIds: readonly string[] }): boolean {
	if (view.range && !(ms(entry.startsAt) < view.range.end.getTime() && ms(entry.endsAt) > view.range.start.getTime()))
		return false;
	const wanted = view.agentIds;
	return !wanted || entry.agentIds.some((id) => wanted.includes(id));
}

/** The agents an entry belongs to (a view shows it in their agendas). */
export function entryAgentIds(entry: LiveEntry): string[] {
	return entry.kind === 'full' ? entry.card.agents.map((a) => a.id) : entry.busy.agentIds;
}

/**
 * The versions a view holds, and the rule applying pushed messages to them. `seed` after each (re)load of the
 * view; `apply` each batch of messages, in the order they arrived.
 */
export class LiveLedger {
	// organisation's RDV id → what the view holds of it. Plain (no runes): pure bookkeeping.
	#known = new Map<string, Known>();

	/** The view (re)loaded its entries: their versions are the floor pushed changes must beat. */
	seed(entries: Iterable<{ id: string; version?: number }>): void {
		this.#known.clear();
		for (const { id, version } of entries) this.#known.set(id, { version });
	}

	/** The view's changes for a batch of messages (at most one per RDV). */
	apply(messages: readonly RdvChanged[], view: LiveView): LiveChange[] {
		const changes = new Map<string, LiveChange>();
		for (const message of messages) {
			if (message.audience === 'none' || message.organisationId !== view.organisationId) continue;
			const id = message.rdvId;
			const known = this.#known.get(id);
			if (known?.deleted) continue;
			const mark: LiveMark = {
				change: message.change,
				at: message.at,
				...(message.actor ? { actor: message.actor } : {})
			};
			if (message.change === 'deleted') {
				this.#known.set(id, { deleted: true });
				changes.set(id, { type: 'remove', id, mark });
				continue;
			}
			if (message.audience === 'gone') {
				// Out of this agent's sight now; it may come back in (its agents changed again): no tombstone.
				changes.set(id, { type: 'remove', id, mark });
				continue;
			}
			let entry: LiveEntry;
			let visible: boolean;
			if (message.audience === 'full') {
				const { card } = message;
				if (known?.version !== undefined && card.version <= known.version) continue;
				this.#known.set(id, { version: card.version });
				entry = { kind: 'full', card };
				visible =
					(view.cancelled || isActiveRdvStatus(card.status)) &&
					shown(view, { ...card, agentIds: card.agents.map((a) => a.id) });
			} else {
				const { busy } = message;
				entry = { kind: 'busy', busy };
				visible = isActiveRdvStatus(busy.status) && shown(view, busy);
			}
			changes.set(id, visible ? { type: 'upsert', id, entry, mark } : { type: 'remove', id, mark });
		}
		return [...changes.values()];
	}
}
