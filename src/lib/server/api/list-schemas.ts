/** Pieces shared by the cursor-paginated lists of /api/v1 (RDV, séances, usagers) and their RDV items. */
import { z } from 'zod';

export const InstantSchema = z.string().describe('Instant ISO 8601 (UTC).');

/** The cursor of a filtered list: the previous page's nextCursor is only valid with the same filters. */
export const FilteredCursorSchema = z
	.string()
	.max(64)
	.optional()
	.describe('nextCursor de la page précédente, avec les mêmes filtres.');

/** The `limit` query parameter: a page size between 1 and `max`, `byDefault` when absent. */
export const pageLimitSchema = (max: number, byDefault: number) =>
	z.coerce.number().int().min(1).max(max).default(byDefault).describe(`Taille de page (${byDefault} par défaut).`);

/** When an RDV of a list is: its instants and its local start in the organisation's time zone. */
export const rdvWhenFields = {
	startsAt: InstantSchema,
	endsAt: InstantSchema,
	day: z.string().describe('Jour local de début (AAAA-MM-JJ), dans le fuseau de l’organisation.'),
	time: z.string().describe('Heure locale de début (HH:MM).')
};
