/**
 * The public booking funnel's contract: its addresses, the parameters each step carries, which step a set of
 * parameters stands for, and the shapes the public pages and the public API exchange. Pure: the pages, the
 * services and the API all derive their links from here, so a bookmarked or shared address always lands on the
 * same step (PRODUCT.md §6: every step is a bookmarkable URL, back/forward work).
 *
 * Addresses:
 * - `/prendre-rdv?…`                 the search steps: address → service → motif → lieu (or organisation) → créneau grid
 * - `/prendre-rdv/identification?…`  e-mail code or FranceConnect (skipped when an usager session exists)
 * - `/prendre-rdv/informations?…`    « Vos informations » (names, phone, address as the motif needs)
 * - `/prendre-rdv/pour-qui?…`        self or a relative (add one)
 * - `/prendre-rdv/confirmation?…`    summary, « à lire avant » accepted, confirm (POST) → `/prendre-rdv/rdv/{rdvId}`
 * - `/prendre-rdv/prescripteur?…`    a prescripteur's own details, then the beneficiary's, then confirm
 * - `/org/{id}/{slug}`               an organisation's public link: redirects to `/prendre-rdv?organisation=…`
 * - `/usager/connexion?redirectTo=…` the usager sign-in (e-mail code, FranceConnect); `/usager/deconnexion`
 * - `/mon-espace…`                   the usager space (RDVs, move, cancel, profile, relatives, account)
 * Every search parameter travels through every step, so « Retour » and the browser's back button rebuild each one.
 */
import { slugify } from './text-keys.ts';
import { LOCATION_TYPES, type LocationType, type TerritoryTimeZone } from './types.ts';

export const FUNNEL_PATH = '/prendre-rdv';

export const FUNNEL_PATHS = {
	search: '/prendre-rdv',
	identification: '/prendre-rdv/identification',
	informations: '/prendre-rdv/informations',
	forWhom: '/prendre-rdv/pour-qui',
	confirmation: '/prendre-rdv/confirmation',
	prescripteur: '/prendre-rdv/prescripteur'
} as const;

export const USAGER_SIGN_IN_PATH = '/usager/connexion';
export const USAGER_SIGN_OUT_PATH = '/usager/deconnexion';
export const USAGER_SPACE_PATH = '/mon-espace';

/** Where a booked RDV's confirmation is shown to the usager (theirs or a relative's; a prescripteur's ends on its own page). */
export const bookedRdvPath = (rdvId: string) => `/prendre-rdv/rdv/${rdvId}`;

/**
 * The funnel's parameters, all optional, as they appear in the query string (French names: users see and share
 * these addresses). Ids are ObjectId hex strings; `creneau` is an ISO instant; `date` a local day 'YYYY-MM-DD'.
 */
export interface FunnelParams {
	/** Département number ('62', '974', '2A'): chosen on the home page or derived from the address. */
	departement?: string;
	/** The address typed, as the geocoder labelled it (shown back, never stored). */
	adresse?: string;
	/** Coordinates of the address, for distances to lieux. */
	latitude?: number;
	longitude?: number;
	/** Entered from an organisation's link (or chosen for phone / visio / home motifs): only its motifs. */
	organisation?: string;
	service?: string;
	/** The deduplicated motif: see motifKey. */
	motif?: string;
	lieu?: string;
	/** First day of the 7-day grid. */
	date?: string;
	/** The chosen slot's start (ISO 8601, with offset or Z). */
	creneau?: string;
	/** The booking is made by a prescripteur for a beneficiary. */
	prescripteur?: boolean;
	/** The pages are framed by a partner site (no header, no footer): carried along so the frame stays bare. */
	embed?: boolean;
}

const ID = /^[0-9a-f]{24}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DEPARTEMENT = /^(\d{2,3}|2[AB])$/;
const MOTIF_KEY = new RegExp(`^[\\p{L}\\p{N}-]{1,200}--(${LOCATION_TYPES.join('|')})$`, 'u');

/**
 * One key per motif « by name and type across organisations » (PRODUCT.md §6): the same motif offered by several
 * organisations under slightly different spellings (case, accents, punctuation) is shown once.
 */
export function motifKey(name: string, locationType: LocationType): string {
	return `${slugify(name)}--${locationType}`;
}

export function motifKeyLocationType(key: string): LocationType | null {
	const m = MOTIF_KEY.exec(key);
	return m ? (m[1] as LocationType) : null;
}

/**
 * Reads the parameters of a funnel address, dropping any that is malformed (a forged or truncated link lands on
 * the earliest step it still describes rather than on an error).
 */
export function parseFunnelParams(search: URLSearchParams): FunnelParams {
	const p: FunnelParams = {};
	const get = (k: string) => search.get(k)?.trim() || undefined;
	const departement = get('departement')?.toUpperCase();
	if (departement && DEPARTEMENT.test(departement)) p.departement = departement;
	const adresse = get('adresse');
	if (adresse && adresse.length <= 200) p.adresse = adresse;
	const lat = Number(get('latitude'));
	const lon = Number(get('longitude'));
	if (get('latitude') && get('longitude') && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
		p.latitude = lat;
		p.longitude = lon;
	}
	for (const k of ['organisation', 'service', 'lieu'] as const) {
		const v = get(k);
		if (v && ID.test(v)) p[k] = v.toLowerCase();
	}
	const motif = get('motif');
	if (motif && MOTIF_KEY.test(motif)) p.motif = motif;
	const date = get('date');
	if (date && DAY.test(date)) p.date = date;
	const creneau = get('creneau');
	if (creneau && !Number.isNaN(Date.parse(creneau)) && /^\d{4}-\d{2}-\d{2}T/.test(creneau)) p.creneau = creneau;
	if (get('prescripteur') === '1') p.prescripteur = true;
	if (get('embed') === '1') p.embed = true;
	return p;
}

/** The query string of a funnel address (stable order, empty values left out). */
export function funnelQuery(p: FunnelParams): string {
	const q = new URLSearchParams();
	if (p.departement) q.set('departement', p.departement);
	if (p.adresse) q.set('adresse', p.adresse);
	if (p.latitude !== undefined && p.longitude !== undefined) {
		q.set('latitude', String(p.latitude));
		q.set('longitude', String(p.longitude));
	}
	if (p.organisation) q.set('organisation', p.organisation);
	if (p.service) q.set('service', p.service);
	if (p.motif) q.set('motif', p.motif);
	if (p.lieu) q.set('lieu', p.lieu);
	if (p.date) q.set('date', p.date);
	if (p.creneau) q.set('creneau', p.creneau);
	if (p.prescripteur) q.set('prescripteur', '1');
	if (p.embed) q.set('embed', '1');
	const s = q.toString();
	return s ? `?${s}` : '';
}

export function funnelHref(path: (typeof FUNNEL_PATHS)[keyof typeof FUNNEL_PATHS], p: FunnelParams): string {
	return `${path}${funnelQuery(p)}`;
}

export type SearchStep = 'address' | 'service' | 'motif' | 'lieu' | 'creneau' | 'chosen';

/**
 * Which search step the parameters stand for. An organisation link starts at the service (its territory is
 * known); the service step is skipped by the page when only one service remains; phone, visio and home motifs
 * pick an organisation instead of a lieu; a slot ends the search (the next page is identification, or the
 * prescripteur's form).
 */
export function searchStep(p: FunnelParams): SearchStep {
	if (!p.departement && !p.organisation) return 'address';
	if (!p.service) return 'service';
	if (!p.motif) return 'motif';
	const type = motifKeyLocationType(p.motif);
	const placed = type === 'public_office' ? !!p.lieu : !!(p.organisation || p.lieu);
	if (!placed) return 'lieu';
	if (!p.creneau) return 'creneau';
	return 'chosen';
}

/** The parameters of the step before (« Retour »): each step forgets what it chose. */
export function previousStepParams(p: FunnelParams, step: SearchStep): FunnelParams {
	const keep = { ...p };
	switch (step) {
		case 'chosen':
			delete keep.creneau;
			break;
		case 'creneau':
			delete keep.creneau;
			delete keep.date;
			delete keep.lieu;
			break;
		case 'lieu':
			delete keep.motif;
			break;
		case 'motif':
			delete keep.service;
			break;
		case 'service':
			if (!p.organisation) {
				delete keep.departement;
				delete keep.adresse;
				delete keep.latitude;
				delete keep.longitude;
			}
			break;
		case 'address':
			break;
	}
	return keep;
}

// ---------------------------------------------------------------------------------------------------------------
// Shapes shared by the public pages, the usager space and the public API (no personal data in any of them).

export interface PublicServiceDto {
	id: string;
	name: string;
}

/** One deduplicated motif: what the usager picks; `organisationIds` are those offering it online. */
export interface PublicMotifDto {
	key: string;
	name: string;
	locationType: LocationType;
	serviceId: string;
	/** The « à lire avant » text, accepted in a dialog before booking (the first organisation's, if several). */
	instructionsBeforeBooking?: string;
	organisationIds: string[];
}

export interface PublicOrganisationDto {
	id: string;
	name: string;
	slug: string;
	phone?: string;
	email?: string;
	website?: string;
	openingHoursText?: string;
}

/** A lieu card (or, for phone / visio / home motifs, an organisation card: `lieu` absent). */
export interface PublicPlaceCardDto {
	organisation: PublicOrganisationDto;
	/** The concrete motif of that organisation behind the deduplicated key. */
	motifId: string;
	lieu?: { id: string; name: string; address: string };
	/** Kilometres from the usager's address, when both have coordinates. */
	distanceKm?: number;
	/** Next bookable slot (ISO instant) within the motif's window, or null when none in 6 months. */
	nextStartsAt: string | null;
}

export interface PublicSlotDto {
	/** ISO instant: the value of `creneau`. */
	startsAt: string;
	/** Local wall-clock 'HH:MM' in the territory's zone. */
	time: string;
}

/** The 7-day grid: one button per time (PRODUCT.md §4), whichever agent is free. */
export interface PublicGridDto {
	organisationId: string;
	motifId: string;
	lieuId?: string;
	timeZone: TerritoryTimeZone;
	from: string;
	to: string;
	days: { day: string; slots: PublicSlotDto[]; holiday?: string }[];
	/** First day of the previous week, when it is not wholly before the booking window; of the next one, always. */
	previousFrom?: string;
	nextFrom: string;
	/** When this week has no slot: the next bookable one, within 6 months (« Prochaine disponibilité le … »). */
	nextAvailability?: PublicSlotDto & { day: string };
	emptyMessage?: string;
}
