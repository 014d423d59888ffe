import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/lib/server/db/models/index.ts';
import { authenticateApiToken, listApiTokens } from '../../src/lib/server/auth/api-token.ts';
import { writeRuntimeFile, readRuntimeFile } from '../../src/lib/server/db/runtime-file.ts';

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;
const utcMinute = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);
const cli = path.resolve('src/bin/api-token.ts');
let dir: string;

/** Runs `npm run api-token` as plain Node does, against a data folder; never throws on a non-zero exit. */
async function apiTokenCli(args: string[], dataDir: string) {
	const env: NodeJS.ProcessEnv = { ...process.env, GUICHET_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
	delete env.MONGODB_URI;
	try {
		const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env, timeout: 60_000 });
		return { code: 0, stdout, stderr };
	} catch (err) {
		const e = err as { code?: number; stdout?: string; stderr?: string };
		return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
	}
}

beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'guichet-cli-'));
	// As root, a folder the postgres user cannot reach is relocated (resolveDataDir): keep ours reachable.
	await fs.chmod(dir, 0o755);
	await Agent.create({ email: 'script@example.org', lastName: 'Script', roles: [] });
});

afterAll(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

describe('npm run api-token', () => {
	it('uses the database a running server published, and prints only the token on stdout', async () => {
		const dataDir = path.join(dir, 'running');
		await fs.mkdir(dataDir);
		// This test process stands for the running server: its pid is alive, its URI is the test database.
		await writeRuntimeFile(dataDir, { mongodbUri: process.env.MONGODB_URI!, pgUrl: '' });
		expect(readRuntimeFile(dataDir)?.pid).toBe(process.pid);

		const res = await apiTokenCli(['--', 'Script@Example.org', 'Nightly', 'export'], dataDir);
		expect(res.stderr).toContain('running server');
		expect(res.code).toBe(0);
		const token = res.stdout.trim();
		expect(token).toMatch(/^gch_[a-z2-7]{32}$/);
		const agent = await authenticateApiToken(token);
		expect(agent?.email).toBe('script@example.org');
		// Every token expires: 90 days by default, said on stderr.
		const [created] = (await listApiTokens(agent!.id)).filter((t) => t.name === 'Nightly export');
		const days = (created.expiresAt.getTime() - created.createdAt.getTime()) / DAY;
		expect(days).toBeCloseTo(90, 3);
		expect(res.stderr).toContain(`valid 90 days: it expires on ${utcMinute(created.expiresAt)} UTC`);
	});

	it('takes the lifetime from --days (1 to 365), and refuses anything else before touching the database', async () => {
		const dataDir = path.join(dir, 'days');
		await fs.mkdir(dataDir);
		await writeRuntimeFile(dataDir, { mongodbUri: process.env.MONGODB_URI!, pgUrl: '' });
		const res = await apiTokenCli(['script@example.org', '--days', '30', 'Mensuel'], dataDir);
		expect(res.code).toBe(0);
		const agent = await authenticateApiToken(res.stdout.trim());
		const [created] = (await listApiTokens(agent!.id)).filter((t) => t.name === 'Mensuel');
		expect((created.expiresAt.getTime() - created.createdAt.getTime()) / DAY).toBeCloseTo(30, 3);
		expect(res.stderr).toContain(`valid 30 days: it expires on ${utcMinute(created.expiresAt)} UTC`);

		for (const args of [['--days=400'], ['--days', '0'], ['--days'], ['--days', 'trente'], ['--jours=30']]) {
			const refused = await apiTokenCli(['script@example.org', ...args], path.join(dir, 'none'));
			expect(refused.code, args.join(' ')).toBe(2);
			expect(refused.stderr).toContain('--days N');
			expect(refused.stdout).toBe('');
		}
	});

	it('refuses to start a second database on a folder whose PostgreSQL is running', async () => {
		const dataDir = path.join(dir, 'busy');
		await fs.mkdir(path.join(dataDir, 'pg'), { recursive: true });
		// A live pid without runtime.json: an older server, or another tool, owns the folder.
		await fs.writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), `${process.pid}\n`);
		const res = await apiTokenCli(['script@example.org'], dataDir);
		expect(res.code).toBe(1);
		expect(res.stderr).toContain(`pid ${process.pid}`);
		expect(res.stdout).toBe('');
	});

	it('explains its usage and unknown emails', async () => {
		const usage = await apiTokenCli([], path.join(dir, 'none'));
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain('Usage');

		const dataDir = path.join(dir, 'unknown');
		await fs.mkdir(dataDir);
		await writeRuntimeFile(dataDir, { mongodbUri: process.env.MONGODB_URI!, pgUrl: '' });
		const unknown = await apiTokenCli(['nobody@example.org'], dataDir);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('No agent');
	});
});
