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

export function databaseStatus(): 'connected' | 'connecting' | 'disconnected' {
	const s = mongoose.connection.readyState;
	return s === 1 ? 'connected' : s === 2 ? 'connecting' : 'disconnected';
}

export function redactUri(uri: string): string {
	return uri.replace(/\/\/[^@/]*@/, '//***@');
}
