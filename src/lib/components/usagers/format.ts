/** Display helpers of the usager pages. */

/** aaaa-mm-jj → jj/mm/aaaa. */
export { frenchNumericDay as formatDay } from '../../domain/french-date.ts';

/** « Nadia BENALI ». */
export function fullName(u: { firstName: string; lastName: string }): string {
	return `${u.firstName} ${u.lastName.toLocaleUpperCase('fr')}`;
}
