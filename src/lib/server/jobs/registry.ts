/** Every job this application defines (a worker registers them all). */
import type { z } from 'zod';
import type { JobDefinition } from './definition.ts';
import { purgeExpiredPlagesJob } from './purge-expired-plages.ts';
import { reconcileBusyWeeksJob } from './reconcile-busy-weeks.ts';
import { reconcileClaimsJob } from './reconcile-claims.ts';
import { sweepExpiredJob } from './sweep-expired.ts';

export const jobDefinitions = [
	sweepExpiredJob,
	purgeExpiredPlagesJob,
	reconcileBusyWeeksJob,
	reconcileClaimsJob
] as const;

type Definitions = (typeof jobDefinitions)[number];
export type JobName = Definitions['name'];
/** The payload a job accepts (its schema's input). */
export type JobData<N extends JobName> = z.input<Extract<Definitions, { name: N }>['schema']>;

export function findJobDefinition(name: string): JobDefinition | undefined {
	return (jobDefinitions as readonly JobDefinition[]).find((d) => d.name === name);
}
