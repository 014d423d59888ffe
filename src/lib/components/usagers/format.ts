/** Display helpers of the usager pages. */

/** aaaa-mm-jj → jj/mm/aaaa. */
export function formatDay(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}

/** « Nadia BENALI ». */
export function fullName(u: { firstName: string; lastName: string }): string {
	return `${u.firstName} ${u.lastName.toLocaleUpperCase('fr')}`;
}
