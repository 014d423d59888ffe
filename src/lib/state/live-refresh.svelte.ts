/**
 * For views that read their data again rather than patch it (plages and indisponibilités lists, Trouver un RDV's
 * grid): follows the organisation's planning and calls `refresh` — once per burst (debounced) — after the changes
 * that concern what the view shows, with the agents who made them; after a reconnect or a gap too (the view may
 * have missed some). Returns the cleanup, for an $effect. Browser only.
 */
import type { RdvCardPerson } from '$lib/domain/rdv-card';
import type { ServerToClientEvents } from '$lib/domain/realtime';
import { realtimeClient } from './realtime.svelte';

type Watched = 'plage.changed' | 'absence.changed' | 'rdv.changed' | 'settings.changed';
export type WatchedPayload<E extends Watched = Watched> = Parameters<ServerToClientEvents[E]>[0];

export interface FollowChangesOptions {
	organisationId: string;
	events: readonly Watched[];
	/** Whether this change touches what the view shows. */
	concerns: (event: Watched, payload: WatchedPayload) => boolean;
	/** Read the view's data again; `actors`: who made the changes (empty after a reconnect). */
	refresh: (actors: RdvCardPerson[]) => void | Promise<void>;
	debounceMs?: number;
}

export function followChanges(options: FollowChangesOptions): () => void {
	const client = realtimeClient();
	const { organisationId } = options;
	void client.joinPlanning(organisationId);
	let timer: ReturnType<typeof setTimeout> | undefined;
	// Bookkeeping of one burst, never rendered.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const actors = new Map<string, RdvCardPerson>();
	const later = (actor?: RdvCardPerson) => {
		if (actor) actors.set(actor.id, actor);
		clearTimeout(timer);
		timer = setTimeout(() => {
			const people = [...actors.values()];
			actors.clear();
			void options.refresh(people);
		}, options.debounceMs ?? 300);
	};
	const offs = options.events.map((event) =>
		client.on(event, (payload: WatchedPayload) => {
			if (payload.organisationId !== organisationId || !options.concerns(event, payload)) return;
			later('actor' in payload ? payload.actor : undefined);
		})
	);
	offs.push(
		client.onResync((id) => {
			if (id === organisationId) later();
		})
	);
	return () => {
		for (const off of offs) off();
		clearTimeout(timer);
		client.leavePlanning(organisationId);
	};
}

/**
 * « Mis à jour par Camille Durand » naming the agents who made the changes, leaving out the signed-in agent (its
 * own change needs no notice); null when nobody is left to name.
 */
export function updatedByText(
	actors: readonly RdvCardPerson[],
	self?: { firstName: string; lastName: string } | null
): string | null {
	const names = actors
		.filter((a) => !self || a.firstName !== self.firstName || a.lastName !== self.lastName)
		.map((a) => `${a.firstName} ${a.lastName}`.trim());
	return names.length > 0 ? `Mis à jour par ${names.join(', ')}` : null;
}

/** The line a live view shows after it reloaded (in a `role="status"` element, so it is announced). */
export class LiveNotice {
	text = $state('');
}
