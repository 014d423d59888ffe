/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the endpoints validate with (zod 4's
 * `z.toJSONSchema`, whose draft 2020-12 output is what OpenAPI 3.1 schemas are). Endpoints are found from their
 * route files (see registry.ts), their path derived from the file's place in src/routes.
 */
import { z } from 'zod';
import { API_ERROR_CODES, ErrorBodySchema } from './errors.ts';
import { endpointSpecOf, type EndpointSpec } from './endpoint.ts';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RegisteredEndpoint {
	method: HttpMethod;
	/** OpenAPI path, e.g. `/api/v1/organisations/{orgId}`. */
	path: string;
	spec: EndpointSpec;
}

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
	openapi: '3.1.0';
	info: { title: string; version: string; description: string };
	servers: { url: string }[];
	security: Record<string, string[]>[];
	tags: { name: string; description?: string }[];
	paths: Record<string, Record<string, OpenApiOperation>>;
	components: {
		securitySchemes: Record<string, JsonSchema>;
		schemas: Record<string, JsonSchema>;
		responses: Record<string, JsonSchema>;
	};
}

export interface OpenApiParameter {
	name: string;
	in: 'path' | 'query' | 'header';
	required: boolean;
	description?: string;
	schema: JsonSchema;
}

export interface OpenApiOperation {
	operationId: string;
	summary: string;
	description?: string;
	tags?: string[];
	security?: Record<string, string[]>[];
	parameters?: OpenApiParameter[];
	requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
	responses: Record<
		string,
		| {
				description: string;
				headers?: Record<string, { description: string; schema: JsonSchema }>;
				content?: { 'application/json': { schema: JsonSchema } };
		  }
		| { $ref: string }
	>;
}

// ---- Named components ----

const components = new Map<string, z.ZodType>();

/**
 * Gives a response schema a name in `components.schemas` (referenced wherever it is reused). Names are global:
 * declare each once, at module level, next to the schema.
 */
export function component<S extends z.ZodType>(name: string, schema: S): S {
	const existing = components.get(name);
	if (existing && existing !== schema) throw new Error(`OpenAPI component "${name}" is declared twice`);
	components.set(name, schema);
	return schema;
}

component('Error', ErrorBodySchema);

// ---- Route discovery ----

/**
 * `/src/routes/api/v1/organisations/[orgId]/+server.ts` → `/api/v1/organisations/{orgId}`; route groups
 * `(name)` vanish, matchers `[id=objectid]` keep their name.
 */
export function routePathFromFile(file: string): string {
	const match = /\/routes(\/.*)?\/\+server\.[jt]s$/.exec(file);
	if (!match) throw new Error(`Not a route file: ${file}`);
	const segments = (match[1] ?? '')
		.split('/')
		.filter((s) => s && !/^\(.+\)$/.test(s))
		.map((s) => {
			if (s.startsWith('[[') || s.startsWith('[...')) throw new Error(`Unsupported route segment ${s} in ${file}`);
			const param = /^\[(\w+)(?:=\w+)?\]$/.exec(s);
			return param ? `{${param[1]}}` : s;
		});
	return `/${segments.join('/')}`;
}

/** Every `apiHandler` export of the given route modules (`import.meta.glob` result). */
export function endpointsFromModules(modules: Record<string, Record<string, unknown>>): RegisteredEndpoint[] {
	const endpoints: RegisteredEndpoint[] = [];
	for (const [file, mod] of Object.entries(modules)) {
		for (const method of HTTP_METHODS) {
			const spec = endpointSpecOf(mod[method]);
			if (spec) endpoints.push({ method, path: routePathFromFile(file), spec });
		}
	}
	return endpoints.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

// ---- Document ----

const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
	400: { name: 'BadRequest', description: 'Requête mal formée (JSON invalide).' },
	401: { name: 'Unauthorized', description: 'Jeton absent, invalide, révoqué ou expiré.' },
	403: { name: 'Forbidden', description: 'Le jeton est valide mais son agent n’a pas accès à cette ressource.' },
	404: { name: 'NotFound', description: 'Ressource introuvable.' },
	409: { name: 'Conflict', description: 'Conflit avec l’état actuel de la ressource.' },
	413: { name: 'PayloadTooLarge', description: 'Corps de la requête trop volumineux.' },
	415: { name: 'UnsupportedMediaType', description: 'Le corps doit être du JSON (Content-Type: application/json).' },
	428: {
		name: 'PreconditionRequired',
		description: 'Version lue absente : envoyez l’en-tête If-Match (l’ETag du GET) ou le champ version.'
	},
	422: { name: 'ValidationFailed', description: 'Paramètres ou corps invalides ; details liste chaque champ.' },
	429: {
		name: 'RateLimited',
		description: 'Trop de requêtes pour ce jeton ; réessayez après le délai de l’en-tête Retry-After.'
	},
	500: { name: 'InternalError', description: 'Erreur inattendue ; details.requestId identifie la requête.' }
};

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const API_DESCRIPTION = `API REST de Guichet, avec les mêmes droits que l'interface : chaque jeton agit au nom de l'agent qui l'a créé.

**Authentification** : créez un jeton dans « Mon compte » (il n'est affiché qu'une fois) ou avec \`npm run api-token -- <email>\`, puis envoyez l'en-tête \`Authorization: Bearer <jeton>\`.

**Erreurs** : toute erreur répond en JSON \`{ "error": { "code", "message", "details" } }\`. \`code\` est stable (${API_ERROR_CODES.join(', ')}) ; \`message\` est une phrase en français.

**Limite de débit** : par jeton ; au-delà, réponse 429 avec l'en-tête \`Retry-After\` (secondes).

**Réservation en ligne** : les ressources \`/api/v1/public/…\` (motifs et créneaux ouverts aux usagers) se lisent sans jeton, limitées par adresse réseau, et leurs réponses peuvent être gardées 30 secondes en cache.

**Dates** : instants au format ISO 8601 en UTC ; jours locaux au format AAAA-MM-JJ. Seuls les jours réels (pas de 30 février) et les dates de 2000 à 2100 sont acceptés (422 sinon). Les RDV commencent sur un multiple de 5 minutes, sans secondes, et durent un multiple de 5 minutes : les agendas sont réservés par pas de 5 minutes.`;

export function buildOpenApiDocument(endpoints: RegisteredEndpoint[], options: { serverUrl: string }): OpenApiDocument {
	const outputRegistry = z.registry<{ id: string }>();
	for (const [name, schema] of components) outputRegistry.add(schema, { id: name });
	const inputRegistry = z.registry<{ id: string }>();
	const responseNames = new Map<EndpointSpec, string>();
	const bodyNames = new Map<EndpointSpec, string>();
	for (const { spec } of endpoints) {
		const named = outputRegistry.get(spec.response)?.id;
		const responseName = named ?? `${pascal(spec.operationId)}Response`;
		if (!named) outputRegistry.add(spec.response, { id: responseName });
		responseNames.set(spec, responseName);
		if (spec.body) {
			const bodyName = `${pascal(spec.operationId)}Body`;
			inputRegistry.add(spec.body, { id: bodyName });
			bodyNames.set(spec, bodyName);
		}
	}
	const schemas = {
		...convertRegistry(outputRegistry, 'output'),
		...convertRegistry(inputRegistry, 'input')
	};

	const paths: OpenApiDocument['paths'] = {};
	const tags = new Set<string>();
	for (const { method, path, spec } of endpoints) {
		spec.tags?.forEach((t) => tags.add(t));
		const operation: OpenApiOperation = {
			operationId: spec.operationId,
			summary: spec.summary,
			...(spec.description ? { description: spec.description } : {}),
			...(spec.tags ? { tags: spec.tags } : {}),
			...(spec.auth === false ? { security: [] } : {}),
			responses: {}
		};
		const parameters = [
			...parametersOf(spec.params, 'path'),
			...parametersOf(spec.query, 'query'),
			...parametersOf(spec.headers, 'header')
		];
		if (parameters.length) operation.parameters = parameters;
		const bodyName = bodyNames.get(spec);
		if (bodyName) {
			operation.requestBody = {
				required: true,
				content: { 'application/json': { schema: { $ref: `#/components/schemas/${bodyName}` } } }
			};
		}
		const status = spec.status ?? 200;
		operation.responses[String(status)] =
			status === 204
				? { description: 'Succès, sans contenu.' }
				: {
						description: 'Succès.',
						...(spec.responseHeaders
							? {
									headers: Object.fromEntries(
										Object.entries(spec.responseHeaders).map(([name, description]) => [
											name,
											{ description, schema: { type: 'string' } }
										])
									)
								}
							: {}),
						content: {
							'application/json': { schema: { $ref: `#/components/schemas/${responseNames.get(spec)}` } }
						}
					};
		for (const code of errorStatuses(spec)) {
			const description = spec.errorDescriptions?.[code];
			operation.responses[String(code)] = description
				? { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
				: { $ref: `#/components/responses/${ERROR_RESPONSES[code]?.name}` };
		}
		(paths[path] ??= {})[method.toLowerCase()] = operation;
	}

	const responses: Record<string, JsonSchema> = {};
	for (const { name, description } of Object.values(ERROR_RESPONSES)) {
		responses[name] = {
			description,
			content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
			...(name === 'Unauthorized'
				? { headers: { 'WWW-Authenticate': { schema: { type: 'string' }, description: 'Défi Bearer (RFC 6750).' } } }
				: name === 'RateLimited'
					? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Secondes à attendre.' } } }
					: {})
		};
	}

	return {
		openapi: '3.1.0',
		info: { title: 'API Guichet', version: '1', description: API_DESCRIPTION },
		servers: [{ url: options.serverUrl }],
		security: [{ bearerAuth: [] }],
		tags: [...tags].sort().map((name) => ({ name })),
		paths,
		components: {
			securitySchemes: {
				bearerAuth: {
					type: 'http',
					scheme: 'bearer',
					description: 'Jeton personnel `gch_…` créé dans « Mon compte ».'
				}
			},
			schemas,
			responses
		}
	};
}

/** The error statuses an endpoint can answer, the automatic ones included. */
export function errorStatuses(spec: EndpointSpec): number[] {
	const codes = new Set(spec.errors ?? []);
	if (spec.auth !== false) codes.add(401);
	// Token endpoints are limited unless they opt out; public ones only when they set a limit.
	if (spec.auth !== false ? spec.rateLimit !== false : !!spec.rateLimit) codes.add(429);
	if (spec.params) codes.add(404);
	if (spec.query || spec.body) codes.add(422);
	if (spec.body) [400, 413, 415].forEach((c) => codes.add(c));
	codes.add(500);
	return [...codes].filter((c) => ERROR_RESPONSES[c]).sort((a, b) => a - b);
}

function convertRegistry(
	registry: z.core.$ZodRegistry<{ id: string }>,
	io: 'input' | 'output'
): Record<string, JsonSchema> {
	const { schemas } = z.toJSONSchema(registry, {
		target: 'draft-2020-12',
		io,
		uri: (id) => `#/components/schemas/${id}`,
		unrepresentable: 'any'
	}) as { schemas: Record<string, JsonSchema> };
	const out: Record<string, JsonSchema> = {};
	for (const [name, schema] of Object.entries(schemas)) {
		// Each component lives inside the document: a `$schema` or fragment `$id` of its own would be invalid there.
		const { $schema: _s, $id: _i, ...rest } = schema;
		out[name] = rest;
	}
	return out;
}

function parametersOf(schema: z.ZodType | undefined, location: OpenApiParameter['in']): OpenApiParameter[] {
	if (!schema) return [];
	if (!(schema instanceof z.ZodObject)) throw new Error(`${location} parameters must be a z.object()`);
	const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as {
		properties?: Record<string, JsonSchema>;
		required?: string[];
	};
	return Object.entries(json.properties ?? {}).map(([name, property]) => {
		const { description, ...rest } = property;
		return {
			name,
			in: location,
			// Path parameters are always required in OpenAPI.
			required: location === 'path' || (json.required ?? []).includes(name),
			...(typeof description === 'string' ? { description } : {}),
			schema: rest
		};
	});
}
