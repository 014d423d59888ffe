/**
 * Every /api/v1 endpoint, found from the route files themselves: adding a `+server.ts` that exports an
 * `apiHandler` is enough to document it. Uses Vite's `import.meta.glob`, so only code that Vite bundles (routes,
 * vitest) may import this module — never the plain-Node entry or scripts.
 */
import { env } from '../env.ts';
import {
	buildOpenApiDocument,
	endpointsFromModules,
	type OpenApiDocument,
	type RegisteredEndpoint
} from './openapi.ts';

const modules = import.meta.glob<Record<string, unknown>>(
	['/src/routes/api/v1/**/+server.ts', '!/src/routes/api/v1/openapi.json/+server.ts'],
	{ eager: true }
);

export function apiEndpoints(): RegisteredEndpoint[] {
	return endpointsFromModules(modules);
}

let cached: OpenApiDocument | undefined;

export function openApiDocument(): OpenApiDocument {
	cached ??= buildOpenApiDocument(apiEndpoints(), { serverUrl: env.publicUrl });
	return cached;
}
