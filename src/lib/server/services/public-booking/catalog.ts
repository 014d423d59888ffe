/**
 * What the public search knows of an organisation: its motifs open online, its lieux open to the public and
 * which lieux each motif's current plages use. Anonymous visitors ask for the same few organisations over and
 * over, so these lists live in per-node caches keyed by the organisation's change stamps (db/stamps.ts): the
 * `settings` stamp for motifs and lieux, the `plages` stamp for the plages. The organisation documents
 * themselves are read per request (they carry the stamps): one equality query on the territory, or one by id.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { canBookMotif } from '../../../domain/booking-rules.ts';
import { localDay, compareDays } from '../../../domain/local-time.ts';
import { motifKey } from '../../../domain/public-booking.ts';
import type { BookableBy, LocationType, TerritoryTimeZone } from '../../../domain/types.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Motif } from '../../db/models/motif.ts';
import { Organisation, type OrganisationFields } from '../../db/models/organisation.ts';
import { PlageOuverture } from '../../db/models/plage-ouverture.ts';
import { Service } from '../../db/models/service.ts';
import { Territory, type TerritoryFields } from '../../db/models/territory.ts';
import { StampedCache } from '../../db/stamped-cache.ts';
import { stampsOf } from '../../db/stamps.ts';
import type { Lean } from '../mappers.ts';

/** Who searches: an usager (motifs open to everyone) or a prescripteur (motifs open to prescripteurs too). */
export type PublicAudience = 'usager' | 'prescripteur';

export interface CatalogMotif {
	id: string;
	key: string;
	name: string;
	locationType: LocationType;
	serviceId: string;
	bookableBy: BookableBy;
	/** The usagers' booking window opens this long after now (the grid's previous week stops there). */
	minBookingDelayMinutes: number;
	instructionsBeforeBooking?: string;
}

export interface CatalogLieu {
	id: string;
	name: string;
	address: string;
	coordinates?: { latitude: number; longitude: number };
}

interface Settings {
	/** Active individual motifs open to prescripteurs at least (usagers narrow further: `openMotifs`). */
	motifs: CatalogMotif[];
	/** Lieux open to the public ('enabled'): disabled and single-use addresses are never offered. */
	lieux: Map<string, CatalogLieu>;
}

const settingsCache = new StampedCache<Settings>();
/** Per organisation: motif id → lieu ids ('' for none) of the plages still running on the day of the key. */
const plagesCache = new StampedCache<Map<string, Set<string>>>();
/** Territories by département number and services by id: set up by admins, rarely changed; a minute is fine. */
const territoryCache = new StampedCache<Lean<TerritoryFields> | null>({ maxEntries: 200, maxAgeMs: 60_000 });
const serviceCache = new StampedCache<string | null>({ maxEntries: 500, maxAgeMs: 60_000 });

export type PublicOrganisation = Lean<OrganisationFields>;

export const validId = (id: string | undefined | null): id is string => !!id && isObjectIdOrHexString(id);

/**
 * Collective motifs are left out of online booking (their seats are taken through sessions agents create, not
 * slots), and follow-up motifs too: only usagers whose referent holds the plage may book those.
 */
async function loadSettings(organisationId: string): Promise<Settings> {
	const [motifs, lieux] = await Promise.all([
		Motif.find({ organisationId }).lean(),
		Lieu.find({ organisationId }, { name: 1, address: 1, coordinates: 1, availability: 1 }).lean()
	]);
	return {
		motifs: motifs
			.filter((m) => !m.deletedAt && !m.collective && !m.followUp && canBookMotif(m.bookableBy, 'prescripteur'))
			.map((m) => ({
				id: String(m._id),
				key: motifKey(m.name, m.locationType),
				name: m.name,
				locationType: m.locationType,
				serviceId: String(m.serviceId),
				bookableBy: m.bookableBy,
				minBookingDelayMinutes: m.minBookingDelayMinutes,
				...(m.instructionsBeforeBooking ? { instructionsBeforeBooking: m.instructionsBeforeBooking } : {})
			}))
			.sort((a, b) => a.name.localeCompare(b.name, 'fr')),
		lieux: new Map(
			lieux
				.filter((l) => (l.availability ?? 'enabled') === 'enabled')
				.map((l) => [
					String(l._id),
					{
						id: String(l._id),
						name: l.name,
						address: l.address,
						...(l.coordinates
							? { coordinates: { latitude: l.coordinates.latitude, longitude: l.coordinates.longitude } }
							: {})
					}
				])
		)
	};
}

function settingsOf(org: PublicOrganisation): Promise<Settings> {
	const id = String(org._id);
	return settingsCache.get(id, stampsOf(org).settings, () => loadSettings(id));
}

/** The organisation's motifs open online to this audience. */
export async function openMotifs(org: PublicOrganisation, audience: PublicAudience): Promise<CatalogMotif[]> {
	return (await settingsOf(org)).motifs.filter((m) => canBookMotif(m.bookableBy, audience));
}

export async function publicLieux(org: PublicOrganisation): Promise<Map<string, CatalogLieu>> {
	return (await settingsOf(org)).lieux;
}

/**
 * Motif id → lieux of the plages offering it that have not ended by `today` (local day of the territory): a motif
 * no current plage offers is not shown (it would only lead to empty grids).
 */
export async function plageLieux(org: PublicOrganisation, today: string): Promise<Map<string, Set<string>>> {
	const id = String(org._id);
	return plagesCache.get(id, `${stampsOf(org).plages}|${today}`, async () => {
		const plages = await PlageOuverture.find(
			{ organisationId: id },
			{ motifIds: 1, lieuId: 1, lastOccurrenceDay: 1, exceptions: 1 }
		).lean();
		const out = new Map<string, Set<string>>();
		for (const p of plages) {
			if (p.lastOccurrenceDay && compareDays(p.lastOccurrenceDay, today) < 0) continue;
			const lieux = [
				p.lieuId ? String(p.lieuId) : '',
				...(p.exceptions ?? []).flatMap((e) => (e.lieuId ? [String(e.lieuId)] : []))
			];
			for (const motifId of p.motifIds.map(String)) {
				const set = out.get(motifId) ?? new Set<string>();
				lieux.forEach((l) => set.add(l));
				out.set(motifId, set);
			}
		}
		return out;
	});
}

export async function territoryByDepartement(departement: string): Promise<Lean<TerritoryFields> | null> {
	const number = departement.toUpperCase();
	return territoryCache.get(`d:${number}`, '', () => Territory.findOne({ departementNumber: number }).lean());
}

export async function territoryById(id: string): Promise<Lean<TerritoryFields> | null> {
	return territoryCache.get(`i:${id}`, '', () => Territory.findById(id).lean());
}

export async function serviceName(id: string): Promise<string | null> {
	return serviceCache.get(id, '', async () => (await Service.findById(id, { name: 1 }).lean())?.name ?? null);
}

export interface PublicScope {
	/** Département number ('62', '2A', '974'). */
	departement?: string;
	/** One organisation (an organisation link): takes precedence over the département. */
	organisation?: string;
}

export interface ScopeResult {
	territory: Lean<TerritoryFields>;
	timeZone: TerritoryTimeZone;
	/** Today in the territory's zone. */
	today: string;
	organisations: PublicOrganisation[];
}

/** The organisations a search covers, with their territory; null when the scope names nothing. */
export async function loadScope(scope: PublicScope, now: Date): Promise<ScopeResult | null> {
	let territory: Lean<TerritoryFields> | null = null;
	let organisations: PublicOrganisation[] = [];
	if (scope.organisation) {
		if (!validId(scope.organisation)) return null;
		const org = await Organisation.findById(scope.organisation).lean();
		if (!org) return null;
		territory = await territoryById(String(org.territoryId));
		organisations = [org];
	} else if (scope.departement) {
		territory = await territoryByDepartement(scope.departement);
		if (territory) organisations = await Organisation.find({ territoryId: String(territory._id) }).lean();
	}
	if (!territory) return null;
	const timeZone = territory.timeZone as TerritoryTimeZone;
	organisations.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	return { territory, timeZone, today: localDay(now, timeZone), organisations };
}
