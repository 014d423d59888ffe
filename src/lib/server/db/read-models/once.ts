/**
 * Start-up backfills of derived fields (documents stored before the fields existed, e.g. a demo database kept
 * between runs): each runs once per database. A marker document in the raw `readmodelmarkers` collection records
 * that it ran, so later starts cost one read.
 */
import mongoose from 'mongoose';
import { logger } from '../../logger.ts';

const MARKERS = 'readmodelmarkers';

/**
 * Runs `fill` (which returns how many documents it filled) unless `marker` says it already ran, then records the
 * marker and logs the count under `log.key` (ids and counts only). Returns the count, 0 when skipped.
 */
export async function backfillOnce(
	marker: string,
	log: { key: string; message: string },
	fill: () => Promise<number>
): Promise<number> {
	const markers = mongoose.connection.collection<{ _id: string; at: Date }>(MARKERS);
	if (await markers.findOne({ _id: marker })) return 0;
	const t0 = performance.now();
	const filled = await fill();
	await markers.updateOne({ _id: marker }, { $set: { at: new Date() } }, { upsert: true });
	if (filled > 0) logger.info({ [log.key]: filled, ms: Math.round(performance.now() - t0) }, log.message);
	return filled;
}
