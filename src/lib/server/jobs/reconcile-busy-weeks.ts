/**
 * The availability read model (AgentBusyWeek) is rebuilt after every RDV write; this nightly pass rebuilds the
 * coming 26 weeks from the RDVs so that a rebuild lost to a crash between the RDV write and its rebuild is
 * mended within a day. Logs counts only.
 */
import { z } from 'zod';
import { reconcileBusyWeeks } from '../db/busy-time.ts';
import { logger } from '../logger.ts';
import { defineJob } from './definition.ts';

export const reconcileBusyWeeksJob = defineJob({
	name: 'reconcile-busy-weeks',
	schema: z.object({}).strict(),
	everyMs: 24 * 60 * 60_000,
	lockLifetimeMs: 30 * 60_000,
	concurrency: 1,
	async run(_data, { jobId, now }) {
		const weeks = await reconcileBusyWeeks(now);
		logger.info({ jobId, weeks }, 'busy weeks reconciled');
	}
});
