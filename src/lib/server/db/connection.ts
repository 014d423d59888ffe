import mongoose from 'mongoose';
import { env } from '../env.ts';

mongoose.set('strictQuery', true);
// Indexes are created explicitly (syncIndexes at start-up and in tests), never implicitly per model.
mongoose.set('autoIndex', false);

export async function connectDatabase(uri = env.mongodbUri, dbName = env.mongodbDbName): Promise<typeof mongoose> {
	if (!uri) throw new Error('MONGODB_URI is not set (the server entry starts the embedded database first).');
	if (mongoose.connection.readyState === 1) return mongoose;
	try {
		await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000 });
	} catch (err) {
		throw new Error(`MongoDB at ${redactUri(uri)} is unreachable: ${(err as Error).message}`);
	}
	return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
	await mongoose.disconnect();
}

export type DatabaseStatus = 'connected' | 'connecting' | 'disconnected' | 'unreachable';

/** What the driver believes: 'connected' only means the socket to MongoDB (or FerretDB) is open. */
export function databaseStatus(): Exclude<DatabaseStatus, 'unreachable'> {
	const s = mongoose.connection.readyState;
	return s === 1 ? 'connected' : s === 2 ? 'connecting' : 'disconnected';
}

/** A collection every database has once the runtime started (syncAllIndexes creates them all), and a small one. */
const PROBE_COLLECTION = 'territories';

/**
 * A real round trip to the data: the driver's state, and even `ping`, stay green while FerretDB's PostgreSQL
 * is down (FerretDB answers `ping` itself, and a missing collection from its own metadata), so read one
 * document of an existing collection, bounded in time so that a hung database cannot hang the caller.
 */
export async function probeDatabase(timeoutMs = 2000): Promise<DatabaseStatus> {
	const state = databaseStatus();
	const db = mongoose.connection.db;
	if (state !== 'connected' || !db) return state;
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), timeoutMs);
	});
	try {
		const read = db
			.collection(PROBE_COLLECTION)
			.findOne({}, { projection: { _id: 1 }, maxTimeMS: timeoutMs })
			.then(() => 'ok' as const);
		// A read still running after the timeout is left to fail on its own; its rejection must not go unhandled.
		read.catch(() => {});
		return (await Promise.race([read, timeout])) === 'ok' ? 'connected' : 'unreachable';
	} catch {
		return 'unreachable';
	} finally {
		clearTimeout(timer);
	}
}

export function redactUri(uri: string): string {
	return uri.replace(/\/\/[^@/]*@/, '//***@');
}
