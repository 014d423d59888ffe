import fs from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/lib/server/db/connection.ts';
import {
	defaultDataDir,
	removeDataDir,
	startEmbeddedDatabase,
	type EmbeddedDatabase
} from '../../src/lib/server/db/embedded.ts';
import { syncAllIndexes } from '../../src/lib/server/db/indexes.ts';
import { jobsPart } from '../../src/lib/server/jobs/index.ts';
import { realtimePart } from '../../src/lib/server/realtime/index.ts';
import { getRuntime, startRuntime } from '../../src/lib/server/runtime.ts';
import { GET } from '../../src/routes/health/+server.ts';

async function health() {
	const res = await GET({} as Parameters<typeof GET>[0]);
	return { status: res.status, body: await res.json(), cacheControl: res.headers.get('cache-control') };
}

const ownDataDir = defaultDataDir(`health-test-${process.pid}`);
let own: EmbeddedDatabase | undefined;

afterAll(async () => {
	await getRuntime()?.stop();
	await mongoose.disconnect();
	await own?.stop().catch(() => {});
	await removeDataDir(ownDataDir);
	// The tests stopped the runtime or moved to their own database: reconnect for the per-file clean-up.
	await connectDatabase();
});

describe('/health', () => {
	it('reports the runtime: database, jobs, realtime, uptime and version, nothing else', async () => {
		await startRuntime([realtimePart, jobsPart]);
		const { status, body, cacheControl } = await health();
		expect(status).toBe(200);
		expect(cacheControl).toBe('no-store');
		expect(body).toEqual({
			status: 'ok',
			database: 'connected',
			jobs: 'running',
			// No HTTP server handed over here: Socket.IO is not attached.
			realtime: 'off',
			uptime: expect.any(Number),
			version: expect.stringMatching(/^\d+\.\d+\.\d+/)
		});
	});

	it('answers 503 "degraded" once the database is gone', async () => {
		await getRuntime()?.stop();
		const { status, body } = await health();
		expect(status).toBe(503);
		expect(body).toMatchObject({ status: 'degraded', database: 'disconnected' });
	});

	it('answers 503 when PostgreSQL stops under a running FerretDB (the driver still says connected)', async () => {
		await mongoose.disconnect();
		own = await startEmbeddedDatabase({ dataDir: ownDataDir, fast: true, log: () => {} });
		// This database's own PostgreSQL gets the mirrored indexes, not the shared one's.
		const sharedPg = process.env.GUICHET_EMBEDDED_PG_URL;
		process.env.GUICHET_EMBEDDED_PG_URL = own.pgUrl;
		try {
			await connectDatabase(own.uri, 'health');
			await syncAllIndexes();
		} finally {
			process.env.GUICHET_EMBEDDED_PG_URL = sharedPg;
		}
		expect((await health()).status).toBe(200);

		// Stop PostgreSQL only (fast shutdown of its postmaster); FerretDB keeps running and keeps the socket open.
		const pidFile = path.join(own.dataDir, 'pg', 'postmaster.pid');
		const pid = Number.parseInt((await fs.readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
		process.kill(pid, 'SIGINT');
		await expect
			.poll(
				() =>
					fs.access(`/proc/${pid}`).then(
						() => true,
						() => false
					),
				{ timeout: 15_000 }
			)
			.toBe(false);
		expect(mongoose.connection.readyState).toBe(1);

		const started = Date.now();
		const { status, body } = await health();
		expect(status).toBe(503);
		expect(body).toMatchObject({ status: 'degraded', database: 'unreachable' });
		// Bounded: a load balancer's probe must get its answer, not hang with the database.
		expect(Date.now() - started).toBeLessThan(5000);
	});
});
