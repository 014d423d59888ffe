/**
 * `npm run bench`: runs every bench/*.bench.ts against a throw-away embedded database (or MONGODB_URI),
 * printing figures; each bench writes bench/results/<name>.json. Figures, not assertions.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mongoose from 'mongoose';
import {
	defaultDataDir,
	projectRoot,
	removeDataDir,
	startEmbeddedDatabase,
	type EmbeddedDatabase
} from '../lib/server/db/embedded.ts';
import { describeError, say, stopOnSignals } from './lib.ts';

process.env.NODE_ENV = 'production';
process.env.LOG_LEVEL ??= 'warn';
const only = process.argv[2];
let embedded: EmbeddedDatabase | undefined;
const dataDir = defaultDataDir(`bench-${process.pid}`);
stopOnSignals(async () => {
	await embedded?.stop();
	if (embedded) await removeDataDir(dataDir);
});
if (!process.env.MONGODB_URI) {
	try {
		embedded = await startEmbeddedDatabase({ dataDir, fast: true, log: say });
	} catch (err) {
		console.error(`[guichet] ${describeError(err, 'The embedded database could not start')}`);
		process.exit(1);
	}
	process.env.MONGODB_URI = embedded.uri;
	process.env.GUICHET_EMBEDDED_PG_URL = embedded.pgUrl;
}
const benchDir = path.join(projectRoot, 'bench');
const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts') && (!only || f.startsWith(only)));
try {
	for (const file of files) {
		const dbName = `bench_${path.basename(file, '.bench.ts').replace(/\W/g, '_')}`;
		await mongoose.connect(process.env.MONGODB_URI, { dbName });
		await mongoose.connection.dropDatabase();
		say(`── ${file}`);
		const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as { default: () => Promise<void> };
		await mod.default();
		await mongoose.connection.dropDatabase();
		await mongoose.disconnect();
	}
} finally {
	if (embedded) {
		await embedded.stop();
		await removeDataDir(dataDir);
	}
}
