import mongoose from 'mongoose';
import './models/index.ts';

/** Create every declared index (MongoDB needs them; FerretDB enforces the unique ones). */
export async function syncAllIndexes(): Promise<void> {
	for (const model of Object.values(mongoose.models)) {
		await model.createCollection().catch(() => {});
		await model.syncIndexes();
	}
}
