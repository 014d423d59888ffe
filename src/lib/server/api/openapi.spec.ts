import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EndpointSpec } from './endpoint.ts';
import {
	buildOpenApiDocument,
	component,
	errorStatuses,
	routePathFromFile,
	type RegisteredEndpoint
} from './openapi.ts';

describe('routePathFromFile', () => {
	it('turns route files into OpenAPI paths', () => {
		expect(routePathFromFile('/src/routes/api/v1/me/+server.ts')).toBe('/api/v1/me');
		expect(routePathFromFile('/src/routes/api/v1/organisations/[orgId]/+server.ts')).toBe(
			'/api/v1/organisations/{orgId}'
		);
		expect(routePathFromFile('/src/routes/api/v1/(v1)/rdvs/[id=objectid]/+server.ts')).toBe('/api/v1/rdvs/{id}');
	});

	it('refuses what OpenAPI paths cannot express', () => {
		expect(() => routePathFromFile('/src/routes/api/v1/files/[...rest]/+server.ts')).toThrow(/Unsupported/);
		expect(() => routePathFromFile('/src/routes/api/v1/me/+page.ts')).toThrow(/Not a route/);
	});
});

const Thing = component(
	'SpecThing',
	z.object({ id: z.string(), createdAt: z.iso.datetime(), note: z.string().optional() }).describe('Une chose')
);

const listThings: EndpointSpec = {
	operationId: 'listThings',
	summary: 'Liste',
	tags: ['Things'],
	query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20).describe('Nombre maximum') }),
	response: z.object({ data: z.array(Thing) })
};
const getThing: EndpointSpec = {
	operationId: 'getThing',
	summary: 'Une',
	params: z.object({ thingId: z.string() }),
	response: Thing,
	errors: [403]
};
const createThing: EndpointSpec = {
	operationId: 'createThing',
	summary: 'Créer',
	body: z.object({ name: z.string().min(1) }),
	response: Thing,
	status: 201
};
const publicThing: EndpointSpec = { operationId: 'ping', summary: 'Ping', auth: false, response: z.object({}) };

const endpoints: RegisteredEndpoint[] = [
	{ method: 'GET', path: '/api/v1/things', spec: listThings },
	{ method: 'POST', path: '/api/v1/things', spec: createThing },
	{ method: 'GET', path: '/api/v1/things/{thingId}', spec: getThing },
	{ method: 'GET', path: '/api/v1/ping', spec: publicThing }
];

/** Every `$ref` in the document, for checking they all resolve. */
function refs(value: unknown, out: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((v) => refs(v, out));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			if (k === '$ref' && typeof v === 'string') out.push(v);
			else refs(v, out);
		}
	}
	return out;
}

describe('buildOpenApiDocument', () => {
	const doc = buildOpenApiDocument(endpoints, { serverUrl: 'http://localhost:3000' });

	it('is an OpenAPI 3.1 document with bearer security by default', () => {
		expect(doc.openapi).toBe('3.1.0');
		expect(doc.security).toEqual([{ bearerAuth: [] }]);
		expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
		expect(doc.paths['/api/v1/ping']?.get?.security).toEqual([]);
	});

	it('documents parameters from the zod schemas', () => {
		expect(doc.paths['/api/v1/things']?.get?.parameters).toEqual([
			{
				name: 'limit',
				in: 'query',
				required: false,
				description: 'Nombre maximum',
				schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 }
			}
		]);
		expect(doc.paths['/api/v1/things/{thingId}']?.get?.parameters).toEqual([
			{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }
		]);
	});

	it('names response and body schemas as components, reusing named ones', () => {
		const list = doc.paths['/api/v1/things']?.get?.responses['200'];
		expect(list).toMatchObject({
			content: { 'application/json': { schema: { $ref: '#/components/schemas/ListThingsResponse' } } }
		});
		expect(doc.components.schemas.ListThingsResponse).toMatchObject({
			properties: { data: { type: 'array', items: { $ref: '#/components/schemas/SpecThing' } } }
		});
		expect(doc.paths['/api/v1/things/{thingId}']?.get?.responses['200']).toMatchObject({
			content: { 'application/json': { schema: { $ref: '#/components/schemas/SpecThing' } } }
		});
		const create = doc.paths['/api/v1/things']?.post;
		expect(create?.responses['201']).toBeDefined();
		expect(create?.requestBody?.content['application/json'].schema).toEqual({
			$ref: '#/components/schemas/CreateThingBody'
		});
		for (const schema of Object.values(doc.components.schemas)) {
			expect(schema).not.toHaveProperty('$id');
			expect(schema).not.toHaveProperty('$schema');
		}
	});

	it('lists the automatic error responses', () => {
		expect(Object.keys(doc.paths['/api/v1/things/{thingId}']?.get?.responses ?? {})).toEqual([
			'200',
			'401',
			'403',
			'404',
			'429',
			'500'
		]);
		expect(errorStatuses(createThing)).toEqual([400, 401, 413, 415, 422, 429, 500]);
		expect(errorStatuses(publicThing)).toEqual([500]);
	});

	it('has every $ref resolving inside the document', () => {
		for (const ref of refs(doc)) {
			const target = ref
				.replace(/^#\//, '')
				.split('/')
				.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
			expect(target, ref).toBeDefined();
		}
	});

	it('refuses two components with one name', () => {
		expect(() => component('SpecThing', z.string())).toThrow(/declared twice/);
	});
});

describe('per-operation error descriptions', () => {
	it('documents what a status means on that operation, with the error schema', () => {
		const cancelThing: EndpointSpec = {
			operationId: 'cancelThing',
			summary: 'Annuler',
			params: z.object({ thingId: z.string() }),
			response: z.object({}),
			errors: [409],
			errorDescriptions: { 409: 'already_cancelled : déjà annulée.' }
		};
		const doc = buildOpenApiDocument([{ method: 'POST', path: '/api/v1/things/{thingId}/cancel', spec: cancelThing }], {
			serverUrl: 'http://localhost'
		});
		const responses = doc.paths['/api/v1/things/{thingId}/cancel']?.post?.responses ?? {};
		expect(responses['409']).toEqual({
			description: 'already_cancelled : déjà annulée.',
			content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
		});
		// The other statuses keep the shared responses.
		expect(responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
	});
});
