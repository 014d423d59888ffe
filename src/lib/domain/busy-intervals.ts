/**
 * An agent's busy time for one ISO week, packed into one short string: the availability grid reads one small
 * document per agent and week instead of every RDV. FerretDB's cost grows with both the number of documents
 * returned and their size (measured: ~0.3 ms per document plus ~0.05–0.1 ms per KB), so the format is terse.
 *
 * Format: intervals separated by ',', each `start.duration` in base 36, start in whole minutes since the Unix
 * epoch, duration in whole minutes. Instants are widened to whole minutes (start down, end up): busy time is
 * never shortened, so a search can only be more careful than the RDVs, never less (the claims decide anyway).
 */

export interface BusyInterval {
	startsAt: Date;
	endsAt: Date;
}

const MINUTE = 60_000;
const ENTRY = /^([0-9a-z]+)\.([0-9a-z]+)$/;

/** Packs intervals sorted by start, without duplicates, so equal sets pack to equal strings. */
export function packBusy(intervals: BusyInterval[]): string {
	const entries = new Map<number, number>();
	for (const i of intervals) {
		const start = Math.floor(i.startsAt.getTime() / MINUTE);
		const end = Math.max(start + 1, Math.ceil(i.endsAt.getTime() / MINUTE));
		entries.set(start, Math.max(entries.get(start) ?? 0, end - start));
	}
	return [...entries]
		.sort(([a], [b]) => a - b)
		.map(([start, minutes]) => `${start.toString(36)}.${minutes.toString(36)}`)
		.join(',');
}

/** Unpacks what packBusy wrote; malformed entries are skipped (a read model must never break a search). */
export function unpackBusy(packed: string | null | undefined): BusyInterval[] {
	if (!packed) return [];
	const out: BusyInterval[] = [];
	for (const entry of packed.split(',')) {
		const match = ENTRY.exec(entry);
		if (!match) continue;
		const s = Number.parseInt(match[1], 36);
		const m = Number.parseInt(match[2], 36);
		if (m <= 0) continue;
		out.push({ startsAt: new Date(s * MINUTE), endsAt: new Date((s + m) * MINUTE) });
	}
	return out;
}
