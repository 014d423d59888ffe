import { API_ERROR_DESCRIPTIONS } from '$lib/server/api/errors';
import { DEFAULT_API_RATE_LIMIT } from '$lib/server/api/endpoint';
import { openApiDocument } from '$lib/server/api/registry';
import { env } from '$lib/server/env';
import type { PageServerLoad } from './$types';

/** Public page: the document describes shapes only, no data. */
export const load: PageServerLoad = () => ({
	doc: openApiDocument(),
	baseUrl: env.publicUrl,
	errorCodes: Object.entries(API_ERROR_DESCRIPTIONS).map(([code, d]) => ({ code, ...d })),
	rateLimit: DEFAULT_API_RATE_LIMIT
});
