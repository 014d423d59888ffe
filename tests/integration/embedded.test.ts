import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import {
	defaultDataDir,
	resolveDataDir,
	startEmbeddedDatabase,
	type EmbeddedDatabase
} from '../../src/lib/server/db/embedded.ts';

const dataDir = defaultDataDir(`embedded-test-${process.pid}`);
const started: EmbeddedDatabase[] = [];

afterAll(async () => {
	for (const db of started) await db.stop().catch(() => {});
	await fs.rm(await resolveDataDir(dataDir), { recursive: true, force: true });
});

async function ping(uri: string): Promise<boolean> {
	const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
	try {
		await client.connect();
		const res = await client.db('admin').command({ ping: 1 });
		return res.ok === 1;
	} finally {
		await client.close();
	}
}

function portOpen(uri: string): Promise<boolean> {
	const port = Number(new URL(uri).port);
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

describe('embedded database launcher', () => {
	it('starts PostgreSQL + FerretDB on loopback and answers the MongoDB protocol', async () => {
		const db = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
		started.push(db);
		expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
		expect(await ping(db.uri)).toBe(true);
	});

	it('recovers when a previous run left its processes behind (no stop, as after a crash)', async () => {
		const first = started[0]!;
		// Start again on the same folder without stopping the first: the leftovers must be cleared.
		const second = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
		started.push(second);
		expect(await ping(second.uri)).toBe(true);
		expect(await portOpen(first.uri)).toBe(false);
	});

	it('keeps data across restarts and stops cleanly', async () => {
		const db = started[1]!;
		const client = new MongoClient(db.uri);
		await client.connect();
		await client.db('persist').collection('c').insertOne({ k: 'kept' });
		await client.close();
		await db.stop();
		expect(existsSync(`${db.dataDir}/ferretdb.pid`)).toBe(false);
		const again = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
		started.push(again);
		const c2 = new MongoClient(again.uri);
		await c2.connect();
		expect(await c2.db('persist').collection('c').findOne({ k: 'kept' })).toMatchObject({ k: 'kept' });
		await c2.close();
	});
});
