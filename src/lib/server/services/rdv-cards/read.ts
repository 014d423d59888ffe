/**
 * Reading RDV cards for the hot paths (the RDV list, the agenda feed, the supervisors' board): an organisation's
 * days from the day documents (db/read-models/rdv-day-cards.ts: one `key` equality per day, a small document
 * each), then the names of motifs, lieux and agents set from what they are now (services/rdv-names.ts: the
 * organisation's motifs and lieux, members' names cached under their stamp), so a rename shows at once without
 * rewriting every day it appears in. Participants' names stay as stored (kept right on rename).
 */
import type { RdvCard } from '../../../domain/rdv-card.ts';
import { readStoredDayCards } from '../../db/read-models/rdv-day-cards.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { stampsOf, type OrganisationStamps } from '../../db/stamps.ts';
import { loadRdvNames, type RdvNames } from '../rdv-names.ts';

/** A card as the names loader sees an RDV (ids of what it refers to, participants with their stored names). */
function asNamedRdv(card: RdvCard) {
	return {
		motifId: card.motif.id,
		lieuId: card.lieu?.id,
		agentIds: card.agents.map((a) => a.id),
		participants: card.participants.map((p) => ({ usagerId: p.usagerId, status: p.status })),
		// A participant without a name (none stored on its RDV) is looked up by id.
		participantNames: card.participants
			.filter((p) => p.firstName || p.lastName)
			.map((p) => ({ usagerId: p.usagerId, firstName: p.firstName, lastName: p.lastName }))
	} as unknown as Parameters<RdvNames['motifOf']>[0];
}

/** The cards with today's motif, lieu and agent names (and participants' names where their card has none). */
export async function withCurrentNames(
	organisationId: string,
	cards: RdvCard[],
	stamps?: OrganisationStamps
): Promise<RdvCard[]> {
	if (cards.length === 0) return cards;
	const named = cards.map(asNamedRdv);
	const names = await loadRdvNames(organisationId, named, { stamps });
	return cards.map((card, i) => {
		const rdv = named[i]!;
		const lieu = names.lieuOf(rdv);
		const out: RdvCard = {
			...card,
			motif: { ...card.motif, ...names.motifOf(rdv) },
			agents: names.agentsOf(rdv),
			participants: names.participantsOf(rdv)
		};
		if (lieu) out.lieu = lieu;
		else delete out.lieu;
		return out;
	});
}

export interface ReadDayCardsOptions {
	/** The organisation's stamps when the caller has read them (else they are read here). */
	stamps?: OrganisationStamps;
}

/**
 * The cards of an organisation's RDVs touching these local days (AAAA-MM-JJ, in its time zone), each once,
 * sorted by start then id, cancelled ones included; no permission applied (callers shape them per viewer).
 */
export async function readDayCards(
	organisationId: string,
	days: string[],
	options: ReadDayCardsOptions = {}
): Promise<RdvCard[]> {
	const [cards, stamps] = await Promise.all([
		readStoredDayCards(organisationId, days),
		options.stamps ??
			Organisation.findById(organisationId, { stamps: 1 })
				.lean()
				.then((o) => (o ? stampsOf(o) : undefined))
	]);
	return withCurrentNames(organisationId, cards, stamps);
}
