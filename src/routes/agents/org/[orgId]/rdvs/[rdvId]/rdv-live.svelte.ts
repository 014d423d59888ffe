/**
 * The RDV page and its edit form, live (issue 17): while shown, they follow the organisation's planning and hear
 * of every newer change of this RDV (`rdv.changed`, audience `full`: the agent may see the RDV, or it would not be
 * on this page). Only the few tabs showing this RDV react, so re-running its load is affordable here.
 */
import { realtimeClient } from '$lib/state/realtime.svelte';
import { rdvLiveChange, type RdvLiveChange } from './rdv-live-change';

export type { RdvLiveChange };

/** The page load's dependency that a change of the RDV invalidates. */
export const RDV_DEPENDENCY = 'app:rdv';

interface Followed {
	organisationId: () => string;
	rdvId: () => string;
	/** The version the page shows: older or equal changes (its own save, a late message) are not news. */
	version: () => number;
	viewerId: () => string;
}

interface Handlers {
	onchange(change: RdvLiveChange): void;
	/** Changes may have been missed (a gap in the numbering, a reconnect): read the RDV again. */
	onresync?(): void;
}

/** Call during a component's initialisation. */
export function followRdv(followed: Followed, handlers: Handlers): void {
	$effect(() => {
		const organisationId = followed.organisationId();
		const rdvId = followed.rdvId();
		const client = realtimeClient();
		// The highest version heard of: two quick changes may be announced before the page has reloaded the first.
		let newest = -1;
		const offChanged = client.on('rdv.changed', (message) => {
			const version = Math.max(newest, followed.version());
			const change = rdvLiveChange(message, { rdvId, version, viewerId: followed.viewerId() });
			if (!change) return;
			newest = Math.max(newest, change.version ?? -1);
			handlers.onchange(change);
		});
		const offResync = client.onResync((id) => {
			if (id === organisationId) handlers.onresync?.();
		});
		void client.joinPlanning(organisationId);
		return () => {
			offChanged();
			offResync();
			client.leavePlanning(organisationId);
		};
	});
}
