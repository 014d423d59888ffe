/** Display helpers of the usager pages. */

/** aaaa-mm-jj → jj/mm/aaaa. */
export { frenchNumericDay as formatDay } from '../../domain/french-date.ts';

/** « Nadia BENALI »; « (nom non renseigné) » for an online account whose usager has not given their names yet. */
export function fullName(u: { firstName?: string | null; lastName?: string | null }): string {
	const name = `${u.firstName ?? ''} ${(u.lastName ?? '').toLocaleUpperCase('fr')}`.trim();
	return name || '(nom non renseigné)';
}
