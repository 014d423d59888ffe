/**
 * `npm test`: every check, in order — lint, types, unit + integration tests (real embedded database, and a
 * throw-away Redis for the multi-node tests), build, end-to-end journeys (Playwright driving Debian's Chromium).
 * Installs what a fresh machine lacks (Debian's Chromium and redis-server, the FerretDB build), so that no test is
 * skipped, and ends with one summary line that CI reads: `total: N passed, N failed, N skipped`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureFerretdbBinary, projectRoot, StartupError } from '../lib/server/db/embedded.ts';
import { runCommand, say, stopOnSignals } from './lib.ts';
import { findRedisServer, startThrowawayRedis, type ThrowawayRedis } from './redis.ts';

const reports = path.join(projectRoot, '.data', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

interface Step {
	name: string;
	ok: boolean;
	seconds: number;
}
const steps: Step[] = [];

async function step(name: string, fn: () => Promise<number>): Promise<boolean> {
	say(`── ${name}`);
	const t0 = Date.now();
	const code = await fn();
	const s = { name, ok: code === 0, seconds: (Date.now() - t0) / 1000 };
	steps.push(s);
	say(`${s.ok ? '✔' : '✘'} ${name} (${s.seconds.toFixed(1)} s)`);
	return s.ok;
}

/** Debian packages the run needs: installed when missing as root (as in CI), explained otherwise. */
async function ensureDebianPackages(missing: { pkg: string; why: string }[]): Promise<number> {
	if (missing.length === 0) return 0;
	const names = missing.map((m) => m.pkg);
	if (process.getuid?.() !== 0) {
		for (const m of missing) console.error(`[guichet] ${m.why} is missing: install Debian’s \`${m.pkg}\` package.`);
		console.error(`[guichet] For instance: sudo apt-get install ${names.join(' ')}`);
		return 1;
	}
	say(`Installing Debian’s ${names.join(', ')} for the tests…`);
	const update = await runCommand('apt-get', ['update', '-qq']);
	if (update !== 0) return update;
	return runCommand('apt-get', ['install', '-y', '-qq', ...names], { DEBIAN_FRONTEND: 'noninteractive' });
}

function readJson<T>(file: string): T | null {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as T;
	} catch {
		return null;
	}
}

const only = process.argv[2]; // optional: lint | unit | integration | e2e
const want = (s: string) => !only || only === s;
// The multi-node tests need Redis: ours unless the caller points REDIS_URL at one.
const wantRedis = want('integration') && !process.env.REDIS_URL;
let redis: ThrowawayRedis | undefined;
stopOnSignals(async () => {
	await redis?.stop();
});

await step('Chromium, Redis and FerretDB present', async () => {
	try {
		await ensureFerretdbBinary(say);
	} catch (err) {
		console.error(`[guichet] ${err instanceof StartupError ? err.message : String(err)}`);
		return 1;
	}
	const missing: { pkg: string; why: string }[] = [];
	if (want('e2e') && !existsSync('/usr/bin/chromium')) missing.push({ pkg: 'chromium', why: 'Chromium' });
	if (wantRedis && !findRedisServer()) missing.push({ pkg: 'redis-server', why: 'Redis (multi-node tests)' });
	return ensureDebianPackages(missing);
});
await runCommand('svelte-kit', ['sync']);
if (want('lint')) {
	await step('Formatting (prettier)', () => runCommand('prettier', ['--check', '--log-level', 'warn', '.']));
	await step('Lint (eslint)', () => runCommand('eslint', ['.']));
	await step('Types (svelte-check)', () =>
		runCommand('svelte-check', ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'])
	);
}
const vitestFile = path.join(reports, 'vitest.json');
if (want('unit') || want('integration')) {
	const projects = only ? ['--project', only] : [];
	const env: NodeJS.ProcessEnv = {};
	if (wantRedis) {
		await step('Redis for the multi-node tests (throw-away)', async () => {
			const binary = findRedisServer();
			if (!binary) return 1; // explained by the first step
			try {
				redis = await startThrowawayRedis(binary);
				env.REDIS_URL = redis.url;
				return 0;
			} catch (err) {
				console.error(`[guichet] ${err instanceof Error ? err.message : String(err)}`);
				return 1;
			}
		});
	}
	try {
		await step('Unit and integration tests (vitest, embedded database)', () =>
			runCommand(
				'vitest',
				['run', ...projects, '--reporter=default', '--reporter=json', `--outputFile.json=${vitestFile}`],
				env
			)
		);
	} finally {
		await redis?.stop();
		redis = undefined;
	}
}
const playwrightFile = path.join(reports, 'playwright.json');
if (want('e2e')) {
	const built = await step('Build (vite build)', () => runCommand('vite', ['build', '--logLevel', 'warn']));
	if (built) {
		await step('End-to-end journeys (Playwright, Chromium)', () =>
			runCommand('playwright', ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightFile })
		);
	}
}

// Summary: test counts from the runners' reports, plus failed non-test steps as failures.
let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson<{
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
}>(vitestFile);
if (want('unit') || want('integration')) {
	// A run that executed no test (config error, empty selection) is a failure, not a success.
	const ran = vitest ? vitest.numPassedTests + vitest.numFailedTests : 0;
	if (ran === 0) steps.push({ name: 'vitest executed tests', ok: false, seconds: 0 });
}
if (vitest) {
	passed += vitest.numPassedTests;
	failed += vitest.numFailedTests;
	skipped += vitest.numPendingTests + vitest.numTodoTests;
	console.log(
		`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests + vitest.numTodoTests} skipped`
	);
}
const pw = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(
	playwrightFile
);
if (pw) {
	passed += pw.stats.expected + pw.stats.flaky;
	failed += pw.stats.unexpected;
	skipped += pw.stats.skipped;
	console.log(
		`playwright: ${pw.stats.expected + pw.stats.flaky} passed, ${pw.stats.unexpected} failed, ${pw.stats.skipped} skipped`
	);
}
for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds.toFixed(1)} s)`);
const failedSteps = steps.filter((s) => !s.ok).length;
if (failedSteps > 0 && failed === 0) failed = failedSteps; // a failed lint/type/build step counts as a failure
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps > 0 || failed > 0 ? 1 : 0);
