/**
 * `npm run dev`: Vite's dev server with the same runtime as production — Socket.IO on Vite's HTTP server through
 * the plugin in vite.config.ts, and the Agenda worker — on the embedded database unless MONGODB_URI is set.
 * The embedded database uses the demo folder (.data/demo, or GUICHET_DATA_DIR), seeded when empty, so that
 * dev shows the demo data and accounts. Do not run it beside `npm start` on the same folder.
 */
import path from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import {
	defaultDataDir,
	projectRoot,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from '../lib/server/db/embedded.ts';
import { removeRuntimeFileSync, writeRuntimeFile } from '../lib/server/db/runtime-file.ts';
import { say } from './lib.ts';

process.env.NODE_ENV ??= 'development';
const port = Number.parseInt(process.env.PORT ?? '3000', 10);

let embedded: EmbeddedDatabase | undefined;
let vite: ViteDevServer | undefined;
let stopping = false;

async function main() {
	if (!process.env.MONGODB_URI) {
		say('MONGODB_URI is not set: starting the embedded database (PostgreSQL + FerretDB)…');
		embedded = await startEmbeddedDatabase({
			dataDir: process.env.GUICHET_DATA_DIR ?? defaultDataDir('demo'),
			log: say
		});
		process.env.MONGODB_URI = embedded.uri;
		process.env.GUICHET_EMBEDDED_PG_URL = embedded.pgUrl;
		// Lets `npm run api-token` reach this database instead of starting (and clashing with) its own.
		await writeRuntimeFile(embedded.dataDir, { mongodbUri: embedded.uri, pgUrl: embedded.pgUrl });
		say(`Embedded database ready (${embedded.dataDir}).`);
		const { seedIfEmpty } = await import('../lib/server/seed/index.ts');
		if (await seedIfEmpty({ log: say })) say('Demo data created (accounts listed in the README).');
	}
	process.env.PUBLIC_URL ??= `http://localhost:${port}`;

	// Vite installs its own SIGTERM handler that exits the process once Vite is closed, before the runtime and
	// the embedded database are stopped: replace it with ours.
	const viteSignalHandlers = process.listeners('SIGTERM');
	vite = await createServer({
		configFile: path.join(projectRoot, 'vite.config.ts'),
		root: projectRoot,
		server: { port, strictPort: true, host: process.env.HOST }
	});
	for (const listener of process.listeners('SIGTERM')) {
		if (!viteSignalHandlers.includes(listener)) process.off('SIGTERM', listener);
	}

	try {
		await vite.listen();
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' || /already in use/i.test((err as Error).message)) {
			throw new StartupError(`Port ${port} is already in use: set PORT to another one.`);
		}
		throw err;
	}
	vite.printUrls();
	// SvelteKit runs the `init` hook (which starts the runtime: database, Socket.IO, jobs) on the first request
	// in dev: make it now rather than when the first browser arrives.
	const base = vite.resolvedUrls?.local[0] ?? `http://localhost:${port}/`;
	const health = await fetch(new URL('health', base)).catch(() => undefined);
	if (health?.ok) say('Runtime started (database, Socket.IO, jobs).');
	else say('The runtime did not answer /health yet: see the messages above.');
}

async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	say(`${signal} received: shutting down…`);
	const hardStop = setTimeout(() => process.exit(1), 30_000);
	hardStop.unref();
	const runtime = (globalThis as Record<symbol, { stop(): Promise<void> } | undefined>)[Symbol.for('guichet.runtime')];
	// Jobs finish and sockets close before Vite closes its HTTP server, then the database goes.
	await runtime?.stop().catch((err: unknown) => console.error('[guichet] runtime stop failed:', err));
	await vite?.close().catch(() => {});
	if (embedded) removeRuntimeFileSync(embedded.dataDir);
	await embedded?.stop().catch(() => {});
	say('Stopped.');
	process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

main().catch(async (err: unknown) => {
	await vite?.close().catch(() => {});
	if (embedded) removeRuntimeFileSync(embedded.dataDir);
	await embedded?.stop().catch(() => {});
	console.error(
		`[guichet] ${err instanceof StartupError ? err.message : `Start-up failed: ${err instanceof Error ? err.message : String(err)}`}`
	);
	process.exit(1);
});
