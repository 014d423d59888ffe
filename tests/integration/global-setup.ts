import type { TestProject } from 'vitest/node';
import {
	defaultDataDir,
	removeDataDir,
	startEmbeddedDatabase,
	StartupError
} from '../../src/lib/server/db/embedded.ts';

/** One throw-away embedded database server for the whole run; each test file gets its own database. */
export default async function setup(project: TestProject) {
	if (process.env.MONGODB_URI) {
		project.provide('mongodbUri', process.env.MONGODB_URI);
		project.provide('embeddedPostgresUrl', '');
		return;
	}
	const dataDir = defaultDataDir(`test-${process.pid}`);
	let db: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
	try {
		db = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
	} catch (err) {
		// One actionable line: vitest prints a thrown error's stack, which here only shows our own plumbing.
		const message =
			err instanceof StartupError
				? err.message
				: `The embedded test database could not start: ${err instanceof Error ? err.message : String(err)}`;
		const oneLine = new StartupError(message);
		oneLine.stack = `${oneLine.name}: ${message}`;
		throw oneLine;
	}
	project.provide('mongodbUri', db.uri);
	project.provide('embeddedPostgresUrl', db.pgUrl);
	return async () => {
		await db.stop();
		await removeDataDir(dataDir);
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		mongodbUri: string;
		embeddedPostgresUrl: string;
	}
}
