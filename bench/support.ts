/** Timing helpers shared by the benchmarks, and the built server for measures over HTTP. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Stats {
	p50: number;
	p95: number;
	mean: number;
	runs: number;
}

export async function measure(runs: number, fn: () => Promise<unknown>, warmup = 3): Promise<Stats> {
	for (let i = 0; i < warmup; i++) await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
	const round = (n: number) => Math.round(n * 100) / 100;
	return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(times.reduce((a, b) => a + b, 0) / runs), runs };
}

/**
 * `measure` within a time budget: one call first (warm-up) tells how many of `maxRuns` fit in `budgetMs` (at
 * least 3), so that a slow path reports its figures instead of stalling the whole run.
 */
export async function measureWithin(budgetMs: number, maxRuns: number, fn: () => Promise<unknown>): Promise<Stats> {
	const t0 = performance.now();
	await fn();
	const first = performance.now() - t0;
	const runs = Math.max(3, Math.min(maxRuns, Math.floor(budgetMs / Math.max(first, 1))));
	return measure(runs, fn, runs === maxRuns ? 2 : 0);
}

export function writeResults(name: string, metrics: Record<string, number>, details: unknown): void {
	const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ metrics, details }, null, '\t') + '\n');
}

export function table(rows: Record<string, string | number>[]): void {
	console.table(rows);
}

// ---- The built server ----------------------------------------------------------------------------------------

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BuiltServer {
	url: string;
	/** The server's process (its memory is read from /proc by the live bench). */
	pid: number;
	stop(): Promise<void>;
}

export interface BuiltServerOptions {
	/**
	 * Serve as the production entry does (src/server.ts): the runtime started on the HTTP server, so Socket.IO
	 * answers on /socket.io beside the handler.
	 */
	realtime?: boolean;
	/** More environment for the server (REDIS_URL for a node of several). */
	env?: Record<string, string>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

/** Whether `vite build` has produced the server the measures over HTTP need. */
export const hasBuild = () => existsSync(path.join(ROOT, 'build', 'handler.js'));

/** Serves a copy of the build's SvelteKit handler (what src/server.ts serves, without Socket.IO). */
const SERVE = `
import http from 'node:http';
const { handler } = await import(process.env.BENCH_HANDLER);
http.createServer(handler).listen(Number(process.env.PORT), '127.0.0.1');
`;

/**
 * What src/server.ts does around the handler, minus the embedded database and the seed: the HTTP server is
 * handed to the runtime (through the same global) before the handler's import starts it, so Socket.IO attaches
 * to it once it listens.
 */
const SERVE_LIVE = `
import http from 'node:http';
const server = http.createServer();
globalThis[Symbol.for('guichet.httpServer')] = server;
const { handler } = await import(process.env.BENCH_HANDLER);
server.on('request', handler);
server.listen(Number(process.env.PORT), '127.0.0.1');
`;

/**
 * This process's copy of build/, taken once under the e2e lock and shared by every server it starts (the lock
 * may wait for a whole Playwright run: one wait per bench run, not one per server); removed when it exits.
 */
let buildCopy: string | undefined;

function takeBuildCopy(): string {
	if (buildCopy) return buildCopy;
	const copy = path.join(ROOT, '.data', `bench-build-${process.pid}`);
	rmSync(copy, { recursive: true, force: true });
	mkdirSync(path.dirname(copy), { recursive: true });
	// Checked under the lock too: a rebuild under way has no complete build/ until it is done.
	try {
		execFileSync('flock', [
			'/tmp/guichet-e2e.lock',
			'sh',
			'-c',
			'test -f "$1/handler.js" && cp -r "$1" "$2"',
			'copy',
			path.join(ROOT, 'build'),
			copy
		]);
	} catch {
		throw new Error('no build: run `npx vite build` first');
	}
	process.once('exit', () => rmSync(copy, { recursive: true, force: true }));
	return (buildCopy = copy);
}

/**
 * The production build's handler on the bench's database: every hook (request id, headers, session, guards)
 * and the route, over real HTTP. It runs from a copy of build/ taken under the e2e lock (Playwright runs rebuild
 * build/ under that lock), inside the project so that its dependencies resolve. The Agenda worker is off (it is
 * not what is measured) and nothing is seeded.
 */
export async function startBuiltServer(
	mongodbUri: string,
	dbName: string,
	options: BuiltServerOptions = {}
): Promise<BuiltServer> {
	const copy = takeBuildCopy();
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(
		process.execPath,
		['--input-type=module', '-e', options.realtime ? SERVE_LIVE : SERVE],
		{
			cwd: ROOT,
			env: {
				...process.env,
				NODE_ENV: 'production',
				MONGODB_URI: mongodbUri,
				MONGODB_DB: dbName,
				BENCH_HANDLER: pathToFileURL(path.join(copy, 'handler.js')).href,
				PORT: String(port),
				ORIGIN: url,
				PUBLIC_URL: url,
				JOBS: 'off',
				LOG_LEVEL: 'warn',
				...options.env
			},
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	// A bench stopped by a signal exits without its finally blocks: the server goes with it.
	const onExit = () => {
		child.kill('SIGTERM');
	};
	process.once('exit', onExit);
	const cleanUp = async () => {
		process.off('exit', onExit);
		if (child.exitCode === null) child.kill('SIGTERM');
		await exited;
	};
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) {
			await cleanUp();
			throw new Error(`the server stopped (exit ${child.exitCode})`);
		}
		try {
			if ((await fetch(`${url}/health`)).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			await cleanUp();
			throw new Error('the server did not answer /health within 2 minutes');
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return { url, pid: child.pid!, stop: cleanUp };
}
