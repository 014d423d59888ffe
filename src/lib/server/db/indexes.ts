import mongoose, { type Model } from 'mongoose';
import { env } from '../env.ts';
import { mirrorIndexesInPostgres } from './pg-indexes.ts';
import './models/index.ts';

/**
 * Create every declared index (MongoDB needs them; FerretDB enforces the unique ones). On the embedded
 * database, also give PostgreSQL the expression indexes that FerretDB's pushed-down equalities can use.
 */
export async function syncAllIndexes(): Promise<void> {
	const models = Object.values(mongoose.models) as Model<unknown>[];
	for (const model of models) {
		await model.createCollection().catch(() => {});
		await model.syncIndexes();
	}
	const pgUrl = env.embeddedPostgresUrl;
	if (pgUrl) await mirrorIndexesInPostgres(pgUrl, mongoose.connection.db?.databaseName ?? env.mongodbDbName, models);
}
