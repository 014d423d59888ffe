/**
 * Production entry: one HTTP server for the SvelteKit handler, Socket.IO and the Agenda worker.
 * Run with Node 24 (type stripping): `node src/server.ts` after `vite build`. `npm start` does both.
 *
 * MONGODB_URI unset → the embedded PostgreSQL + FerretDB default is started first (data in .data/demo,
 * or GUICHET_DATA_DIR). GUICHET_SEED=if-empty seeds demo data into an empty database.
 */
import http from 'node:http';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	defaultDataDir,
	projectRoot,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from './lib/server/db/embedded.ts';

process.env.NODE_ENV ??= 'production';
const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const host = process.env.HOST ?? '0.0.0.0';
const say = (m: string) => console.log(`[guichet] ${m}`);

function fail(message: string): never {
	console.error(`[guichet] ${message}`);
	process.exit(1);
}

let embedded: EmbeddedDatabase | undefined;
let stopping = false;

async function main() {
	const handlerFile = path.join(projectRoot, 'build', 'handler.js');
	if (!existsSync(handlerFile)) fail('No build found: run `npm start` (or `npm run build` then `npm run serve`).');

	if (!process.env.MONGODB_URI) {
		say('MONGODB_URI is not set: starting the embedded database (PostgreSQL + FerretDB)…');
		const dataDir = process.env.GUICHET_DATA_DIR ?? defaultDataDir('demo');
		// End-to-end runs start from an empty database every time.
		if (process.env.GUICHET_E2E_FRESH === '1')
			await rm(await resolveDataDir(dataDir), { recursive: true, force: true });
		embedded = await startEmbeddedDatabase({
			dataDir,
			log: say
		});
		process.env.MONGODB_URI = embedded.uri;
		process.env.GUICHET_EMBEDDED_PG_URL = embedded.pgUrl;
		say(`Embedded database ready (${embedded.dataDir}).`);
	}
	process.env.PUBLIC_URL ??= `http://localhost:${port}`;

	if (process.env.GUICHET_SEED === 'if-empty') {
		const { seedIfEmpty } = await import('./lib/server/seed/index.ts');
		const seeded = await seedIfEmpty({ log: say });
		if (seeded) say('Demo data created (accounts listed in the README).');
	}

	const server = http.createServer();
	(globalThis as Record<symbol, unknown>)[Symbol.for('guichet.httpServer')] = server;
	// Importing the handler runs SvelteKit's init hook, which starts the runtime on this server.
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as {
		handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
	};
	server.on('request', handler);
	await new Promise<void>((resolve, reject) => {
		server.once('error', (err: NodeJS.ErrnoException) =>
			reject(
				err.code === 'EADDRINUSE' ? new StartupError(`Port ${port} is already in use: set PORT to another one.`) : err
			)
		);
		server.listen(port, host, resolve);
	});
	say(`Guichet is ready on http://localhost:${port}`);

	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		say(`${signal} received: shutting down…`);
		const hardStop = setTimeout(() => process.exit(1), 30_000);
		hardStop.unref();
		server.close();
		server.closeIdleConnections();
		const runtime = (globalThis as Record<symbol, { stop(): Promise<void> } | undefined>)[
			Symbol.for('guichet.runtime')
		];
		await runtime?.stop();
		await embedded?.stop();
		say('Stopped.');
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch(async (err: unknown) => {
	await embedded?.stop().catch(() => {});
	if (err instanceof StartupError) fail(err.message);
	fail(`Start-up failed: ${err instanceof Error ? err.message : String(err)}`);
});
