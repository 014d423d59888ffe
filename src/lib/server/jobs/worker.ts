/**
 * The Agenda worker (Agenda 6 + @agendajs/mongo-backend) on the application's own MongoDB connection, in the
 * `agendaJobs` collection.
 *
 * FerretDB note: Agenda locks a job with findOneAndUpdate, which FerretDB v1 does not run atomically, so two
 * nodes on one FerretDB could run the same job twice. FerretDB is the single-node embedded default; production
 * runs several workers on MongoDB, whose findOneAndUpdate is atomic. Handlers are idempotent either way. Each
 * lock query reads every job of that name on FerretDB: keep few pending jobs per name (ARCHITECTURE.md).
 */
import os from 'node:os';
import { Agenda, InMemoryNotificationChannel, type Job, type JobWithId } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import mongoose from 'mongoose';
import { logger } from '../logger.ts';
import { JOBS_COLLECTION } from './collection.ts';
import type { JobDefinition } from './definition.ts';
import { findJobDefinition, jobDefinitions, type JobData, type JobName } from './registry.ts';

type MongoDb = ConstructorParameters<typeof MongoBackend>[0] extends infer C
	? Extract<C, { mongo: unknown }>['mongo']
	: never;

export interface WorkerOptions {
	/** Polling interval in ms. A number: Agenda 6 reads strings such as '200 milliseconds' wrongly. */
	processEveryMs?: number;
	/** Schedule the periodic jobs (off in tests that run them by hand). */
	schedulePeriodic?: boolean;
	/** How long stop() waits for running jobs before giving up on them. */
	drainTimeoutMs?: number;
}

export interface QueuedJob {
	jobId: string;
	/** Settles when this run has finished (rejects with the handler's error). */
	finished: Promise<void>;
}

export interface Worker {
	agenda: Agenda;
	/** Queue a job for immediate processing (payload validated against the job's schema). */
	runJobNow<N extends JobName>(name: N, data: JobData<N>): Promise<QueuedJob>;
	/** Stop taking jobs and wait for the running ones (up to drainTimeoutMs). The database stays connected. */
	stop(): Promise<void>;
}

function register(agenda: Agenda, definition: JobDefinition) {
	agenda.define(
		definition.name,
		async (job: Job<unknown>) => {
			const parsed = definition.schema.safeParse(job.attrs.data ?? {});
			// Payloads hold no personal data, but the issue list is enough to find the bug.
			if (!parsed.success) throw new Error(`invalid payload: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
			await definition.run(parsed.data, { jobId: String(job.attrs._id), now: new Date() });
		},
		{
			concurrency: definition.concurrency,
			...(definition.lockLifetimeMs ? { lockLifetime: definition.lockLifetimeMs } : {})
		}
	);
}

export async function startWorker(options: WorkerOptions = {}): Promise<Worker> {
	const db = mongoose.connection.db;
	if (!db) throw new Error('The database must be connected before the job worker starts.');

	const agenda = new Agenda({
		// mongoose bundles its own copy of the driver: same wire protocol and BSON, distinct TypeScript class.
		backend: new MongoBackend({ mongo: db as unknown as MongoDb, collection: JOBS_COLLECTION }),
		// Jobs queued on this node start at once; those queued elsewhere wait for the next poll.
		notificationChannel: new InMemoryNotificationChannel(),
		name: `${os.hostname()}-${process.pid}`,
		processEvery: options.processEveryMs ?? 5000,
		defaultConcurrency: 2,
		maxConcurrency: 8
		// No removeOnComplete: finished one-off jobs are purged by sweep-expired (see collection.ts).
	});
	agenda.on('fail', (err: Error | string, job: JobWithId | { jobName?: string }) => {
		const name = 'attrs' in job ? job.attrs.name : job.jobName;
		logger.error({ err, job: name }, 'job failed');
	});

	for (const definition of jobDefinitions) register(agenda, definition as JobDefinition);
	await agenda.start();
	if (options.schedulePeriodic !== false) {
		for (const definition of jobDefinitions) {
			if (definition.everyMs) await agenda.every(definition.everyMs, definition.name, {});
		}
	}

	return {
		agenda,
		runJobNow: (name, data) => queueJob(agenda, name, data),
		stop: () => stopWorker(agenda, options.drainTimeoutMs ?? 25_000)
	};
}

async function queueJob(agenda: Agenda, name: string, data: unknown): Promise<QueuedJob> {
	const definition = findJobDefinition(name);
	if (!definition) throw new Error(`Unknown job: ${name}`);
	const payload = definition.schema.parse(data);

	// Listen before queueing: the run can finish before `now()` returns.
	const outcomes = new Map<string, Error | null>();
	const failures = new Map<string, Error>();
	const waiters = new Map<string, () => void>();
	const onFail = (err: Error, job: JobWithId) => failures.set(String(job.attrs._id), err);
	const onComplete = (job: JobWithId) => {
		const id = String(job.attrs._id);
		outcomes.set(id, failures.get(id) ?? null);
		waiters.get(id)?.();
	};
	agenda.on(`fail:${name}`, onFail);
	agenda.on(`complete:${name}`, onComplete);
	const cleanup = () => {
		agenda.off(`fail:${name}`, onFail);
		agenda.off(`complete:${name}`, onComplete);
	};

	let jobId: string;
	try {
		const job = await agenda.now(name, payload);
		jobId = String(job.attrs._id);
	} catch (err) {
		cleanup();
		throw err;
	}
	const finished = new Promise<void>((resolve, reject) => {
		const settle = () => {
			cleanup();
			const error = outcomes.get(jobId);
			if (error) reject(error);
			else resolve();
		};
		if (outcomes.has(jobId)) settle();
		else waiters.set(jobId, settle);
	});
	// Callers that do not wait must not see an unhandled rejection.
	finished.catch(() => {});
	return { jobId, finished };
}

async function stopWorker(agenda: Agenda, drainTimeoutMs: number): Promise<void> {
	let idleLocked: string[] = [];
	try {
		const stats = await agenda.getRunningStats(true);
		const ids = (list: typeof stats.lockedJobs) => (Array.isArray(list) ? list.map((j) => String(j._id)) : []);
		const running = new Set(ids(stats.runningJobs));
		idleLocked = ids(stats.lockedJobs).filter((id) => !running.has(id));
	} catch {
		// Not started: nothing to release.
	}
	// drain() stops polling and waits for the running jobs (they unlock themselves when they finish).
	const result = await agenda.drain({ timeout: drainTimeoutMs, closeConnection: false });
	if (result.timedOut) logger.warn({ running: result.running }, 'jobs still running at shutdown');
	// drain() keeps the locks of jobs fetched but not started: release them so that another node takes them
	// now rather than when their lock expires.
	if (idleLocked.length > 0) await agenda.db.unlockJobs(idleLocked);
}
