/**
 * Turns JSON Schema fragments of the OpenAPI document into short French descriptions for the documentation
 * page (/api/v1/docs). Only the shapes zod generates need handling: objects, arrays, scalars, enums, `$ref`,
 * nullable (`anyOf` with `null`), and `{}` for any value.
 */
export type JsonSchema = Record<string, unknown>;

export interface SchemaSummary {
	/** "chaîne", "entier", "tableau de Organisation"… */
	label: string;
	/** Component name when the schema (or the array's items) is a reference. */
	ref?: string;
	nullable: boolean;
	/** Allowed values, when enumerated. */
	values?: string[];
	/** Format, bounds, pattern, default: in French, for display. */
	constraints: string[];
	/** An inline object whose properties should be listed underneath. */
	object?: { properties: Record<string, JsonSchema>; required: string[] };
	description?: string;
}

const TYPE_LABELS: Record<string, string> = {
	string: 'chaîne',
	integer: 'entier',
	number: 'nombre',
	boolean: 'booléen',
	object: 'objet',
	array: 'tableau',
	null: 'null'
};

const FORMAT_LABELS: Record<string, string> = {
	'date-time': 'date et heure ISO 8601',
	date: 'date AAAA-MM-JJ',
	email: 'adresse e-mail',
	uri: 'URL',
	uuid: 'UUID'
};

/** Name of the component a `$ref` points to (`#/components/schemas/Organisation` → `Organisation`). */
export function refName(ref: unknown): string | undefined {
	return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function isSchema(value: unknown): value is JsonSchema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Zod's safe-integer bounds say nothing to a reader. */
const meaningfulBound = (n: unknown): n is number => typeof n === 'number' && Math.abs(n) < Number.MAX_SAFE_INTEGER;

export function summarise(schema: JsonSchema): SchemaSummary {
	const description = typeof schema.description === 'string' ? schema.description : undefined;
	const variants = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isSchema) : undefined;
	if (variants) {
		const nonNull = variants.filter((v) => v.type !== 'null');
		const nullable = nonNull.length < variants.length;
		if (nonNull.length === 1 && nonNull[0]) {
			const inner = summarise(nonNull[0]);
			return { ...inner, nullable: inner.nullable || nullable, description: description ?? inner.description };
		}
		return {
			label: nonNull.map((v) => summarise(v).label).join(' ou '),
			nullable,
			constraints: [],
			description
		};
	}

	const ref = refName(schema.$ref);
	if (ref) return { label: ref, ref, nullable: false, constraints: [], description };

	const types = Array.isArray(schema.type) ? schema.type.map(String) : schema.type ? [String(schema.type)] : [];
	const nullable = types.includes('null');
	const type = types.find((t) => t !== 'null');
	const constraints: string[] = [];
	if (typeof schema.format === 'string') constraints.push(FORMAT_LABELS[schema.format] ?? schema.format);
	if (meaningfulBound(schema.minimum)) constraints.push(`minimum ${schema.minimum}`);
	if (meaningfulBound(schema.maximum)) constraints.push(`maximum ${schema.maximum}`);
	if (typeof schema.minLength === 'number') constraints.push(`au moins ${schema.minLength} caractère(s)`);
	if (typeof schema.maxLength === 'number') constraints.push(`au plus ${schema.maxLength} caractères`);
	if (typeof schema.pattern === 'string' && !schema.format) constraints.push(`motif ${schema.pattern}`);
	if (schema.default !== undefined) constraints.push(`par défaut ${JSON.stringify(schema.default)}`);
	const values = Array.isArray(schema.enum) ? schema.enum.map(String) : undefined;
	if (schema.const !== undefined) return { label: JSON.stringify(schema.const), nullable, constraints, description };

	if (type === 'array') {
		const items = isSchema(schema.items) ? summarise(schema.items) : undefined;
		return {
			label: items ? `tableau de ${items.label}` : 'tableau',
			ref: items?.ref,
			nullable,
			values: items?.values,
			constraints,
			object: items?.object,
			description
		};
	}
	if (type === 'object' || isSchema(schema.properties)) {
		const properties = isSchema(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
		const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
		return {
			label: 'objet',
			nullable,
			constraints,
			object: Object.keys(properties).length ? { properties, required } : undefined,
			description
		};
	}
	if (!type) return { label: values ? 'valeur' : 'toute valeur JSON', nullable, values, constraints, description };
	return { label: TYPE_LABELS[type] ?? type, nullable, values, constraints, description };
}

/** Lowercase HTTP method to the DSFR badge colour that sets it apart. */
export function methodBadgeClass(method: string): string {
	switch (method.toLowerCase()) {
		case 'get':
			return 'fr-badge--info';
		case 'post':
			return 'fr-badge--success';
		case 'delete':
			return 'fr-badge--error';
		default:
			return 'fr-badge--warning';
	}
}
