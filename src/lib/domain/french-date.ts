/** aaaa-mm-jj → jj/mm/aaaa: a day as French readers write it (usager birth dates, search keys, RDV summaries). */
export function frenchNumericDay(day: string): string {
	return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
