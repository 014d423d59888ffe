/**
 * The job worker of this node (off with JOBS=off). Other modules queue work with runJobNow().
 */
import type { RuntimePart } from '../runtime.ts';
import type { JobData, JobName } from './registry.ts';
import { startWorker, type QueuedJob, type Worker, type WorkerOptions } from './worker.ts';

export { JOBS_COLLECTION } from './collection.ts';
export { startWorker, type Worker, type WorkerOptions, type QueuedJob } from './worker.ts';
export { jobDefinitions, type JobName, type JobData } from './registry.ts';

// On globalThis like the event bus: the server entry and the SvelteKit bundle each load this module.
const KEY = Symbol.for('guichet.jobs');
const g = globalThis as unknown as Record<symbol, Worker | undefined>;

export function getWorker(): Worker | undefined {
	return g[KEY];
}

/** Queue a job now. Needs the worker on this node (JOBS not off). */
export async function runJobNow<N extends JobName>(name: N, data: JobData<N>): Promise<QueuedJob> {
	const worker = getWorker();
	if (!worker) throw new Error('The job worker is not running on this node (JOBS=off?).');
	return worker.runJobNow(name, data);
}

export async function startJobs(options?: WorkerOptions): Promise<Worker> {
	const existing = getWorker();
	if (existing) return existing;
	const worker = await startWorker(options);
	const registered: Worker = {
		...worker,
		async stop() {
			await worker.stop();
			if (g[KEY] === registered) delete g[KEY];
		}
	};
	g[KEY] = registered;
	return registered;
}

export const jobsPart: RuntimePart = {
	name: 'jobs',
	async start() {
		const worker = await startJobs();
		return () => worker.stop();
	}
};
