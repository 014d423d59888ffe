/**
 * Embedded database only: FerretDB v1 never reads through an index, but it pushes top-level equalities down to
 * PostgreSQL as `_jsonb->'field' @> value`. A GIN expression index on `(_jsonb->'field')` lets PostgreSQL answer
 * those without scanning (with plan_cache_mode=force_custom_plan, set by the launcher). We derive one such index
 * for `_id` (FerretDB's own `_id_` index is a btree, which `@>` cannot use, so every findById scanned the table)
 * and for every top-level field that starts a Mongoose index, so the rest of the code keeps declaring indexes for
 * MongoDB only.
 */
import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import pg from 'pg';

/** `_id` and the top-level fields that lead a declared index (the fields equality queries select on). */
export function leadingIndexFields(model: Model<unknown>): string[] {
	const fields = new Set<string>(['_id']);
	for (const [keys] of model.schema.indexes()) {
		const first = Object.keys(keys)[0];
		if (first && !first.includes('.') && !first.startsWith('$')) fields.add(first);
	}
	// Unique single-field paths declared inline (`unique: true`) are in indexes() too; refs to parents often
	// aren't, so they must be declared explicitly by the model.
	return [...fields];
}

function indexName(table: string, field: string): string {
	const hash = createHash('sha256').update(`${table}.${field}`).digest('hex').slice(0, 10);
	return `guichet_gin_${hash}`;
}

export async function mirrorIndexesInPostgres(
	pgUrl: string,
	dbName: string,
	models: Model<unknown>[]
): Promise<number> {
	const client = new pg.Client({ connectionString: pgUrl });
	await client.connect();
	let created = 0;
	try {
		const schema = await client.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = $1',
			[dbName]
		);
		if (schema.rows[0]?.n !== 1) return 0;
		const meta = await client.query<{ collection: string; table: string }>(
			`SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table FROM ${pg.escapeIdentifier(dbName)}._ferretdb_database_metadata`
		);
		const tables = new Map(meta.rows.map((r) => [r.collection, r.table]));
		for (const model of models) {
			const table = tables.get(model.collection.collectionName);
			if (!table) continue;
			for (const field of leadingIndexFields(model)) {
				await client.query(
					`CREATE INDEX IF NOT EXISTS ${pg.escapeIdentifier(indexName(table, field))} ON ${pg.escapeIdentifier(dbName)}.${pg.escapeIdentifier(table)} USING gin ((_jsonb->${pg.escapeLiteral(field)}))`
				);
				created++;
			}
		}
	} finally {
		await client.end();
	}
	return created;
}
