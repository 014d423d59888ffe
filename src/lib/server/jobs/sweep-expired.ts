/**
 * Expiry is enforced in code when a session or token is read (no TTL index on FerretDB); this periodic job only
 * reclaims the space of what has expired: sessions, password-reset links, rate-limit hits, API tokens ended 30 days
 * ago (auth/sweep.ts), and one-off jobs finished a week ago. Those deletes select on a range, which FerretDB evaluates by scanning:
 * acceptable once per quarter of an hour and per cluster (Agenda runs a periodic job once per interval
 * whatever the number of nodes).
 */
import { z } from 'zod';
import { sweepExpiredAuthRecords } from '../auth/sweep.ts';
import { logger } from '../logger.ts';
import { FINISHED_JOB_RETENTION_MS, purgeFinishedJobs } from './collection.ts';
import { defineJob } from './definition.ts';

export const sweepExpiredJob = defineJob({
	name: 'sweep-expired',
	schema: z.object({}).strict(),
	everyMs: 15 * 60_000,
	lockLifetimeMs: 5 * 60_000,
	concurrency: 1,
	async run(_data, { jobId, now }) {
		const { deleted } = await sweepExpiredAuthRecords(now);
		const jobs = await purgeFinishedJobs(new Date(now.getTime() - FINISHED_JOB_RETENTION_MS));
		logger.info({ jobId, deleted, jobs }, 'expired auth records and finished jobs swept');
	}
});
