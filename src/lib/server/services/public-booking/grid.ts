/**
 * The public slot grid: one button per time whichever agent is free (PRODUCT.md §4), seven days at a time, and
 * the next free slots after a lost race. The hot path of anonymous traffic: answers are cached per node for a
 * few seconds, keyed by the organisation's change stamps (an agent's plage or absence change shows at once; a
 * booking elsewhere shows within seconds, and the booking itself re-checks against the RDVs).
 */
import { dayError } from '../../../domain/calendar-day.ts';
import { addDays, compareDays, daysBetween, localDay } from '../../../domain/local-time.ts';
import type { PublicGridDto, PublicSlotDto } from '../../../domain/public-booking.ts';
import type { MergedCreneauDto } from '../../../domain/dto.ts';
import type { TerritoryTimeZone } from '../../../domain/types.ts';
import { Motif } from '../../db/models/motif.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { stampsOf } from '../../db/stamps.ts';
import { CreneauxQueryError, MAX_SEARCH_DAYS, nextCreneau, searchCreneaux } from '../creneaux.ts';
import { BriefCache } from './brief-cache.ts';
import {
	openMotifs,
	publicLieux,
	territoryById,
	validId,
	type CatalogMotif,
	type PublicAudience,
	type PublicOrganisation
} from './catalog.ts';

const GRID_DAYS = 7;

interface Offer {
	org: PublicOrganisation;
	motif: CatalogMotif;
	/** Only slots at this lieu (public office motifs). */
	lieuIds?: string[];
	timeZone: TerritoryTimeZone;
	/** Part of every cache key: any change of plages, absences or settings is seen at once. */
	stamp: string;
}

/**
 * The organisation's motif, open online to the audience, and the lieu when given (one of the organisation's
 * lieux open to the public); null otherwise: another organisation's motif, a motif closed online, a
 * disabled lieu all read as unknown.
 */
async function loadOffer(
	organisationId: string,
	motifId: string,
	lieuId: string | undefined,
	audience: PublicAudience
): Promise<Offer | null> {
	if (!validId(organisationId) || !validId(motifId) || (lieuId !== undefined && !validId(lieuId))) return null;
	const org = await Organisation.findById(organisationId).lean();
	if (!org) return null;
	const [motifs, lieux, territory] = await Promise.all([
		openMotifs(org, audience),
		publicLieux(org),
		territoryById(String(org.territoryId))
	]);
	const motif = motifs.find((m) => m.id === motifId);
	if (!motif || !territory) return null;
	if (lieuId && !lieux.has(lieuId)) return null;
	const s = stampsOf(org);
	return {
		org,
		motif,
		...(lieuId && motif.locationType === 'public_office' ? { lieuIds: [lieuId] } : {}),
		timeZone: territory.timeZone as TerritoryTimeZone,
		stamp: `${s.plages}|${s.absences}|${s.settings}`
	};
}

/**
 * One entry per start time (two lieux at the same time make one button: the booking picks), or per lieu and
 * start time for the API, which says where.
 */
function slotsOf(merged: MergedCreneauDto[], perLieu = false): (PublicSlotDto & { day: string; lieuId?: string })[] {
	const seen = new Set<string>();
	return merged.flatMap((m) => {
		const key = perLieu ? `${m.lieuId ?? ''}|${m.startsAt}` : m.startsAt;
		if (seen.has(key)) return [];
		seen.add(key);
		return [{ startsAt: m.startsAt, time: m.time, day: m.day, ...(m.lieuId ? { lieuId: m.lieuId } : {}) }];
	});
}

/** The first local day of the usagers' booking window (prescripteurs have the same). */
const windowOpens = (offer: Offer, now: Date) =>
	localDay(new Date(now.getTime() + offer.motif.minBookingDelayMinutes * 60_000), offer.timeZone);

const gridCache = new BriefCache<PublicGridDto | null>();

export interface PublicGridQuery {
	organisationId: string;
	motifId: string;
	lieuId?: string;
	/** First day of the grid ('YYYY-MM-DD', territory's zone); a past day starts at today. */
	from: string;
	audience: PublicAudience;
	now?: Date;
	/** Skip the few-seconds cache (after a lost race, the usager must not be shown the same slot again). */
	fresh?: boolean;
	/** Only these agents' time: an usager moving an RDV keeps its agents (services/usager-space/move.ts). */
	agentIds?: string[];
}

/**
 * The 7-day grid of one motif (at one lieu). Null: unknown organisation, motif or lieu, or a motif not open
 * online to the audience. Throws CreneauxQueryError for an impossible day.
 */
export async function publicGrid(q: PublicGridQuery): Promise<PublicGridDto | null> {
	const message = dayError(q.from);
	if (message) throw new CreneauxQueryError('from', message);
	const now = q.now ?? new Date();
	const offer = await loadOffer(q.organisationId, q.motifId, q.lieuId, q.audience);
	if (!offer) return null;
	const today = localDay(now, offer.timeZone);
	const from = compareDays(q.from, today) < 0 ? today : q.from;
	const agents = q.agentIds?.length ? [...q.agentIds].sort() : undefined;
	const key = [
		q.motifId,
		q.lieuId ?? '',
		from,
		q.audience,
		offer.stamp,
		Math.floor(now.getTime() / 60_000),
		agents?.join(',') ?? ''
	].join('|');
	const compute = () => computeGrid(offer, from, today, now, agents);
	return q.fresh ? compute() : gridCache.get(key, compute);
}

async function computeGrid(
	offer: Offer,
	from: string,
	today: string,
	now: Date,
	agentIds?: string[]
): Promise<PublicGridDto | null> {
	const organisationId = String(offer.org._id);
	const to = addDays(from, GRID_DAYS);
	const base = {
		organisationId,
		motifId: offer.motif.id,
		audience: 'usager' as const,
		now,
		lieuIds: offer.lieuIds,
		...(agentIds ? { agentIds } : {})
	};
	const result = await searchCreneaux({ ...base, from, to });
	if (!result) return null;
	const slots = slotsOf(result.merged);
	const holidays = new Map(result.holidays.map((h) => [h.day, h.name]));
	const days = daysBetween(from, addDays(to, -1)).map((day) => ({
		day,
		slots: slots.filter((s) => s.day === day).map((s) => ({ startsAt: s.startsAt, time: s.time })),
		...(holidays.has(day) ? { holiday: holidays.get(day) } : {})
	}));
	const grid: PublicGridDto = {
		organisationId,
		motifId: offer.motif.id,
		...(offer.lieuIds ? { lieuId: offer.lieuIds[0] } : {}),
		timeZone: result.timeZone,
		from,
		to,
		days,
		// No previous week wholly before the booking window opens; and it starts at today at the earliest.
		...(compareDays(from, windowOpens(offer, now)) > 0
			? { previousFrom: compareDays(addDays(from, -GRID_DAYS), today) < 0 ? today : addDays(from, -GRID_DAYS) }
			: {}),
		nextFrom: to
	};
	if (slots.length > 0) return grid;
	const next = await nextCreneau({ ...base, from: to });
	return next?.next
		? {
				...grid,
				nextAvailability: { startsAt: next.next.startsAt, time: next.next.time, day: next.next.day },
				emptyMessage: 'Aucun créneau disponible cette semaine.'
			}
		: {
				...grid,
				emptyMessage:
					'Aucun créneau disponible dans les six prochains mois : contactez l’organisation pour prendre rendez-vous.'
			};
}

export interface NextPublicSlotsQuery {
	organisationId: string;
	motifId: string;
	lieuId?: string;
	/** Only slots starting strictly after this instant (the slot that was lost). */
	after: Date;
	audience: PublicAudience;
	now?: Date;
	/** How many slots at most (default 5). */
	count?: number;
}

/** The next free slots after `after` (« Ce créneau n'est plus disponible » offers them); never cached. */
export async function nextPublicSlots(q: NextPublicSlotsQuery): Promise<PublicSlotDto[] | null> {
	const now = q.now ?? new Date();
	const offer = await loadOffer(q.organisationId, q.motifId, q.lieuId, q.audience);
	if (!offer) return null;
	const count = q.count ?? 5;
	const organisationId = String(offer.org._id);
	const base = { organisationId, motifId: offer.motif.id, audience: 'usager' as const, now, lieuIds: offer.lieuIds };
	const found: PublicSlotDto[] = [];
	let from = localDay(q.after > now ? q.after : now, offer.timeZone);
	// A week at a time; an empty week jumps to the next availability. A few rounds cover any real agenda.
	for (let round = 0; round < 4 && found.length < count; round++) {
		const week = await searchCreneaux({ ...base, from, to: addDays(from, GRID_DAYS) });
		if (!week) return null;
		for (const s of slotsOf(week.merged))
			if (Date.parse(s.startsAt) > q.after.getTime() && found.length < count)
				found.push({ startsAt: s.startsAt, time: s.time });
		if (found.length >= count) break;
		const next = await nextCreneau({ ...base, from: addDays(from, GRID_DAYS) });
		if (!next?.next) break;
		from = next.next.day;
	}
	return found;
}

export interface PublicCreneauxQuery {
	motifId: string;
	lieuId?: string;
	/** Local days [from, to), at most 31 days. */
	from: string;
	to: string;
	audience: PublicAudience;
	now?: Date;
}

export interface PublicCreneauxResult {
	organisationId: string;
	motifId: string;
	lieuId?: string;
	timeZone: TerritoryTimeZone;
	from: string;
	to: string;
	slots: (PublicSlotDto & { day: string; lieuId?: string })[];
}

const creneauxCache = new BriefCache<PublicCreneauxResult | null>();

/**
 * The public availability API: the same slots as the grid over any range of up to 31 days, for a motif given
 * by id alone. Null when unknown or closed online; CreneauxQueryError for a bad range.
 */
export async function publicCreneaux(q: PublicCreneauxQuery): Promise<PublicCreneauxResult | null> {
	for (const field of ['from', 'to'] as const) {
		const message = dayError(q[field]);
		if (message) throw new CreneauxQueryError(field, message);
	}
	if (compareDays(q.to, q.from) <= 0)
		throw new CreneauxQueryError('to', 'La date de fin doit suivre la date de début.');
	if (compareDays(q.to, addDays(q.from, MAX_SEARCH_DAYS)) > 0)
		throw new CreneauxQueryError('to', `La recherche couvre au plus ${MAX_SEARCH_DAYS} jours.`);
	if (!validId(q.motifId)) return null;
	const motif = await Motif.findById(q.motifId, { organisationId: 1 }).lean();
	if (!motif) return null;
	const offer = await loadOffer(String(motif.organisationId), q.motifId, q.lieuId, q.audience);
	if (!offer) return null;
	const now = q.now ?? new Date();
	const key = [q.motifId, q.lieuId ?? '', q.from, q.to, q.audience, offer.stamp, Math.floor(now.getTime() / 60_000)];
	return creneauxCache.get(key.join('|'), async () => {
		const organisationId = String(offer.org._id);
		const result = await searchCreneaux({
			organisationId,
			motifId: offer.motif.id,
			from: q.from,
			to: q.to,
			audience: 'usager',
			now,
			lieuIds: offer.lieuIds
		});
		if (!result) return null;
		return {
			organisationId,
			motifId: offer.motif.id,
			...(offer.lieuIds ? { lieuId: offer.lieuIds[0] } : {}),
			timeZone: result.timeZone,
			from: q.from,
			to: q.to,
			slots: slotsOf(result.merged, true)
		};
	});
}
