/**
 * Nightly: past claims are dropped and claims left by a crash (RDV never saved, or cancelled without release)
 * are given back, so no agent time stays blocked by a booking that does not exist. Logs counts only.
 */
import { z } from 'zod';
import { logger } from '../logger.ts';
import { reconcileClaims } from '../services/claims.ts';
import { defineJob } from './definition.ts';

export const reconcileClaimsJob = defineJob({
	name: 'reconcile-claims',
	schema: z.object({}).strict(),
	everyMs: 24 * 60 * 60_000,
	lockLifetimeMs: 30 * 60_000,
	concurrency: 1,
	async run(_data, { jobId, now }) {
		const counts = await reconcileClaims(now);
		logger.info({ jobId, ...counts }, 'claims reconciled');
	}
});
