/**
 * Addresses without a geocoder: the département a typed postcode, département number or département name
 * stands for, and distances between coordinates. Pure: the public search falls back on this when the national
 * address API is down or answers nothing, so the funnel still reaches the right territory.
 */
import { normalizeText } from './text-keys.ts';

/** Metropolitan and overseas départements by number ('2A', '2B' for Corsica; '975' Saint-Pierre-et-Miquelon). */
const DEPARTEMENT_NAMES: Record<string, string> = {
	'01': 'Ain',
	'02': 'Aisne',
	'03': 'Allier',
	'04': 'Alpes-de-Haute-Provence',
	'05': 'Hautes-Alpes',
	'06': 'Alpes-Maritimes',
	'07': 'Ardèche',
	'08': 'Ardennes',
	'09': 'Ariège',
	'10': 'Aube',
	'11': 'Aude',
	'12': 'Aveyron',
	'13': 'Bouches-du-Rhône',
	'14': 'Calvados',
	'15': 'Cantal',
	'16': 'Charente',
	'17': 'Charente-Maritime',
	'18': 'Cher',
	'19': 'Corrèze',
	'2A': 'Corse-du-Sud',
	'2B': 'Haute-Corse',
	'21': 'Côte-d’Or',
	'22': 'Côtes-d’Armor',
	'23': 'Creuse',
	'24': 'Dordogne',
	'25': 'Doubs',
	'26': 'Drôme',
	'27': 'Eure',
	'28': 'Eure-et-Loir',
	'29': 'Finistère',
	'30': 'Gard',
	'31': 'Haute-Garonne',
	'32': 'Gers',
	'33': 'Gironde',
	'34': 'Hérault',
	'35': 'Ille-et-Vilaine',
	'36': 'Indre',
	'37': 'Indre-et-Loire',
	'38': 'Isère',
	'39': 'Jura',
	'40': 'Landes',
	'41': 'Loir-et-Cher',
	'42': 'Loire',
	'43': 'Haute-Loire',
	'44': 'Loire-Atlantique',
	'45': 'Loiret',
	'46': 'Lot',
	'47': 'Lot-et-Garonne',
	'48': 'Lozère',
	'49': 'Maine-et-Loire',
	'50': 'Manche',
	'51': 'Marne',
	'52': 'Haute-Marne',
	'53': 'Mayenne',
	'54': 'Meurthe-et-Moselle',
	'55': 'Meuse',
	'56': 'Morbihan',
	'57': 'Moselle',
	'58': 'Nièvre',
	'59': 'Nord',
	'60': 'Oise',
	'61': 'Orne',
	'62': 'Pas-de-Calais',
	'63': 'Puy-de-Dôme',
	'64': 'Pyrénées-Atlantiques',
	'65': 'Hautes-Pyrénées',
	'66': 'Pyrénées-Orientales',
	'67': 'Bas-Rhin',
	'68': 'Haut-Rhin',
	'69': 'Rhône',
	'70': 'Haute-Saône',
	'71': 'Saône-et-Loire',
	'72': 'Sarthe',
	'73': 'Savoie',
	'74': 'Haute-Savoie',
	'75': 'Paris',
	'76': 'Seine-Maritime',
	'77': 'Seine-et-Marne',
	'78': 'Yvelines',
	'79': 'Deux-Sèvres',
	'80': 'Somme',
	'81': 'Tarn',
	'82': 'Tarn-et-Garonne',
	'83': 'Var',
	'84': 'Vaucluse',
	'85': 'Vendée',
	'86': 'Vienne',
	'87': 'Haute-Vienne',
	'88': 'Vosges',
	'89': 'Yonne',
	'90': 'Territoire de Belfort',
	'91': 'Essonne',
	'92': 'Hauts-de-Seine',
	'93': 'Seine-Saint-Denis',
	'94': 'Val-de-Marne',
	'95': 'Val-d’Oise',
	'971': 'Guadeloupe',
	'972': 'Martinique',
	'973': 'Guyane',
	'974': 'La Réunion',
	'975': 'Saint-Pierre-et-Miquelon',
	'976': 'Mayotte'
};

const BY_NAME = new Map(Object.entries(DEPARTEMENT_NAMES).map(([number, name]) => [normalizeText(name), number]));
// Usual short forms typed in a search box.
BY_NAME.set('reunion', '974');
BY_NAME.set('corse du sud', '2A');
BY_NAME.set('belfort', '90');

/** The département's name ('62' → 'Pas-de-Calais'), undefined for an unknown number. */
export function departementName(number: string): string | undefined {
	return DEPARTEMENT_NAMES[number.toUpperCase()];
}

/**
 * The département of a 5-digit postcode: its first two digits, three overseas (97x); Corsica's 20xxx split at
 * 20200 (20000–20199 Corse-du-Sud, the rest Haute-Corse); 98xxx (Monaco, Pacific collectivities) and 00xxx have
 * none here.
 */
export function departementOfPostcode(postcode: string): string | null {
	if (!/^\d{5}$/.test(postcode)) return null;
	if (postcode.startsWith('97')) return DEPARTEMENT_NAMES[postcode.slice(0, 3)] ? postcode.slice(0, 3) : null;
	if (postcode.startsWith('98') || postcode.startsWith('00')) return null;
	if (postcode.startsWith('20')) return Number(postcode) < 20200 ? '2A' : '2B';
	return postcode.slice(0, 2);
}

/** A bare département number ('62', '6', '2a', '974') or name ('Pas-de-Calais', 'la reunion'); else null. */
export function departementOfText(text: string): string | null {
	const t = text.trim();
	const number = /^\d{1,3}$|^2[ab]$/i.test(t) ? t.toUpperCase().padStart(2, '0') : null;
	if (number) return DEPARTEMENT_NAMES[number] ? number : null;
	const key = normalizeText(t);
	return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/^(la|le|les) /, '')) ?? null;
}

export interface DerivedPlace {
	departement: string;
	postcode?: string;
}

/**
 * What a typed search says without a geocoder: a département number or name, or else the last 5-digit group of
 * an address ('8 place du Théâtre, 62000 Arras' → 62).
 */
export function departementFromQuery(query: string): DerivedPlace | null {
	const bare = departementOfText(query);
	if (bare) return { departement: bare };
	const postcodes = query.match(/(?<!\d)\d{5}(?!\d)/g);
	const postcode = postcodes?.at(-1);
	const departement = postcode ? departementOfPostcode(postcode) : null;
	return departement && postcode ? { departement, postcode } : null;
}

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km (haversine), rounded to 0.1 km: the cards show « à 3,4 km ». */
export function distanceKm(
	a: { latitude: number; longitude: number },
	b: { latitude: number; longitude: number }
): number {
	const rad = (deg: number) => (deg * Math.PI) / 180;
	const dLat = rad(b.latitude - a.latitude);
	const dLon = rad(b.longitude - a.longitude);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
	const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
	return Math.round(km * 10) / 10;
}
