/**
 * RDV cards (domain/rdv-card.ts) built from stored RDVs: one RDV for the live push (`loadRdvCard`), or many at
 * once for the organisation-day read model (`loadRdvCards`). Names come from the shared loader
 * (services/rdv-names.ts: the organisation's motifs and lieux, members' names under their stamp, participants'
 * names stored on the RDV), so a card costs the RDV read plus a few small ones.
 */
import { isObjectIdOrHexString } from 'mongoose';
import type { RdvCard, RdvCardPerson } from '../../../domain/rdv-card.ts';
import type { LocationType, RdvStatus } from '../../../domain/types.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { Rdv, type RdvFields } from '../../db/models/rdv.ts';
import { RdvRevision } from '../../db/models/rdv-revision.ts';
import { stampsOf, type OrganisationStamps } from '../../db/stamps.ts';
import type { Lean } from '../mappers.ts';
import { durationOf, loadRdvNames, type RdvNames } from '../rdv-names.ts';

/** The fields of an RDV a card is made of. */
export const CARD_PROJECTION = {
	startsAt: 1,
	endsAt: 1,
	durationMinutes: 1,
	timeZone: 1,
	days: 1,
	organisationId: 1,
	motifId: 1,
	serviceId: 1,
	locationType: 1,
	lieuId: 1,
	singleUseAddress: 1,
	agentIds: 1,
	participants: 1,
	participantNames: 1,
	status: 1,
	collective: 1,
	title: 1,
	maxParticipants: 1,
	createdBy: 1,
	version: 1,
	updatedAt: 1
} as const;

export type CardRdv = Pick<Lean<RdvFields>, keyof typeof CARD_PROJECTION | '_id'>;

/** Who made the RDV's latest write, as an id: the agent of its latest revision, or its creator for version 0. */
export type WriterOf = (rdv: CardRdv) => string | undefined;

/**
 * The card of an RDV, given the names of what it refers to and the agent of its latest write (if one made it).
 * Pure: the caller reads.
 */
export function cardFromRdv(rdv: CardRdv, names: RdvNames, updatedBy?: RdvCardPerson): RdvCard {
	const motif = names.motifOf(rdv);
	const lieu = names.lieuOf(rdv);
	const card: RdvCard = {
		id: String(rdv._id),
		organisationId: String(rdv.organisationId),
		version: rdv.version ?? 0,
		startsAt: rdv.startsAt.toISOString(),
		endsAt: rdv.endsAt.toISOString(),
		durationMinutes: durationOf(rdv),
		timeZone: rdv.timeZone,
		days: [...rdv.days],
		status: rdv.status as RdvStatus,
		motif: { ...motif, serviceId: String(rdv.serviceId), locationType: rdv.locationType as LocationType },
		agents: names.agentsOf(rdv),
		participants: names.participantsOf(rdv),
		collective: rdv.collective ?? false,
		updatedAt: (rdv.updatedAt ?? rdv.startsAt).toISOString()
	};
	if (lieu) card.lieu = lieu;
	if (rdv.singleUseAddress) card.singleUseAddress = rdv.singleUseAddress;
	if (rdv.title) card.title = rdv.title;
	if (rdv.maxParticipants) card.maxParticipants = rdv.maxParticipants;
	if (updatedBy) card.updatedBy = updatedBy;
	return card;
}

/**
 * The card of an RDV from its own fields alone (no read): motif, lieu and agents by id only, for
 * `withCurrentNames` (rdv-cards/read.ts) to name; participants by their stored names ('' when none is stored,
 * looked up there). For readers that select a few RDVs by a narrower key than the organisation's day.
 */
export function storedCardOf(rdv: CardRdv): RdvCard {
	const stored = new Map((rdv.participantNames ?? []).map((n) => [String(n.usagerId), n]));
	const unnamed = { firstName: '', lastName: '' };
	return cardFromRdv(rdv, {
		motifOf: (r) => ({ id: String(r.motifId), name: '', color: '' }),
		lieuOf: (r) => (r.lieuId ? { id: String(r.lieuId), name: '' } : undefined),
		agentsOf: (r) => r.agentIds.map((id) => ({ id: String(id), ...unnamed })),
		participantsOf: (r) =>
			r.participants.map((p) => {
				const n = stored.get(String(p.usagerId));
				return {
					usagerId: String(p.usagerId),
					firstName: n?.firstName ?? '',
					lastName: n?.lastName ?? '',
					status: p.status as RdvStatus
				};
			})
	});
}

/** The creator of a never-changed RDV when an agent made it; nothing otherwise (no revision is read). */
export const creatorOf: WriterOf = (rdv) =>
	(rdv.version ?? 0) === 0 && rdv.createdBy?.kind === 'agent' && rdv.createdBy.agentId
		? String(rdv.createdBy.agentId)
		: undefined;

/**
 * The agent of each RDV's latest write: its revision (one `rdvId` + `version` equality each), else its creator;
 * `known` writers (of that very version) are not read.
 */
async function latestWriters(
	rdvs: readonly CardRdv[],
	known?: LoadCardsOptions['writers']
): Promise<Map<string, string>> {
	const writers = new Map<string, string>();
	await Promise.all(
		rdvs.map(async (rdv) => {
			let agentId = creatorOf(rdv);
			const told = known?.get(String(rdv._id));
			if (told && told.version === (rdv.version ?? 0)) agentId = told.agentId ?? undefined;
			else if ((rdv.version ?? 0) > 0) {
				const revision = await RdvRevision.findOne(
					{ rdvId: String(rdv._id), version: rdv.version },
					{ agentId: 1 }
				).lean();
				agentId = revision?.agentId ? String(revision.agentId) : undefined;
			}
			if (agentId) writers.set(String(rdv._id), agentId);
		})
	);
	return writers;
}

export interface LoadCardsOptions {
	/** Who wrote each RDV last; by default read from its latest revision. */
	writerOf?: WriterOf;
	/**
	 * Writers the caller knows (the booking service that just saved): RDV id → the version written and its agent
	 * (null: not an agent). Used when the RDV read is at that version; others are read from their revision.
	 */
	writers?: ReadonlyMap<string, { version: number; agentId: string | null }>;
	/** Organisations' stamps the caller has read (organisation id → stamps): that organisation is not read again. */
	stamps?: ReadonlyMap<string, OrganisationStamps>;
}

/** Cards of these RDVs (any organisations), in their order. */
export async function loadRdvCards(rdvs: readonly CardRdv[], options: LoadCardsOptions = {}): Promise<RdvCard[]> {
	if (rdvs.length === 0) return [];
	const writers = options.writerOf
		? new Map(rdvs.flatMap((r) => (options.writerOf!(r) ? [[String(r._id), options.writerOf!(r)!] as const] : [])))
		: await latestWriters(rdvs, options.writers);
	const byOrganisation = new Map<string, CardRdv[]>();
	for (const rdv of rdvs) {
		const id = String(rdv.organisationId);
		byOrganisation.set(id, [...(byOrganisation.get(id) ?? []), rdv]);
	}
	const cards = new Map<string, RdvCard>();
	await Promise.all(
		[...byOrganisation].map(async ([organisationId, ofOrganisation]) => {
			const stamps =
				options.stamps?.get(organisationId) ??
				(await Organisation.findById(organisationId, { stamps: 1 })
					.lean()
					.then((o) => (o ? stampsOf(o) : undefined)));
			// The writers ride along as a pseudo-RDV so their names load with the agents' (cached members first).
			const writerIds = ofOrganisation.flatMap((r) => writers.get(String(r._id)) ?? []);
			const names = await loadRdvNames(
				organisationId,
				[...ofOrganisation, { motifId: ofOrganisation[0]!.motifId, agentIds: writerIds, participants: [] } as never],
				{ stamps }
			);
			for (const rdv of ofOrganisation) {
				const writer = writers.get(String(rdv._id));
				const updatedBy = writer ? names.agentsOf({ agentIds: [writer] } as unknown as CardRdv)[0] : undefined;
				cards.set(String(rdv._id), cardFromRdv(rdv, names, updatedBy));
			}
		})
	);
	return rdvs.map((r) => cards.get(String(r._id))!);
}

/** The card of one RDV as stored now; null when there is no such RDV. */
export async function loadRdvCard(rdvId: string): Promise<RdvCard | null> {
	if (!isObjectIdOrHexString(rdvId)) return null;
	const rdv = await Rdv.findById(rdvId, CARD_PROJECTION).lean<CardRdv | null>();
	if (!rdv) return null;
	return (await loadRdvCards([rdv]))[0]!;
}
