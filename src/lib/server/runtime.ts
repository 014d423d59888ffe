/**
 * The long-lived parts of one node: database connection, Socket.IO on the HTTP server, the Agenda worker.
 * Started once from the `init` hook (production entry and `vite dev` alike); the HTTP server is handed over
 * through globalThis by src/server.ts or the Vite plugin in vite.config.ts.
 */
import type { Server as HttpServer } from 'node:http';
import { connectDatabase, databaseStatus, disconnectDatabase } from './db/connection.ts';
import { ensureBusyWeeks } from './db/busy-time.ts';
import { ensureParticipantNames } from './db/read-models/participant-names.ts';
import { ensureDayCards } from './db/read-models/rdv-day-cards.ts';
import { syncAllIndexes } from './db/indexes.ts';
import { ensureUsagerSearchKeys } from './services/usagers/backfill.ts';
import { env } from './env.ts';
import { logger } from './logger.ts';

export interface RuntimeStatus {
	database: ReturnType<typeof databaseStatus>;
	jobs: 'running' | 'off' | 'stopped';
	realtime: 'attached' | 'off';
}

interface Runtime {
	status(): RuntimeStatus;
	stop(): Promise<void>;
}

type Stopper = () => Promise<void>;

const g = globalThis as unknown as Record<symbol, unknown>;
const HTTP_KEY = Symbol.for('guichet.httpServer');
const RUNTIME_KEY = Symbol.for('guichet.runtime');

export function getRuntime(): Runtime | undefined {
	return g[RUNTIME_KEY] as Runtime | undefined;
}

/** Extension points filled in by realtime/ and jobs/ (kept optional so each lands on its own). */
export interface RuntimePart {
	name: 'realtime' | 'jobs';
	start(httpServer: HttpServer | undefined): Promise<Stopper | undefined>;
}

export async function startRuntime(parts: RuntimePart[] = []): Promise<Runtime> {
	const existing = getRuntime();
	if (existing) return existing;
	const runtime = (async () => {
		await connectDatabase();
		await syncAllIndexes();
		await ensureBusyWeeks();
		await ensureParticipantNames();
		await ensureDayCards();
		await ensureUsagerSearchKeys();
		const httpServer = g[HTTP_KEY] as HttpServer | undefined;
		const stoppers: { name: string; stop: Stopper }[] = [];
		let realtime: RuntimeStatus['realtime'] = 'off';
		let jobs: RuntimeStatus['jobs'] = 'off';
		for (const part of parts) {
			if (part.name === 'jobs' && !env.jobsEnabled) continue;
			if (part.name === 'realtime' && !httpServer) continue;
			const stop = await part.start(httpServer);
			if (stop) stoppers.push({ name: part.name, stop });
			if (part.name === 'realtime') realtime = 'attached';
			if (part.name === 'jobs') jobs = 'running';
		}
		logger.info({ realtime, jobs }, 'runtime started');
		const rt: Runtime = {
			status: () => ({ database: databaseStatus(), jobs, realtime }),
			async stop() {
				// Reverse order: stop taking work, finish jobs, close sockets, then the database.
				for (const s of stoppers.reverse()) {
					try {
						await s.stop();
					} catch (err) {
						logger.error({ err, part: s.name }, 'runtime part failed to stop');
					}
					if (s.name === 'jobs') jobs = 'stopped';
				}
				await disconnectDatabase();
				delete g[RUNTIME_KEY];
			}
		};
		return rt;
	})();
	const rt = await runtime;
	g[RUNTIME_KEY] = rt;
	return rt;
}
