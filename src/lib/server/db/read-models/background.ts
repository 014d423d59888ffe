/**
 * Read-model housekeeping that no answer needs to wait for (removing superseded versions: readers keep the highest
 * one anyway). Run without awaiting, errors logged; `readModelsSettled` lets tests and shutdown wait for it.
 */
import { logger } from '../../logger.ts';

const pending = new Set<Promise<void>>();

/** Runs `task` in the background; a failure is logged (the next write of that key removes what was left). */
export function inBackground(label: string, task: () => Promise<unknown>): void {
	const run: Promise<void> = task()
		.then(() => undefined)
		.catch((err: unknown) => logger.warn({ err: (err as Error).message }, `${label} failed`))
		.finally(() => pending.delete(run));
	pending.add(run);
}

/** Resolves once the background work started so far (and any it started) is done. */
export async function readModelsSettled(): Promise<void> {
	while (pending.size > 0) await Promise.all([...pending]);
}
