/**
 * The public search steps (PRODUCT.md §6): services, then motifs deduplicated by name and type across the
 * territory's organisations, then lieu cards (or organisation cards for phone, visio and home motifs) with their
 * next availability. Only motifs open online to the audience, offered by a current plage, in the organisations of
 * the chosen département or the one organisation of a link. No personal data in any answer: organisations, lieux,
 * motifs and times only.
 */
import { distanceKm } from '../../../domain/geo.ts';
import type {
	PublicMotifDto,
	PublicOrganisationDto,
	PublicPlaceCardDto,
	PublicServiceDto
} from '../../../domain/public-booking.ts';
import type { TerritoryTimeZone } from '../../../domain/types.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { stampsOf } from '../../db/stamps.ts';
import { nextCreneau, searchLieuxWithNextAvailability } from '../creneaux.ts';
import { BriefCache } from './brief-cache.ts';
import {
	loadScope,
	openMotifs,
	plageLieux,
	publicLieux,
	serviceName,
	territoryById,
	validId,
	type CatalogMotif,
	type PublicAudience,
	type PublicOrganisation,
	type PublicScope,
	type ScopeResult
} from './catalog.ts';

export type { PublicAudience, PublicScope } from './catalog.ts';

export interface PublicSearchParams extends PublicScope {
	audience: PublicAudience;
	/** Service id: only its motifs. */
	service?: string;
	/** The deduplicated motif key (domain/public-booking.ts motifKey). */
	motif?: string;
	/** The usager's address, for distances to lieux. */
	latitude?: number;
	longitude?: number;
}

/** One organisation's concrete motif behind a deduplicated one. */
export interface PublicMotifOffer {
	organisationId: string;
	motifId: string;
}

export type PublicMotifWithOffers = PublicMotifDto & { offers: PublicMotifOffer[] };

export function organisationDto(org: PublicOrganisation): PublicOrganisationDto {
	return {
		id: String(org._id),
		name: org.name,
		slug: org.slug ?? '',
		...(org.phone ? { phone: org.phone } : {}),
		...(org.email ? { email: org.email } : {}),
		...(org.website ? { website: org.website } : {}),
		...(org.openingHoursText ? { openingHoursText: org.openingHoursText } : {})
	};
}

interface Offered {
	org: PublicOrganisation;
	motif: CatalogMotif;
	/** Public lieux of the plages offering it (public_office motifs only). */
	lieuIds: string[];
}

/**
 * Every motif open to the audience and offered by a current plage, per organisation of the scope: a public
 * office motif needs a plage at a lieu open to the public; the others any plage.
 */
async function offeredMotifs(scope: ScopeResult, params: PublicSearchParams): Promise<Offered[]> {
	const perOrg = await Promise.all(
		scope.organisations.map(async (org) => {
			const [motifs, lieux, byMotif] = await Promise.all([
				openMotifs(org, params.audience),
				publicLieux(org),
				plageLieux(org, scope.today)
			]);
			return motifs.flatMap((motif): Offered[] => {
				if (params.service && motif.serviceId !== params.service) return [];
				if (params.motif && motif.key !== params.motif) return [];
				const offered = byMotif.get(motif.id);
				if (!offered) return [];
				const lieuIds = motif.locationType === 'public_office' ? [...offered].filter((id) => lieux.has(id)) : [];
				if (motif.locationType === 'public_office' && lieuIds.length === 0) return [];
				return [{ org, motif, lieuIds }];
			});
		})
	);
	return perOrg.flat();
}

/** The services having at least one motif open online in the scope, by name. */
export async function listPublicServices(
	params: PublicSearchParams,
	now: Date = new Date()
): Promise<PublicServiceDto[]> {
	const scope = await loadScope(params, now);
	if (!scope) return [];
	const ids = [
		...new Set((await offeredMotifs(scope, { ...params, service: undefined })).map((o) => o.motif.serviceId))
	];
	const names = await Promise.all(ids.map((id) => serviceName(id)));
	return ids
		.flatMap((id, i) => (names[i] ? [{ id, name: names[i] }] : []))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/**
 * The motifs open online in the scope (of the service, when given), one per name and location type whichever
 * organisations offer it: the first organisation's spelling and « à lire avant » text.
 */
export async function listPublicMotifs(
	params: PublicSearchParams,
	now: Date = new Date()
): Promise<PublicMotifWithOffers[]> {
	const scope = await loadScope(params, now);
	if (!scope) return [];
	const byKey = new Map<string, PublicMotifWithOffers>();
	for (const { org, motif } of await offeredMotifs(scope, params)) {
		const offer = { organisationId: String(org._id), motifId: motif.id };
		const known = byKey.get(motif.key);
		if (known) {
			known.offers.push(offer);
			if (!known.organisationIds.includes(offer.organisationId)) known.organisationIds.push(offer.organisationId);
			continue;
		}
		byKey.set(motif.key, {
			key: motif.key,
			name: motif.name,
			locationType: motif.locationType,
			serviceId: motif.serviceId,
			...(motif.instructionsBeforeBooking ? { instructionsBeforeBooking: motif.instructionsBeforeBooking } : {}),
			organisationIds: [offer.organisationId],
			offers: [offer]
		});
	}
	return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export interface PublicPlacesResult {
	places: PublicPlaceCardDto[];
	/**
	 * How to reach the organisations (phone, e-mail, website, hours): those offering the motif, or every
	 * organisation of the scope when none does — shown when no card has an availability.
	 */
	contacts: PublicOrganisationDto[];
	/** The territory's zone (the cards' next availabilities are told in its wall-clock time). */
	timeZone: TerritoryTimeZone;
}

/** Next availabilities per (organisation, motif, day): a few seconds old is fine for a card. */
const nextCache = new BriefCache<Map<string, string | null>>();

/** Lieu id ('' for an organisation card) → next bookable start (ISO) or null, within 6 months. */
function nextAvailabilities(offer: Offered, today: string, now: Date): Promise<Map<string, string | null>> {
	const organisationId = String(offer.org._id);
	const q = { organisationId, motifId: offer.motif.id, from: today, audience: 'usager' as const, now };
	const stamps = stampsOf(offer.org);
	// The stamps: a plage, absence or motif change shows at once; bookings within seconds.
	const key = [
		offer.motif.id,
		today,
		stamps.plages,
		stamps.absences,
		stamps.settings,
		Math.floor(now.getTime() / 60_000)
	];
	return nextCache.get(key.join('|'), async () => {
		if (offer.motif.locationType !== 'public_office') {
			const found = await nextCreneau(q);
			return new Map([['', found?.next?.startsAt ?? null]]);
		}
		const found = await searchLieuxWithNextAvailability({ ...q, lieuIds: offer.lieuIds });
		return new Map((found?.lieux ?? []).map((c) => [c.lieu?.id ?? '', c.next?.startsAt ?? null]));
	});
}

const byNext = (a: PublicPlaceCardDto, b: PublicPlaceCardDto) =>
	a.nextStartsAt === b.nextStartsAt
		? 0
		: a.nextStartsAt === null
			? 1
			: b.nextStartsAt === null
				? -1
				: Date.parse(a.nextStartsAt) - Date.parse(b.nextStartsAt);

const placeName = (c: PublicPlaceCardDto) => c.lieu?.name ?? c.organisation.name;

/**
 * The cards of the motif chosen (`params.motif`): one per public lieu offering it (public_office), else one per
 * organisation. Sorted by distance when the usager's and the lieux' coordinates are known (lieux without
 * coordinates after), otherwise by next availability (none last); then by name.
 */
export async function listPublicPlaces(
	params: PublicSearchParams,
	now: Date = new Date()
): Promise<PublicPlacesResult> {
	const scope = await loadScope(params, now);
	if (!scope) return { places: [], contacts: [], timeZone: 'Europe/Paris' };
	const offers = params.motif ? await offeredMotifs(scope, params) : [];
	const origin =
		params.latitude !== undefined && params.longitude !== undefined
			? { latitude: params.latitude, longitude: params.longitude }
			: null;
	const places = (
		await Promise.all(
			offers.map(async (offer): Promise<PublicPlaceCardDto[]> => {
				const [next, lieux] = await Promise.all([nextAvailabilities(offer, scope.today, now), publicLieux(offer.org)]);
				const organisation = organisationDto(offer.org);
				if (offer.motif.locationType !== 'public_office')
					return [{ organisation, motifId: offer.motif.id, nextStartsAt: next.get('') ?? null }];
				return offer.lieuIds.flatMap((id) => {
					const lieu = lieux.get(id);
					if (!lieu) return [];
					const distance = origin && lieu.coordinates ? distanceKm(origin, lieu.coordinates) : undefined;
					return [
						{
							organisation,
							motifId: offer.motif.id,
							lieu: { id: lieu.id, name: lieu.name, address: lieu.address },
							...(distance !== undefined ? { distanceKm: distance } : {}),
							nextStartsAt: next.get(id) ?? null
						}
					];
				});
			})
		)
	).flat();
	places.sort((a, b) => {
		if (origin) {
			const da = a.distanceKm ?? Infinity;
			const db = b.distanceKm ?? Infinity;
			if (da !== db) return da - db;
		}
		return byNext(a, b) || placeName(a).localeCompare(placeName(b), 'fr');
	});
	const offering = new Set(offers.map((o) => String(o.org._id)));
	const contacts = scope.organisations
		.filter((o) => offering.size === 0 || offering.has(String(o._id)))
		.map(organisationDto);
	return { places, contacts, timeZone: scope.timeZone };
}

/** How to reach the organisations of the scope (the empty states of the service and motif steps). */
export async function listPublicOrganisations(
	scope: PublicScope,
	now: Date = new Date()
): Promise<PublicOrganisationDto[]> {
	return (await loadScope(scope, now))?.organisations.map(organisationDto) ?? [];
}

/** An organisation's public card and département (for `/org/{id}/{slug}`); null when unknown. */
export async function publicOrganisation(
	id: string
): Promise<(PublicOrganisationDto & { departement: string }) | null> {
	if (!validId(id)) return null;
	const org = await Organisation.findById(id).lean();
	if (!org) return null;
	const territory = await territoryById(String(org.territoryId));
	return territory ? { ...organisationDto(org), departement: territory.departementNumber } : null;
}

export interface ResolveMotifQuery {
	motifKey: string;
	organisationId?: string;
	lieuId?: string;
	serviceId?: string;
	audience: PublicAudience;
	now?: Date;
}

/**
 * The concrete motif of an organisation (given, or the lieu's) behind a deduplicated key, open to the audience
 * and offered by a current plage (at that lieu, when given); null otherwise — a forged or stale link lands on
 * the search again rather than on another organisation's motif.
 */
export async function resolvePublicMotif(q: ResolveMotifQuery): Promise<string | null> {
	let organisationId = q.organisationId;
	if (organisationId && !validId(organisationId)) return null;
	if (q.lieuId) {
		if (!validId(q.lieuId)) return null;
		const lieu = await Lieu.findById(q.lieuId, { organisationId: 1 }).lean();
		if (!lieu || (organisationId && String(lieu.organisationId) !== organisationId)) return null;
		organisationId = String(lieu.organisationId);
	}
	if (!organisationId) return null;
	const scope = await loadScope({ organisation: organisationId }, q.now ?? new Date());
	if (!scope) return null;
	const offers = await offeredMotifs(scope, { audience: q.audience, motif: q.motifKey, service: q.serviceId });
	// For phone, visio and home motifs a lieu only names its organisation.
	const found = offers.find(
		(o) => !q.lieuId || o.motif.locationType !== 'public_office' || o.lieuIds.includes(q.lieuId)
	);
	return found?.motif.id ?? null;
}
