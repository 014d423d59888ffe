/** Agenda's job documents: the collection name and the clean-up of finished one-off jobs. */
import mongoose from 'mongoose';

export const JOBS_COLLECTION = 'agendaJobs';

/** Finished one-off jobs are kept this long for inspection, then swept. */
export const FINISHED_JOB_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * Deletes one-off jobs finished before `before` (periodic jobs always have a next run). Done here rather than
 * with Agenda's removeOnComplete: in Agenda 6.2.6 that removal runs after the 'complete' event, which makes
 * drain() miss the end of the job and wait for its whole timeout at shutdown.
 */
export async function purgeFinishedJobs(before: Date): Promise<number> {
	const { deletedCount } = await mongoose.connection
		.collection(JOBS_COLLECTION)
		.deleteMany({ nextRunAt: null, lockedAt: null, lastFinishedAt: { $lt: before } });
	return deletedCount;
}
