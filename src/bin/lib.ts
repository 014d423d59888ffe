/** Small helpers shared by the command-line entries in src/bin (plain Node 24). */
import { spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../lib/server/db/embedded.ts';

export const say = (m: string) => console.log(`[guichet] ${m}`);

/** Run a command with inherited output; resolves with its exit code. node_modules/.bin comes first on PATH. */
export function runCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, {
			cwd: projectRoot,
			stdio: 'inherit',
			env: { ...process.env, PATH: `${path.join(projectRoot, 'node_modules', '.bin')}:${process.env.PATH}`, ...env }
		});
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
		child.on('error', () => resolve(127));
	});
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
