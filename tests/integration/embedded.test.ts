import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import {
	defaultDataDir,
	freePort,
	projectRoot,
	removeDataDir,
	startEmbeddedDatabase,
	StartupError,
	type EmbeddedDatabase
} from '../../src/lib/server/db/embedded.ts';
import { packagedPostgresDir, relocatePostgres, RELOCATION_BASE } from '../../src/lib/server/db/postgres-binaries.ts';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

const dataDir = defaultDataDir(`embedded-test-${process.pid}`);
const started: EmbeddedDatabase[] = [];

afterAll(async () => {
	for (const db of started) await db.stop().catch(() => {});
	await removeDataDir(dataDir);
});

async function ping(uri: string): Promise<boolean> {
	const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
	try {
		await client.connect();
		const res = await client.db('admin').command({ ping: 1 });
		return res.ok === 1;
	} finally {
		await client.close();
	}
}

function portOpen(uri: string): Promise<boolean> {
	const port = Number(new URL(uri).port);
	return new Promise((resolve) => {
		const s = net.connect(port, '127.0.0.1');
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

describe('embedded database launcher', () => {
	it('starts PostgreSQL + FerretDB on loopback and answers the MongoDB protocol', async () => {
		const db = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
		started.push(db);
		expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
		expect(await ping(db.uri)).toBe(true);
	});

	it('recovers when a previous run left its processes behind (no stop, as after a crash)', async () => {
		const first = started[0]!;
		// Start again on the same folder without stopping the first: the leftovers must be cleared.
		const second = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
		started.push(second);
		expect(await ping(second.uri)).toBe(true);
		expect(await portOpen(first.uri)).toBe(false);
	});

	it('keeps data across restarts and stops cleanly', async () => {
		const db = started[1]!;
		const client = new MongoClient(db.uri);
		await client.connect();
		await client.db('persist').collection('c').insertOne({ k: 'kept' });
		await client.close();
		await db.stop();
		expect(existsSync(`${db.dataDir}/ferretdb.pid`)).toBe(false);
		const again = await startEmbeddedDatabase({ dataDir, fast: true, log: () => {} });
		started.push(again);
		const c2 = new MongoClient(again.uri);
		await c2.connect();
		expect(await c2.db('persist').collection('c').findOne({ k: 'kept' })).toMatchObject({ k: 'kept' });
		await c2.close();
	});
});

/** A folder only its owner can enter, as /root is in most containers. */
async function privateDir(prefix: string): Promise<string> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
	await fs.chmod(dir, 0o700);
	return dir;
}

/** Runs a command, never throwing on a non-zero exit. */
async function runNode(args: string[], env: NodeJS.ProcessEnv, cwd = projectRoot) {
	try {
		const { stdout, stderr } = await run(process.execPath, args, { env, cwd, timeout: 120_000 });
		return { code: 0, output: stdout + stderr };
	} catch (err) {
		const e = err as { code?: number; stdout?: string; stderr?: string };
		return { code: e.code ?? -1, output: (e.stdout ?? '') + (e.stderr ?? '') };
	}
}

const stackLine = /^\s+at\s|node:internal|^\s*\^\s*$/m;

function cliEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', ...extra };
	delete env.MONGODB_URI;
	delete env.GUICHET_EMBEDDED_PG_URL;
	return env;
}

describe('a clone in a private home directory (root, as in most containers)', () => {
	// The whole project seen through a mode-700 folder, the way a clone under /root is: symbolic links kept as
	// paths (--preserve-symlinks), so every file, PostgreSQL's programs included, is reached through that folder.
	it('starts its embedded database from the first command on (npm run api-token)', async () => {
		const home = await privateDir('guichet-home-');
		const clone = path.join(home, 'guichet');
		await fs.mkdir(path.join(clone, '.data'), { recursive: true });
		for (const entry of ['src', 'node_modules', 'ferretdb', 'package.json']) {
			await fs.symlink(path.join(projectRoot, entry), path.join(clone, entry));
		}
		const dataDir = path.join(clone, '.data', 'demo');
		try {
			const res = await runNode(
				['--preserve-symlinks', '--preserve-symlinks-main', 'src/bin/api-token.ts', 'nobody@example.org'],
				cliEnv({ GUICHET_DATA_DIR: dataDir }),
				clone
			);
			// Before the fix: « spawn …/initdb EACCES », an unhandled 'error' event and its stack.
			expect(res.output).not.toMatch(stackLine);
			expect(res.output).toContain('No agent with the email nobody@example.org');
			expect(res.code).toBe(1);
		} finally {
			await removeDataDir(dataDir);
			await fs.rm(home, { recursive: true, force: true });
		}
	});

	it('runs PostgreSQL from an installation placed in a private folder', async () => {
		const home = await privateDir('guichet-pg-');
		const copy = path.join(home, 'native');
		await run('cp', ['-a', '--link', packagedPostgresDir(), copy]).catch(() =>
			fs.cp(packagedPostgresDir(), copy, { recursive: true, verbatimSymlinks: true })
		);
		let db: EmbeddedDatabase | undefined;
		try {
			db = await startEmbeddedDatabase({
				dataDir: path.join(home, 'data'),
				postgresDir: copy,
				fast: true,
				log: () => {}
			});
			expect(await ping(db.uri)).toBe(true);
			// As root PostgreSQL runs as the postgres user, who cannot enter `home`: both folders moved out. As
			// another user, PostgreSQL runs as that user, who can: nothing moves (the case cannot arise).
			if (isRoot) {
				expect(db.postgresDir.startsWith(`${RELOCATION_BASE}/`)).toBe(true);
				expect(db.dataDir.startsWith('/var/tmp/')).toBe(true);
			} else {
				expect(db.postgresDir).toBe(copy);
			}
			await db.stop();
			await removeDataDir(path.join(home, 'data'));
			// Nothing piles up in /var/tmp run after run.
			expect(existsSync(db.dataDir)).toBe(false);
			if (isRoot) expect(existsSync(path.dirname(db.dataDir))).toBe(false);
		} finally {
			await db?.stop();
			await removeDataDir(path.join(home, 'data'));
			await fs.rm(home, { recursive: true, force: true });
		}
	});
});

describe('start-up failures are one actionable line', () => {
	it('a PostgreSQL program that cannot be run is a StartupError, not an unhandled spawn error', async () => {
		const home = await privateDir('guichet-pg-bad-');
		const bad = path.join(home, 'native');
		await fs.mkdir(path.join(bad, 'bin'), { recursive: true });
		await fs.writeFile(path.join(bad, 'bin', 'initdb'), '#!/bin/sh\nexit 0\n');
		await fs.chmod(path.join(bad, 'bin', 'initdb'), 0o644); // not executable
		await fs.writeFile(path.join(bad, 'bin', 'postgres'), '#!/bin/sh\nexit 0\n');
		await fs.chmod(path.join(bad, 'bin', 'postgres'), 0o755);
		const dataDir = defaultDataDir(`embedded-bad-${process.pid}`);
		try {
			const failure = await startEmbeddedDatabase({ dataDir, postgresDir: bad, fast: true, log: () => {} }).then(
				() => null,
				(err: unknown) => err
			);
			expect(failure).toBeInstanceOf(StartupError);
			expect((failure as Error).message).toMatch(/initdb.*permission denied/);
			expect((failure as Error).message).not.toContain('\n');

			const missing = await startEmbeddedDatabase({ dataDir, postgresDir: path.join(home, 'none'), log: () => {} })
				.then(() => null)
				.catch((err: unknown) => err);
			expect(missing).toBeInstanceOf(StartupError);
			expect((missing as Error).message).toContain('npm ci');
		} finally {
			await fs.rm(home, { recursive: true, force: true });
			await removeDataDir(dataDir);
			// The unusable installation's reachable copy (as root), named « local-<fingerprint> ».
			for (const name of await fs.readdir(RELOCATION_BASE).catch(() => [])) {
				if (name.startsWith('local-')) await fs.rm(path.join(RELOCATION_BASE, name), { recursive: true, force: true });
			}
		}
	});

	it('every command-line entry that starts the database ends a failed start with one line, no stack', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'guichet-cli-fail-'));
		await fs.chmod(dir, 0o755);
		// A data folder that cannot be created: its parent is a file.
		const blocker = path.join(dir, 'file');
		await fs.writeFile(blocker, '');
		await fs.chmod(blocker, 0o755);
		const env = cliEnv({
			GUICHET_DATA_DIR: path.join(blocker, 'data'),
			PORT: String(await freePort()),
			HOST: '127.0.0.1'
		});
		try {
			for (const args of [
				['src/bin/seed.ts'],
				['src/bin/api-token.ts', 'agent@example.org'],
				['src/bin/dev.ts'],
				['src/server.ts']
			]) {
				const res = await runNode(args, env);
				expect(res.code, args[0]).toBe(1);
				expect(res.output, args[0]).not.toMatch(stackLine);
				// server.ts says first when there is no build to serve; otherwise, like the others, the data folder.
				expect(res.output, args[0]).toMatch(/\[guichet\] (The data folder .* cannot be created|No build found)/);
			}
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	});
});

describe('the reachable copy of PostgreSQL (as root, for the postgres user)', () => {
	const made: string[] = [];
	afterAll(async () => {
		for (const dir of made) await fs.rm(dir, { recursive: true, force: true });
	});

	/** A small installation: programs, a library and its link, a file only its owner can read. */
	async function installation(): Promise<{ source: string; base: string }> {
		const root = await fs.mkdtemp(path.join(os.tmpdir(), 'guichet-reloc-'));
		await fs.chmod(root, 0o755);
		made.push(root);
		const source = path.join(root, 'native');
		for (const dir of ['bin', 'lib', 'share/timezone']) await fs.mkdir(path.join(source, dir), { recursive: true });
		const files: [string, string, number][] = [
			['bin/initdb', '#!/bin/sh\n', 0o755],
			['bin/postgres', '#!/bin/sh\necho postgres\n', 0o755],
			['lib/libpq.so.5.17', 'x'.repeat(1000), 0o644],
			['share/timezone/Paris', 'CET', 0o600]
		];
		for (const [rel, content, mode] of files) {
			await fs.writeFile(path.join(source, rel), content);
			await fs.chmod(path.join(source, rel), mode);
		}
		await fs.symlink('libpq.so.5.17', path.join(source, 'lib', 'libpq.so.5'));
		return { source, base: path.join(root, 'base') };
	}

	async function tree(dir: string): Promise<string[]> {
		const out: string[] = [];
		for (const entry of (await fs.readdir(dir, { recursive: true })).sort()) {
			if (entry === '.guichet-fingerprint') continue;
			const st = await fs.lstat(path.join(dir, entry));
			const kind = st.isSymbolicLink()
				? `-> ${await fs.readlink(path.join(dir, entry))}`
				: st.isDirectory()
					? 'dir'
					: st.size;
			out.push(`${entry} ${kind}`);
		}
		return out;
	}

	it('is complete, readable by others, and reused while it matches', async () => {
		const { source, base } = await installation();
		const target = await relocatePostgres(source, base);
		expect(path.dirname(target)).toBe(base);
		expect(await tree(target)).toEqual(await tree(source));
		const mode = async (rel: string) => (await fs.stat(path.join(target, rel))).mode & 0o777;
		expect(await mode('bin/postgres')).toBe(0o755);
		expect(await mode('share/timezone/Paris')).toBe(0o644); // copied, opened to others…
		expect((await fs.stat(path.join(source, 'share/timezone/Paris'))).mode & 0o777).toBe(0o600); // …the original not
		expect(await mode('share')).toBe(0o755);
		expect((await fs.stat(base)).mode & 0o777).toBe(0o755);

		const marker = await fs.stat(path.join(target, '.guichet-fingerprint'));
		expect(await relocatePostgres(source, base)).toBe(target);
		expect((await fs.stat(path.join(target, '.guichet-fingerprint'))).ino).toBe(marker.ino); // not rebuilt
	});

	it('is replaced in one step when damaged or out of date', async () => {
		const { source, base } = await installation();
		const target = await relocatePostgres(source, base);
		await fs.rm(path.join(target, 'lib', 'libpq.so.5.17'));
		expect(await relocatePostgres(source, base)).toBe(target);
		expect(await tree(target)).toEqual(await tree(source));

		// Replaced, not written in place: the copy's files may be hard links to the installation's.
		await fs.rm(path.join(target, 'bin', 'postgres'));
		await fs.writeFile(path.join(target, 'bin', 'postgres'), 'truncated');
		expect(await relocatePostgres(source, base)).toBe(target);
		expect(await fs.readFile(path.join(target, 'bin', 'postgres'), 'utf8')).toContain('echo postgres');

		// A new version of the installation gets its own folder; nothing half-made is left behind.
		await fs.rm(path.join(source, 'bin', 'postgres'));
		await fs.writeFile(path.join(source, 'bin', 'postgres'), '#!/bin/sh\necho postgres 18\n', { mode: 0o755 });
		const next = await relocatePostgres(source, base);
		expect(next).not.toBe(target);
		expect(await fs.readFile(path.join(next, 'bin', 'postgres'), 'utf8')).toContain('18');
		expect((await fs.readdir(base)).sort()).toEqual([path.basename(target), path.basename(next)].sort());
	});

	it('ends on one complete copy when several processes make it at once', async () => {
		const { source, base } = await installation();
		const module = path.join(projectRoot, 'src/lib/server/db/postgres-binaries.ts');
		const script = `const m = await import(${JSON.stringify(module)}); console.log(await m.relocatePostgres(${JSON.stringify(source)}, ${JSON.stringify(base)}));`;
		const results = await Promise.all([
			...Array.from({ length: 3 }, () =>
				run(process.execPath, ['--input-type=module', '-e', script]).then((r) => r.stdout.trim())
			),
			relocatePostgres(source, base),
			relocatePostgres(source, base)
		]);
		expect(new Set(results).size).toBe(1);
		const [target] = results;
		expect(await tree(target!)).toEqual(await tree(source));
		expect(await fs.readdir(base)).toEqual([path.basename(target!)]);
	});

	it.runIf(isRoot)('refuses a folder someone else created first in /var/tmp', async () => {
		const { source, base } = await installation();
		await fs.mkdir(base, { mode: 0o755 });
		const { stdout } = await run('id', ['-u', 'nobody']);
		await fs.chown(base, Number.parseInt(stdout, 10), 0);
		await expect(relocatePostgres(source, base)).rejects.toThrow(/not created by this user/);
	});
});
