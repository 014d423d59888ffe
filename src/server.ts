/**
 * Production entry: one HTTP server for the SvelteKit handler, Socket.IO and the Agenda worker.
 * Run with Node 24 (type stripping): `node src/server.ts` after `vite build`. `npm start` does both.
 *
 * MONGODB_URI unset → the embedded PostgreSQL + FerretDB default is started first (data in .data/demo,
 * or GUICHET_DATA_DIR). GUICHET_SEED=if-empty seeds demo data into an empty database.
 */
import http from 'node:http';
import net from 'node:net';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	defaultDataDir,
	projectRoot,
	resolveDataDir,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from './lib/server/db/embedded.ts';
import { removeRuntimeFileSync, writeRuntimeFile } from './lib/server/db/runtime-file.ts';

process.env.NODE_ENV ??= 'production';
const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const host = process.env.HOST ?? '0.0.0.0';
const say = (m: string) => console.log(`[guichet] ${m}`);

const isLoopbackHost = (h: string) => h === 'localhost' || h === '::1' || h.startsWith('127.');

function fail(message: string): never {
	console.error(`[guichet] ${message}`);
	process.exit(1);
}

let embedded: EmbeddedDatabase | undefined;
let stopping = false;

function portIsFree(p: number, h: string): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(p, h, () => probe.close(() => resolve(true)));
	});
}

async function main() {
	const handlerFile = path.join(projectRoot, 'build', 'handler.js');
	if (!existsSync(handlerFile)) fail('No build found: run `npm start` (or `npm run build` then `npm run serve`).');

	// Say it before starting anything else.
	if (!(await portIsFree(port, host))) fail(`Port ${port} is already in use: set PORT to another one.`);

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
		// Lets `npm run api-token` reach this database instead of starting (and clashing with) its own.
		await writeRuntimeFile(embedded.dataDir, { mongodbUri: embedded.uri, pgUrl: embedded.pgUrl });
		say(`Embedded database ready (${embedded.dataDir}).`);
	}
	process.env.PUBLIC_URL ??= `http://localhost:${port}`;
	// SvelteKit's CSRF check compares form posts with ORIGIN (adapter-node assumes https otherwise).
	process.env.ORIGIN ??= process.env.PUBLIC_URL;

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
	server.on('request', (req, res) => {
		// Static files (served by the adapter before SvelteKit's hooks) are only ever read as their declared type
		// too; SvelteKit's answers get this and the other security headers from the hooks.
		res.setHeader('x-content-type-options', 'nosniff');
		handler(req, res);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', (err: NodeJS.ErrnoException) =>
			reject(
				err.code === 'EADDRINUSE' ? new StartupError(`Port ${port} is already in use: set PORT to another one.`) : err
			)
		);
		server.listen(port, host, resolve);
	});
	say(
		`Guichet is ready on http://localhost:${port}` +
			(isLoopbackHost(host) ? ' (this machine only: set HOST=0.0.0.0 to open it to the network)' : '')
	);

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
		if (embedded) removeRuntimeFileSync(embedded.dataDir);
		await embedded?.stop();
		say('Stopped.');
		process.exit(0);
	};
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch(async (err: unknown) => {
	if (embedded) removeRuntimeFileSync(embedded.dataDir);
	await embedded?.stop().catch(() => {});
	if (err instanceof StartupError) fail(err.message);
	fail(`Start-up failed: ${err instanceof Error ? err.message : String(err)}`);
});
