/**
 * A job: a name, a zod schema for its payload (ids and parameters only — job arguments are stored in the
 * database and visible to operators, so never personal data) and an idempotent handler.
 */
import type { z } from 'zod';

export interface JobContext {
	jobId: string;
	/** When this run started. */
	now: Date;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType, N extends string = string> {
	name: N;
	schema: S;
	/** Periodic jobs: repeat interval in milliseconds (one job document per name, whatever the number of nodes). */
	everyMs?: number;
	/** A run holding its lock longer than this is considered dead and may be run again elsewhere. */
	lockLifetimeMs?: number;
	/** Runs of this job at the same time on one node. */
	concurrency?: number;
	/**
	 * Must be idempotent: a run can be repeated after a crash, and on FerretDB (no atomic findOneAndUpdate)
	 * two nodes could both lock the same job.
	 */
	run(data: z.output<S>, context: JobContext): Promise<void>;
}

export function defineJob<S extends z.ZodType, N extends string>(definition: JobDefinition<S, N>): JobDefinition<S, N> {
	return definition;
}
