/**
 * Writes that go through a query (`updateOne`, `deleteMany`, …) never run document hooks, so models that keep
 * something in step after writes (change stamps, the busy-time read model) also watch these: the documents a
 * write matches are read before it runs (a delete leaves nothing to read after), then handed to `after`.
 */
import type { Model, Query, Schema } from 'mongoose';

const QUERY_WRITES = [
	'deleteOne',
	'deleteMany',
	'updateOne',
	'updateMany',
	'findOneAndUpdate',
	'findOneAndDelete',
	'findOneAndReplace',
	'replaceOne'
] as const;
export type QueryWrite = (typeof QUERY_WRITES)[number];

/**
 * The paths an update query writes, or null when it cannot tell: deletes, replacements, pipelines,
 * or a plain object without operators.
 */
export function updatedPaths(query: Query<unknown, unknown>, op: QueryWrite): string[] | null {
	if (op.startsWith('delete') || op.endsWith('Delete') || op.endsWith('Replace') || op === 'replaceOne') return null;
	const update = query.getUpdate();
	if (!update || typeof update !== 'object' || Array.isArray(update)) return null;
	const paths: string[] = [];
	for (const [key, value] of Object.entries(update)) {
		if (!key.startsWith('$')) return null;
		if (value && typeof value === 'object') paths.push(...Object.keys(value));
	}
	return paths;
}

export interface QueryWriteWatch<T> {
	/** The fields of the matched documents `after` needs. */
	projection: Record<string, 1>;
	/** Whether a write may matter; when it does not, nothing is read. Default: every write matters. */
	concerns?: (query: Query<unknown, unknown>, op: QueryWrite) => boolean;
	/** After the write, with the documents it matched as they were before it (never called with none). */
	after: (before: T[], model: Model<T>) => Promise<void>;
}

export function watchQueryWrites<T>(schema: Schema, watch: QueryWriteWatch<T>): void {
	const matched = new WeakMap<object, T[]>();
	for (const op of QUERY_WRITES) {
		schema.pre(op, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
			if (watch.concerns && !watch.concerns(this, op)) return;
			const model = this.model as unknown as Model<T>;
			matched.set(this, (await model.find(this.getFilter(), watch.projection).lean()) as T[]);
		});
		schema.post(op, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
			const before = matched.get(this);
			matched.delete(this);
			if (before?.length) await watch.after(before, this.model as unknown as Model<T>);
		});
	}
}
