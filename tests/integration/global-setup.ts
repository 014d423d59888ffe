import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, defaultDataDir } from '../../src/lib/server/db/embedded.ts';

/** One throw-away embedded database server for the whole run; each test file gets its own database. */
export default async function setup(project: TestProject) {
	if (process.env.MONGODB_URI) {
		project.provide('mongodbUri', process.env.MONGODB_URI);
		project.provide('embeddedPostgresUrl', '');
		return;
	}
	const dataDir = defaultDataDir(`test-${process.pid}`);
	const db = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
	project.provide('mongodbUri', db.uri);
	project.provide('embeddedPostgresUrl', db.pgUrl);
	return async () => {
		await db.stop();
		await fs.rm(db.dataDir, { recursive: true, force: true });
		await fs.rm(path.dirname(db.dataDir), { recursive: false }).catch(() => {});
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		mongodbUri: string;
		embeddedPostgresUrl: string;
	}
}
