import { json } from '@sveltejs/kit';
import { probeDatabase } from '$lib/server/db/connection';
import { getRuntime } from '$lib/server/runtime';
import { version } from '../../../package.json';
import type { RequestHandler } from './$types';

/**
 * Liveness and readiness for load balancers and monitoring: no authentication, no personal data.
 * 503 when the database does not answer a real read (this node cannot serve); 'degraded' also when the job
 * worker stopped.
 */
export const GET: RequestHandler = async () => {
	const runtime = getRuntime()?.status() ?? { jobs: 'off', realtime: 'off' };
	const database = await probeDatabase();
	const databaseUp = database === 'connected';
	const status = databaseUp && runtime.jobs !== 'stopped' ? 'ok' : 'degraded';
	return json(
		{
			status,
			database,
			jobs: runtime.jobs,
			realtime: runtime.realtime,
			uptime: Math.round(process.uptime()),
			version
		},
		{ status: databaseUp ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
