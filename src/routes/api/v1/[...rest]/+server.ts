import { errorResponse, notFound } from '$lib/server/api/errors';
import type { RequestHandler } from './$types';

/** Unknown /api/v1 paths answer in the API's JSON error format, not with the HTML 404 page. */
export const fallback: RequestHandler = () =>
	errorResponse(notFound('Aucune route de l’API ne correspond à cette adresse : voir /api/v1/docs.'));
