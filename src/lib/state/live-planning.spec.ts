import { describe, expect, it, vi } from 'vitest';
import type { RdvCard } from '$lib/domain/rdv-card';
import { CAMILLE, sampleCard } from '$lib/domain/rdv-card.fixture';
import type { RdvChanged } from '$lib/domain/realtime';
import { HIGHLIGHT_MS, LivePlanning } from './live-planning.svelte';
import type { RealtimeClient } from './realtime.svelte';

const camille = CAMILLE;
const card = (id: string, version: number): RdvCard => sampleCard(version, { id, participants: [] });
let seq = 0;
const message = (c: RdvCard, organisationId = 'o1'): RdvChanged => ({
	node: 'n',
	seq: ++seq,
	organisationId,
	at: '2026-12-07T10:00:00.000Z',
	actor: camille,
	audience: 'full',
	rdvId: c.id,
	change: 'updated',
	card: { ...c, organisationId }
});

/** The part of the tab's connection the store uses, driven by hand (no socket in a unit spec). */
function handClient() {
	let onChange: ((m: RdvChanged) => void) | undefined;
	let onResync: ((id: string) => void) | undefined;
	const joined: string[] = [];
	const client = {
		joinPlanning: async (id: string) => (joined.push(id), { ok: true as const }),
		leavePlanning: (id: string) => void joined.splice(joined.indexOf(id), 1),
		on: (_event: string, listener: (m: RdvChanged) => void) => ((onChange = listener), () => (onChange = undefined)),
		onResync: (listener: (id: string) => void) => ((onResync = listener), () => (onResync = undefined))
	};
	return {
		client: client as unknown as RealtimeClient,
		joined,
		push: (m: RdvChanged) => onChange?.(m),
		resync: (id: string) => onResync?.(id)
	};
}

describe('LivePlanning', () => {
	it('follows the planning while started, applies batches over the loaded versions, highlights for a while', () => {
		vi.useFakeTimers();
		const hand = handClient();
		const batches: string[][] = [];
		const resyncs: number[] = [];
		const live = new LivePlanning({
			organisationId: 'o1',
			view: () => ({ organisationId: 'o1', cancelled: false }),
			onChanges: (changes) => batches.push(changes.map((c) => c.id)),
			onResync: () => resyncs.push(1),
			client: hand.client
		});
		const stop = live.start();
		expect(hand.joined).toEqual(['o1']);
		live.seed([{ id: 'r1', version: 3 }]);

		hand.push(message(card('r1', 3)));
		hand.push(message(card('r2', 1)));
		hand.push(message(card('r2', 2)));
		hand.push(message(card('r3', 1), 'o2'));
		vi.runOnlyPendingTimers();
		// One batch: r1 is no newer than the load, r2 once at its highest version, o2 is another planning.
		expect(batches).toEqual([['r2']]);
		const r2 = live.entries.get('r2');
		expect(r2?.entry?.kind === 'full' && r2.entry.card.version).toBe(2);
		expect(r2?.mark.actor).toEqual(camille);
		expect(live.highlighted.has('r2')).toBe(true);
		vi.advanceTimersByTime(HIGHLIGHT_MS);
		expect(live.highlighted.has('r2')).toBe(false);

		// Paused (a drop being confirmed): held, then applied on resume.
		live.pause();
		hand.push(message(card('r1', 4)));
		vi.runOnlyPendingTimers();
		expect(batches).toHaveLength(1);
		live.resume();
		vi.runOnlyPendingTimers();
		expect(batches).toEqual([['r2'], ['r1']]);

		hand.resync('o2');
		hand.resync('o1');
		expect(resyncs).toEqual([1]);
		live.seed([]);
		expect(live.entries.size).toBe(0);

		stop();
		expect(hand.joined).toEqual([]);
		hand.push(message(card('r4', 1)));
		vi.runOnlyPendingTimers();
		expect(batches).toHaveLength(2);
		vi.useRealTimers();
	});
});
