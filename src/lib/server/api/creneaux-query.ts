/** What the two slot-search endpoints (/creneaux and /creneaux/next) share: query parameters and refusals. */
import { z } from 'zod';
import { CreneauxQueryError } from '../services/creneaux.ts';
import { notFound, validationFailed } from './errors.ts';
import { DaySchema } from './plage-schemas.ts';
import { ObjectIdSchema } from './schemas.ts';

/** `from` and `to`: the API's one day schema (a real calendar day of 2000–2100), so 2027-02-30 is a 422. */
export const DayQuery = DaySchema;

/** `?agentIds=a&agentIds=b` (or a single value). */
export const IdListQuery = z
	.union([ObjectIdSchema, z.array(ObjectIdSchema)])
	.transform((v) => (Array.isArray(v) ? v : [v]));

/** Runs a search: an unknown motif answers 404, a query the search refuses 422 on its parameter. */
export async function searchCall<T>(search: () => Promise<T | null>): Promise<T> {
	try {
		const result = await search();
		if (!result) throw notFound('Motif introuvable.');
		return result;
	} catch (err) {
		if (err instanceof CreneauxQueryError)
			throw validationFailed([{ location: 'query', path: err.field, code: 'custom', message: err.message }]);
		throw err;
	}
}
