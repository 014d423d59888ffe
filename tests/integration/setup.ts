import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, inject } from 'vitest';
import { syncAllIndexes } from '../../src/lib/server/db/indexes.ts';

/** Each test file runs against its own fresh database, dropped at the end. */
process.env.NODE_ENV = 'test';
process.env.MONGODB_URI = inject('mongodbUri');
if (inject('embeddedPostgresUrl')) process.env.GUICHET_EMBEDDED_PG_URL = inject('embeddedPostgresUrl');
const dbName = `t_${process.env.VITEST_POOL_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
process.env.MONGODB_DB = dbName;

beforeAll(async () => {
	await mongoose.connect(inject('mongodbUri'), { dbName });
	await syncAllIndexes();
});

afterAll(async () => {
	await mongoose.connection.dropDatabase().catch(() => {});
	await mongoose.disconnect();
});
