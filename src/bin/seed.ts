/**
 * `npm run seed`: creates the demo data (idempotent: existing territories are left alone).
 *
 * Database: MONGODB_URI when set. Otherwise the embedded demo database: the one a running `npm start` published
 * in its runtime.json, or one started here for the duration of the command.
 */
import {
	defaultDataDir,
	resolveDataDir,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from '../lib/server/db/embedded.ts';
import { livePostgresPid, readRuntimeFile } from '../lib/server/db/runtime-file.ts';

const say = (m: string) => console.log(`[guichet] ${m}`);

async function main(): Promise<number> {
	const started = performance.now();
	let embedded: EmbeddedDatabase | undefined;
	try {
		if (!process.env.MONGODB_URI) {
			const dataDir = await resolveDataDir(process.env.GUICHET_DATA_DIR ?? defaultDataDir('demo'));
			const running = readRuntimeFile(dataDir);
			if (running) {
				say('Using the database of the running server.');
				process.env.MONGODB_URI = running.mongodbUri;
				process.env.GUICHET_EMBEDDED_PG_URL = running.pgUrl;
			} else {
				const pgPid = livePostgresPid(dataDir);
				if (pgPid) {
					say(`The demo database is in use by another process (PostgreSQL pid ${pgPid}): stop it and retry.`);
					return 1;
				}
				say('MONGODB_URI is not set: starting the embedded database (PostgreSQL + FerretDB)…');
				embedded = await startEmbeddedDatabase({ dataDir, log: say });
				process.env.MONGODB_URI = embedded.uri;
				// Lets syncAllIndexes mirror the indexes in PostgreSQL (see db/pg-indexes.ts).
				process.env.GUICHET_EMBEDDED_PG_URL = embedded.pgUrl;
			}
		}
		const { connectDatabase, disconnectDatabase } = await import('../lib/server/db/connection.ts');
		const { syncAllIndexes } = await import('../lib/server/db/indexes.ts');
		const { seed } = await import('../lib/server/seed/index.ts');
		await connectDatabase();
		try {
			await syncAllIndexes();
			const report = await seed({ log: say });
			if (report.created.length === 0) say('Nothing to do: the demo data is already there.');
			else say(`Demo accounts use the password printed in the README.`);
		} finally {
			await disconnectDatabase();
		}
		say(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
		return 0;
	} catch (err) {
		say(err instanceof StartupError ? err.message : `Seed failed: ${err instanceof Error ? err.message : String(err)}`);
		return 1;
	} finally {
		await embedded?.stop();
	}
}

process.exitCode = await main();
