/**
 * How the embedded database answers the query shapes ARCHITECTURE.md prescribes, as the collection grows:
 * a selective equality (organisation + ISO week), the same with a date range refining it, and a range alone
 * (the shape to avoid), and a lookup by `_id`, before and after the PostgreSQL expression indexes mirrored from the
 * Mongoose indexes (and `_id`).
 */
import mongoose, { Schema, type Model } from 'mongoose';
import { defineModel } from '../src/lib/server/db/model.ts';
import { mirrorIndexesInPostgres } from '../src/lib/server/db/pg-indexes.ts';
import { measure, table, writeResults } from './support.ts';

interface BenchRdv {
	organisationId: string;
	weeks: string[];
	startsAt: Date;
	agentId: string;
}
const schema = new Schema<BenchRdv>({ organisationId: String, weeks: [String], startsAt: Date, agentId: String });
schema.index({ organisationId: 1, weeks: 1 });
schema.index({ agentId: 1 });
const BenchRdvModel = defineModel<BenchRdv>('BenchRdv', schema);

const ORGS = 100;
const WEEKS = 26;
const base = Date.UTC(2026, 0, 5);

async function fill(from: number, to: number) {
	const docs: BenchRdv[] = [];
	for (let i = from; i < to; i++) {
		const week = i % WEEKS;
		docs.push({
			organisationId: `org${i % ORGS}`,
			weeks: [`2026-W${String(week + 2).padStart(2, '0')}`],
			startsAt: new Date(base + week * 7 * 86_400_000 + (i % 5) * 86_400_000 + 9 * 3_600_000),
			agentId: `agent${i % 2000}`
		});
		if (docs.length === 2000) await BenchRdvModel.insertMany(docs.splice(0), { ordered: false });
	}
	if (docs.length) await BenchRdvModel.insertMany(docs, { ordered: false });
}

export default async function run() {
	await BenchRdvModel.createCollection();
	await BenchRdvModel.syncIndexes();
	const rows: Record<string, string | number>[] = [];
	const metrics: Record<string, number> = {};
	const equality = () => BenchRdvModel.find({ organisationId: 'org7', weeks: '2026-W10' }).lean();
	const refined = () =>
		BenchRdvModel.find({
			organisationId: 'org7',
			startsAt: { $gte: new Date(base + 8 * 7 * 86_400_000), $lt: new Date(base + 9 * 7 * 86_400_000) }
		}).lean();
	const rangeOnly = () =>
		BenchRdvModel.find({
			startsAt: { $gte: new Date(base + 8 * 7 * 86_400_000), $lt: new Date(base + 8 * 7 * 86_400_000 + 3_600_000) }
		}).lean();
	let probeId: unknown;
	const byId = () => BenchRdvModel.findById(probeId).lean();
	let size = 0;
	for (const target of [10_000, 50_000]) {
		await fill(size, target);
		size = target;
		probeId = (
			await BenchRdvModel.findOne({ organisationId: 'org3' })
				.skip(Math.floor(size / ORGS) - 1)
				.lean()
		)?._id;
		const plainById = await measure(15, byId);
		const plain = await measure(15, equality);
		const plainRefined = await measure(15, refined);
		const range = await measure(5, rangeOnly, 1);
		const pgUrl = process.env.GUICHET_EMBEDDED_PG_URL;
		let indexed = plain;
		let indexedRefined = plainRefined;
		let indexedById = plainById;
		if (pgUrl) {
			await mirrorIndexesInPostgres(pgUrl, mongoose.connection.db!.databaseName, [BenchRdvModel as Model<unknown>]);
			indexed = await measure(15, equality);
			indexedRefined = await measure(15, refined);
			indexedById = await measure(15, byId);
		}
		rows.push({
			documents: size,
			'org+week p95 (ms)': plain.p95,
			'org+week, GIN p95 (ms)': indexed.p95,
			'org+range p95 (ms)': plainRefined.p95,
			'org+range, GIN p95 (ms)': indexedRefined.p95,
			'range alone p95 (ms)': range.p95,
			'by _id p95 (ms)': plainById.p95,
			'by _id, GIN p95 (ms)': indexedById.p95
		});
		metrics[`equality_${size}_p95_ms`] = indexed.p95;
		metrics[`equality_noindex_${size}_p95_ms`] = plain.p95;
		metrics[`range_only_${size}_p95_ms`] = range.p95;
		metrics[`by_id_${size}_p95_ms`] = indexedById.p95;
		metrics[`by_id_noindex_${size}_p95_ms`] = plainById.p95;
		if (pgUrl) {
			// Drop the mirrored indexes so the next size measures the plain scan again.
			const { default: pg } = await import('pg');
			const c = new pg.Client({ connectionString: pgUrl });
			await c.connect();
			const idx = await c.query<{ indexname: string }>(
				`SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'guichet_gin_%'`,
				[mongoose.connection.db!.databaseName]
			);
			for (const r of idx.rows)
				await c.query(
					`DROP INDEX ${pg.escapeIdentifier(mongoose.connection.db!.databaseName)}.${pg.escapeIdentifier(r.indexname)}`
				);
			await c.end();
		}
	}
	table(rows);
	writeResults('database', metrics, rows);
}
