import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/lib/server/db/connection.ts';
import { jobsPart } from '../../src/lib/server/jobs/index.ts';
import { realtimePart } from '../../src/lib/server/realtime/index.ts';
import { getRuntime, startRuntime } from '../../src/lib/server/runtime.ts';
import { GET } from '../../src/routes/health/+server.ts';

async function health() {
	const res = await GET({} as Parameters<typeof GET>[0]);
	return { status: res.status, body: await res.json(), cacheControl: res.headers.get('cache-control') };
}

afterAll(async () => {
	await getRuntime()?.stop();
	// The test stopped the runtime, which disconnects the database: reconnect for the per-file clean-up.
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
});
