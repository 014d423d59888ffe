/**
 * The board's « prochain créneau » per motif open online: the first time an usager could book it, through the
 * availability search's scan ahead (first slot only). Boards ask again after a change touching a motif, so each
 * answer is kept per node for a short while and dropped on this node as soon as an RDV, plage, absence or
 * setting of the organisation changes (other nodes' copies just expire).
 */
import { localDay } from '../../../domain/local-time.ts';
import type { MotifNextSlot } from '../../../domain/board.ts';
import { events } from '../../events.ts';
import { nextCreneau } from '../creneaux.ts';
import { listMotifs } from '../motifs.ts';

export type { MotifNextSlot };

const TTL_MS = 30_000;
const cache = new Map<string, { at: number; value: Promise<MotifNextSlot[]> }>();

function forget(organisationId?: string) {
	if (!organisationId) return cache.clear();
	cache.delete(organisationId);
}

// Registered once per process (the server entry and the SvelteKit bundle share the bus, not this module).
const registered = Symbol.for('guichet.board.next-slots');
const g = globalThis as unknown as Record<symbol, boolean | undefined>;
if (!g[registered]) {
	g[registered] = true;
	for (const name of ['rdv.created', 'rdv.updated', 'rdv.cancelled', 'rdv.deleted', 'plage.changed'] as const)
		events.on(name, (e) => forget(e.organisationId));
	events.on('organisation.updated', (e) => forget(e.organisationId));
	// An absence belongs to an agent, seen in each of its organisations: drop everything (a few entries).
	events.on('absence.changed', () => forget());
}

async function load(organisationId: string, timeZone: string, now: Date): Promise<MotifNextSlot[]> {
	const motifs = await listMotifs(organisationId, { bookableOnline: true });
	const from = localDay(now, timeZone);
	const results = await Promise.all(
		motifs.map(async (motif) => {
			const found = await nextCreneau({ organisationId, motifId: motif.id, from, audience: 'usager', now });
			return {
				motif: { id: motif.id, name: motif.name, color: motif.color },
				next: found?.next ?? null,
				...(found && !found.next && found.emptyMessage ? { emptyMessage: found.emptyMessage } : {})
			};
		})
	);
	// Soonest first; motifs without a slot last, by name (listMotifs sorted them).
	return results.sort((a, b) => {
		if (!a.next || !b.next) return Number(!a.next) - Number(!b.next);
		return Date.parse(a.next.startsAt) - Date.parse(b.next.startsAt);
	});
}

/** The next online slot of each motif of the organisation open online (no authorization: callers check). */
export function nextSlotsByMotif(
	organisation: { id: string; timeZone: string },
	now = new Date()
): Promise<MotifNextSlot[]> {
	const entry = cache.get(organisation.id);
	if (entry && now.getTime() - entry.at < TTL_MS && now.getTime() >= entry.at) return entry.value;
	const value = load(organisation.id, organisation.timeZone, now);
	cache.set(organisation.id, { at: now.getTime(), value });
	// A failed search is not kept.
	value.catch(() => cache.delete(organisation.id));
	return value;
}
