/**
 * Accent- and case-insensitive keys for people's names: duplicate detection ("same first name, last name and
 * birth date") and search select on these precomputed strings instead of collations, which FerretDB lacks.
 */

const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** 'Éloïse  DE-LA Tour' → 'eloise de la tour'. */
export function normalizeText(value: string): string {
	return value
		.toLowerCase()
		.replace(/[œæß]/g, (c) => LIGATURES[c])
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** Key for "same person" warnings; undefined without a birth date (too weak alone). */
export function nameBirthKey(firstName: string, lastName: string, birthDate?: string | null): string | undefined {
	if (!birthDate) return undefined;
	return `${normalizeText(firstName)}|${normalizeText(lastName)}|${birthDate}`;
}

/** A URL slug: 'CCAS de Béthune' → 'ccas-de-bethune'. */
export function slugify(value: string): string {
	return normalizeText(value).replace(/ /g, '-') || 'organisation';
}
