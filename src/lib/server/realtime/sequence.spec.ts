import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedQueue, LiveSequencer } from './sequence.ts';

describe('LiveSequencer', () => {
	it('numbers each organisation from 1 without gaps, independently', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom('o1', 'o2', 'o3'), { maxLength: 50 }), (orgs) => {
				const sequencer = new LiveSequencer('node');
				const seen = new Map<string, number[]>();
				for (const org of orgs) seen.set(org, [...(seen.get(org) ?? []), sequencer.next(org).seq]);
				for (const numbers of seen.values()) expect(numbers).toEqual(numbers.map((_, i) => i + 1));
			})
		);
	});

	it('leaves a gap for a skipped change, and each process gets its own node id', () => {
		const sequencer = new LiveSequencer();
		expect(sequencer.next('o1')).toEqual({ node: sequencer.node, seq: 1 });
		sequencer.skip('o1');
		expect(sequencer.next('o1').seq).toBe(3);
		expect(new LiveSequencer().node).not.toBe(sequencer.node);
	});
});

describe('KeyedQueue', () => {
	const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

	it('runs the tasks of one key in order even when an earlier one is slower, and keys in parallel', async () => {
		const queue = new KeyedQueue();
		const done: string[] = [];
		const task = (name: string, ms: number) => () => tick(ms).then(() => void done.push(name));
		await Promise.all([
			queue.run('rdv1', task('rdv1-first', 30)),
			queue.run('rdv1', task('rdv1-second', 1)),
			queue.run('rdv2', task('rdv2-only', 10))
		]);
		expect(done).toEqual(['rdv2-only', 'rdv1-first', 'rdv1-second']);
		expect(queue.size).toBe(0);
	});

	it('goes on after a failed task, which its caller hears of', async () => {
		const queue = new KeyedQueue();
		const failed = queue.run('k', () => Promise.reject(new Error('boom')));
		const next = queue.run('k', () => Promise.resolve());
		await expect(failed).rejects.toThrow('boom');
		await expect(next).resolves.toBeUndefined();
		await queue.idle();
		expect(queue.size).toBe(0);
	});
});
