/** Small helpers shared by the command-line entries in src/bin (plain Node 24). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
	defaultDataDir,
	projectRoot,
	resolveDataDir,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from '../lib/server/db/embedded.ts';
import { livePostgresPid, readRuntimeFile } from '../lib/server/db/runtime-file.ts';

export const say = (m: string) => console.log(`[guichet] ${m}`);

const children = new Set<ChildProcess>();
let interrupted = false;

/**
 * Run a command with inherited output; resolves with its exit code. node_modules/.bin comes first on PATH.
 * Once the run is interrupted (see stopOnSignals), nothing new starts.
 */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
	if (interrupted) return Promise.resolve(130);
	return new Promise((resolve) => {
		const child = spawn(cmd, args, {
			cwd: projectRoot,
			stdio: 'inherit',
			env: { ...process.env, PATH: `${path.join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH}`, ...env }
		});
		children.add(child);
		child.on('exit', (code, signal) => {
			children.delete(child);
			resolve(code ?? (signal ? 1 : 0));
		});
		child.on('error', (err: NodeJS.ErrnoException) => {
			children.delete(child);
			console.error(`[guichet] ${cmd} could not be run (${err.code ?? err.message}).`);
			resolve(127);
		});
	});
}

/**
 * Ctrl-C or a kill: the running command gets the signal too (a kill may reach this process alone) and up to 30 s
 * to clean up after itself (vitest stops its database), then `cleanup` stops what this process started, and
 * the process exits with the usual 128 + signal number.
 */
export function stopOnSignals(cleanup: () => Promise<void> = async () => {}): void {
	const handle = (signal: NodeJS.Signals, number: number) => {
		if (interrupted) return;
		interrupted = true;
		say(`${signal} received: stopping…`);
		const running = [...children].map((child) => new Promise((r) => child.once('exit', r)));
		for (const child of children) child.kill(signal);
		const grace = new Promise((r) => setTimeout(r, 30_000).unref());
		void Promise.race([Promise.all(running), grace])
			.then(cleanup)
			.catch(() => {})
			.finally(() => process.exit(128 + number));
	};
	process.on('SIGINT', () => handle('SIGINT', 2));
	process.on('SIGTERM', () => handle('SIGTERM', 15));
}

function newestMtime(p: string): number {
	if (!existsSync(p)) return 0;
	const st = statSync(p);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
	return newest;
}

/** The production build is stale when any source is newer than it. */
export function buildIsStale(): boolean {
	const marker = path.join(projectRoot, 'build', 'handler.js');
	if (!existsSync(marker)) return true;
	const built = statSync(marker).mtimeMs;
	const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
	return inputs.some((i) => newestMtime(path.join(projectRoot, i)) > built);
}

export async function ensureBuild(): Promise<void> {
	if (!buildIsStale()) return;
	say('Building the application (vite build)…');
	const code = await runCommand('vite', ['build', '--logLevel', 'warn']);
	if (code !== 0) {
		console.error('[guichet] The build failed (see above).');
		process.exit(code);
	}
}

/**
 * The database a command-line entry works on, connected through mongoose: MONGODB_URI when set; otherwise the
 * embedded demo database — the one a running server published in its runtime.json, or one started here for the
 * duration of the command. `close()` disconnects (and stops what was started here).
 */
export async function openCliDatabase(log: (m: string) => void): Promise<{ close(): Promise<void> }> {
	let embedded: EmbeddedDatabase | undefined;
	if (!process.env.MONGODB_URI) {
		const dataDir = await resolveDataDir(process.env.GUICHET_DATA_DIR ?? defaultDataDir('demo'));
		const running = readRuntimeFile(dataDir);
		if (running) {
			log('Using the database of the running server.');
			process.env.MONGODB_URI = running.mongodbUri;
			process.env.GUICHET_EMBEDDED_PG_URL = running.pgUrl;
		} else {
			const pgPid = livePostgresPid(dataDir);
			// Starting our own would stop that PostgreSQL as a leftover, under a running server.
			if (pgPid)
				throw new StartupError(
					`The demo database is in use by another process (PostgreSQL pid ${pgPid}): stop it and retry.`
				);
			embedded = await startEmbeddedDatabase({ dataDir, log });
			const started = embedded;
			stopOnSignals(() => started.stop());
			process.env.MONGODB_URI = embedded.uri;
			// Lets syncAllIndexes mirror the indexes in PostgreSQL (see db/pg-indexes.ts).
			process.env.GUICHET_EMBEDDED_PG_URL = embedded.pgUrl;
		}
	}
	const { connectDatabase, disconnectDatabase } = await import('../lib/server/db/connection.ts');
	try {
		await connectDatabase();
	} catch (err) {
		await embedded?.stop();
		throw err;
	}
	return {
		async close() {
			await disconnectDatabase();
			await embedded?.stop();
		}
	};
}

export function describeError(err: unknown, what: string): string {
	return err instanceof StartupError ? err.message : `${what}: ${err instanceof Error ? err.message : String(err)}`;
}
