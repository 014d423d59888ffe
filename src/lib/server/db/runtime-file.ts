/**
 * A running server that started the embedded database publishes its connection in `<dataDir>/runtime.json`,
 * so that command-line tools (`npm run api-token`) use that database instead of starting a second one on the
 * same folder — starting one would stop the server's PostgreSQL as a "leftover" of a crashed run.
 */
import { readFileSync, rmSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface RuntimeInfo {
	pid: number;
	mongodbUri: string;
	pgUrl: string;
}

const FILE = 'runtime.json';

export async function writeRuntimeFile(dataDir: string, info: Omit<RuntimeInfo, 'pid'>): Promise<void> {
	const content: RuntimeInfo = { pid: process.pid, ...info };
	await fs.writeFile(path.join(dataDir, FILE), JSON.stringify(content), { mode: 0o600 });
}

/** Removes the file only if this process wrote it. Synchronous so that it can run from an exit handler. */
export function removeRuntimeFileSync(dataDir: string): void {
	const info = readRaw(dataDir);
	if (info?.pid !== process.pid) return;
	try {
		rmSync(path.join(dataDir, FILE), { force: true });
	} catch {
		// Best effort: a stale file is ignored by readers since its pid is gone.
	}
}

/** The connection of a live server on that data folder, or null (none, or its process is gone). */
export function readRuntimeFile(dataDir: string): RuntimeInfo | null {
	const info = readRaw(dataDir);
	return info && processAlive(info.pid) ? info : null;
}

function readRaw(dataDir: string): RuntimeInfo | null {
	try {
		const parsed = JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8')) as Partial<RuntimeInfo>;
		if (typeof parsed.pid !== 'number' || typeof parsed.mongodbUri !== 'string') return null;
		return { pid: parsed.pid, mongodbUri: parsed.mongodbUri, pgUrl: String(parsed.pgUrl ?? '') };
	} catch {
		return null;
	}
}

export function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		// EPERM: the process exists but belongs to another user.
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** PostgreSQL's own pid file: a live postmaster means another process owns this data folder. */
export function livePostgresPid(dataDir: string): number | null {
	try {
		const pid = Number.parseInt(
			readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '',
			10
		);
		return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
	} catch {
		return null;
	}
}
