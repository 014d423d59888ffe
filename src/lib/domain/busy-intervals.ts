/**
 * An agent's busy time for one ISO week, packed into one string: the availability grid reads one small
 * document per agent and week instead of every RDV (FerretDB decodes each returned document and field one by
 * one, so 5,000 RDVs cost seconds where 50 packed weeks cost milliseconds).
 *
 * Format: intervals separated by ';', each `rdvId,start,end,organisationId` with start/end as epoch
 * milliseconds in base 36. Ids are 24 hex characters (ObjectIds), so no separator can appear inside a field.
 */

export interface BusyInterval {
	rdvId: string;
	organisationId: string;
	startsAt: Date;
	endsAt: Date;
}

const ID = /^[0-9a-f]{24}$/i;

/** Packs intervals (sorted by start, then RDV id, so equal sets pack to equal strings). */
export function packBusy(intervals: BusyInterval[]): string {
	return [...intervals]
		.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.rdvId.localeCompare(b.rdvId))
		.map((i) => {
			if (!ID.test(i.rdvId) || !ID.test(i.organisationId))
				throw new Error('packBusy: ids must be ObjectId hex strings');
			return `${i.rdvId},${i.startsAt.getTime().toString(36)},${i.endsAt.getTime().toString(36)},${i.organisationId}`;
		})
		.join(';');
}

/** Unpacks what packBusy wrote; malformed entries are skipped (a read model must never break a search). */
export function unpackBusy(packed: string | null | undefined): BusyInterval[] {
	if (!packed) return [];
	const out: BusyInterval[] = [];
	for (const entry of packed.split(';')) {
		const [rdvId, start, end, organisationId] = entry.split(',');
		const s = Number.parseInt(start ?? '', 36);
		const e = Number.parseInt(end ?? '', 36);
		if (!ID.test(rdvId ?? '') || !ID.test(organisationId ?? '') || !Number.isFinite(s) || !Number.isFinite(e)) continue;
		out.push({ rdvId, organisationId, startsAt: new Date(s), endsAt: new Date(e) });
	}
	return out;
}
