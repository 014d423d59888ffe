/**
 * Retention (PRODUCT.md §3): plages whose last occurrence is more than a year old are deleted, nightly. They
 * have no future occurrence, so nothing to publish; only counts are logged.
 *
 * FerretDB pushes down only equalities, so the delete runs once per organisation (`organisationId` equality,
 * the day comparison refining it) rather than as a range over the whole collection. Endless series have no
 * `lastOccurrenceDay` and are never matched. A plage whose organisation was deleted is not reached here; the
 * organisation's removal deletes its plages.
 */
import { z } from 'zod';
import { addMonths } from '../../domain/time.ts';
import { Organisation } from '../db/models/organisation.ts';
import { PlageOuverture } from '../db/models/plage-ouverture.ts';
import { logger } from '../logger.ts';
import { defineJob } from './definition.ts';

export const PLAGE_RETENTION_MONTHS = 12;

/** Deletes the plages whose last occurrence is before `now` minus a year (UTC day: the margin dwarfs zones). */
export async function purgeExpiredPlages(now: Date): Promise<{ deleted: number; organisations: number }> {
	const cutoff = addMonths(now.toISOString().slice(0, 10), -PLAGE_RETENTION_MONTHS);
	const organisations = await Organisation.find({}, { _id: 1 }).lean();
	let deleted = 0;
	for (const { _id: organisationId } of organisations) {
		const res = await PlageOuverture.deleteMany({ organisationId, lastOccurrenceDay: { $lt: cutoff } });
		deleted += res.deletedCount;
	}
	return { deleted, organisations: organisations.length };
}

export const purgeExpiredPlagesJob = defineJob({
	name: 'purge-expired-plages',
	schema: z.object({}).strict(),
	everyMs: 24 * 60 * 60_000,
	lockLifetimeMs: 30 * 60_000,
	concurrency: 1,
	async run(_data, { jobId, now }) {
		const counts = await purgeExpiredPlages(now);
		logger.info({ jobId, ...counts }, 'expired plages purged');
	}
});
