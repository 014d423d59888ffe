/**
 * What an `rdv.changed` message means to a page showing one RDV (pure: see rdv-live.svelte.ts for the wiring).
 */
import { personName } from '$lib/domain/presence';
import type { RdvChanged } from '$lib/domain/realtime';

export interface RdvLiveChange {
	/** 'gone': changed so that the viewer may no longer see it (its agents changed); no card then. */
	kind: 'updated' | 'deleted' | 'gone';
	/** « Camille Durand »; null when an usager, a prescripteur or a job made it. */
	by: string | null;
	/** Made by the viewer (in another tab, or through this page). */
	self: boolean;
	/** ISO instant of the change. */
	at: string;
	/** The RDV's version after the change (unknown for 'gone'). */
	version?: number;
}

export interface Shown {
	rdvId: string;
	/** The highest version the page shows or has heard of: older or equal changes (its own save, a late or repeated message) are not news. */
	version: number;
	viewerId: string;
}

/** The change of the shown RDV the message brings, or null when it brings none (another RDV, an old version). */
export function rdvLiveChange(message: RdvChanged, shown: Shown): RdvLiveChange | null {
	if ((message.audience !== 'full' && message.audience !== 'gone') || message.rdvId !== shown.rdvId) return null;
	const common = {
		by: message.actor ? personName(message.actor) : null,
		self: message.actor !== undefined && message.actor.id === shown.viewerId,
		at: message.at
	};
	if (message.audience === 'gone') return { kind: 'gone', ...common };
	const { version } = message.card;
	if (message.change === 'deleted') return { kind: 'deleted', version, ...common };
	return version > shown.version ? { kind: 'updated', version, ...common } : null;
}
