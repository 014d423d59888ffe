/**
 * Addresses → département (and coordinates when known), for the public search's first step. The national
 * address API (BAN, api-adresse.data.gouv.fr) when it answers within a short timeout; otherwise the pure
 * fallback (domain/geo.ts), which reads a département number or name or a postcode from the text typed — the
 * funnel then still reaches the right territory, only without distances. Addresses are personal data: none is
 * ever logged, only that the geocoder failed and how.
 */
import { departementFromQuery, departementOfPostcode, departementOfText } from '../../domain/geo.ts';
import { env } from '../env.ts';
import { logger } from '../logger.ts';

export interface GeocodedAddress {
	/** As the geocoder labelled it ('8 Place du Théâtre 62000 Arras'), or the text typed for the fallback. */
	label: string;
	postcode: string;
	/** INSEE code of the commune. */
	citycode?: string;
	departement: string;
	latitude?: number;
	longitude?: number;
}

export interface Geocoder {
	/** Up to 5 candidates, best first; empty when nothing matches. Never throws for a network failure. */
	search(q: string): Promise<GeocodedAddress[]>;
}

/** Longest query sent: BAN refuses more than 200 characters. */
const MAX_QUERY = 200;

interface BanFeature {
	geometry?: { coordinates?: unknown };
	properties?: { label?: unknown; postcode?: unknown; citycode?: unknown; context?: unknown };
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** One BAN feature, or null when it lacks what the search needs (a label and a département). */
export function fromBanFeature(feature: BanFeature): GeocodedAddress | null {
	const p = feature.properties ?? {};
	const label = text(p.label);
	const postcode = text(p.postcode);
	// `context` is 'département number, département name, région': the number is the reliable part.
	const fromContext = text(p.context)?.split(',')[0]?.trim();
	const departement =
		(fromContext && departementOfText(fromContext)) || (postcode ? departementOfPostcode(postcode) : null);
	if (!label || !departement) return null;
	const [longitude, latitude] = Array.isArray(feature.geometry?.coordinates) ? feature.geometry.coordinates : [];
	const citycode = text(p.citycode);
	return {
		label,
		postcode: postcode ?? '',
		...(citycode ? { citycode } : {}),
		departement,
		...(typeof latitude === 'number' &&
		typeof longitude === 'number' &&
		Math.abs(latitude) <= 90 &&
		Math.abs(longitude) <= 180
			? { latitude, longitude }
			: {})
	};
}

/** The BAN client: throws on a network error, a timeout or an unexpected answer (the composed geocoder decides). */
export function banGeocoder(options: { baseUrl: string; timeoutMs?: number }): Geocoder {
	const base = options.baseUrl.replace(/\/$/, '');
	return {
		async search(q) {
			const url = `${base}/search/?${new URLSearchParams({ q: q.slice(0, MAX_QUERY), limit: '5' })}`;
			const res = await fetch(url, {
				signal: AbortSignal.timeout(options.timeoutMs ?? 1_500),
				headers: { accept: 'application/json' }
			});
			if (!res.ok) throw new Error(`geocoder answered ${res.status}`);
			const body = (await res.json()) as { features?: unknown };
			if (!Array.isArray(body.features)) throw new Error('geocoder answered without features');
			return (body.features as BanFeature[]).flatMap((f) => fromBanFeature(f) ?? []).slice(0, 5);
		}
	};
}

/** What the text typed says by itself (département number or name, postcode), as one candidate. */
export function fallbackGeocode(q: string): GeocodedAddress[] {
	const derived = departementFromQuery(q);
	return derived ? [{ label: q.trim(), postcode: derived.postcode ?? '', departement: derived.departement }] : [];
}

/**
 * BAN first, the fallback when it fails or finds nothing. A bare département (« 62 », « Nord ») skips BAN: it
 * is no address, and BAN would answer streets named after it.
 */
export function composedGeocoder(primary: Geocoder): Geocoder {
	return {
		async search(raw) {
			const q = raw.trim().slice(0, MAX_QUERY);
			if (q.length < 2) return [];
			if (departementOfText(q)) return fallbackGeocode(q);
			// BAN needs 3 characters and one starting with a letter or digit.
			if (q.length >= 3 && /^[\p{L}\p{N}]/u.test(q)) {
				try {
					const found = await primary.search(q);
					if (found.length > 0) return found;
				} catch (err) {
					// The reason only: the query is an address.
					logger.warn({ reason: err instanceof Error ? err.name : 'unknown' }, 'Geocoder unavailable, fallback used');
				}
			}
			return fallbackGeocode(q);
		}
	};
}

/** The geocoder configured by GEOCODER_URL (the national address API by default). */
export function geocoder(): Geocoder {
	return composedGeocoder(banGeocoder({ baseUrl: env.geocoderUrl }));
}
