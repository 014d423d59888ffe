/**
 * A throw-away Redis for `npm test`: Debian's redis-server on a free loopback port, nothing persisted, its own
 * folder under .data, stopped (and the folder removed) when the run ends, whichever way it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { freePort, projectRoot, StartupError } from '../lib/server/db/embedded.ts';

export interface ThrowawayRedis {
	url: string;
	stop(): Promise<void>;
}

/** redis-server on PATH (or where Debian puts it), or null. */
export function findRedisServer(): string | null {
	const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
	for (const dir of dirs) {
		const file = path.join(dir || '.', 'redis-server');
		if (existsSync(file)) return file;
	}
	return null;
}

/** One PING over a fresh connection: true on PONG. */
function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
	});
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function startThrowawayRedis(binary: string): Promise<ThrowawayRedis> {
	const port = await freePort();
	const dir = path.join(projectRoot, '.data', `redis-${process.pid}`);
	await fs.mkdir(dir, { recursive: true });
	const output: string[] = [];
	// No snapshots, no append-only file, loopback only: it lives for one test run.
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
	const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const keep = (c: Buffer) => {
		output.push(
			...c
				.toString()
				.split('\n')
				.filter((l) => l.trim())
		);
		if (output.length > 20) output.splice(0, output.length - 20);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	let spawnError: Error | undefined;
	child.on('error', (err) => {
		spawnError = err;
	});
	// Whatever way the run ends (a failure that exits at once included), Redis goes with it.
	const onExit = () => {
		if (!exited(child)) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	};
	process.on('exit', onExit);

	const stop = async () => {
		process.off('exit', onExit);
		if (!exited(child)) {
			const gone = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([gone, new Promise((r) => setTimeout(r, 5000).unref())]);
			if (!exited(child)) child.kill('SIGKILL');
		}
		await fs.rm(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + 15_000;
	while (!(await ping(port))) {
		if (spawnError || exited(child) || Date.now() > deadline) {
			await stop();
			const why = spawnError?.message ?? output.slice(-2).join(' ').trim();
			throw new StartupError(`redis-server did not start on port ${port}: ${why || 'no output'}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { url: `redis://127.0.0.1:${port}`, stop };
}
