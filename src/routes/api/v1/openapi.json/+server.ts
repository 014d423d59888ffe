import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/registry';
import type { RequestHandler } from './$types';

/** Public, like any API description: it holds no data, only the shapes. */
export const GET: RequestHandler = () =>
	json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } });
