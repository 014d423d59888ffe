import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SequenceTracker } from './sequence.ts';

/** Numbers 1..n delivered in order, some of them lost on the way. */
const orderedDelivery = fc
	.integer({ min: 1, max: 60 })
	.chain((n) =>
		fc
			.array(fc.boolean(), { minLength: n, maxLength: n })
			.map((kept) => kept.flatMap((keep, i) => (keep ? [i + 1] : [])))
	)
	.filter((delivered) => delivered.length > 0);

/** Maximal runs of numbers missing between the first and the last delivered one. */
function missingRuns(delivered: number[]): number {
	let runs = 0;
	for (let i = 1; i < delivered.length; i++) if (delivered[i] > delivered[i - 1] + 1) runs++;
	return runs;
}

describe('SequenceTracker', () => {
	it('the first number heard from a node is the baseline, then consecutive numbers are in order', () => {
		const tracker = new SequenceTracker();
		expect(tracker.accept('o1', 'n1', 57)).toBe('first');
		expect(tracker.accept('o1', 'n1', 58)).toBe('next');
		expect(tracker.accept('o1', 'n1', 60)).toBe('gap');
		expect(tracker.accept('o1', 'n1', 59)).toBe('stale');
		expect(tracker.accept('o1', 'n1', 60)).toBe('stale');
		expect(tracker.accept('o1', 'n1', 61)).toBe('next');
	});

	it('nodes and organisations are numbered apart; a reset forgets the baselines', () => {
		const tracker = new SequenceTracker();
		expect(tracker.accept('o1', 'n1', 1)).toBe('first');
		expect(tracker.accept('o1', 'n2', 9)).toBe('first');
		expect(tracker.accept('o2', 'n1', 5)).toBe('first');
		expect(tracker.accept('o1', 'n1', 2)).toBe('next');
		expect(tracker.accept('o1', 'n2', 10)).toBe('next');
		tracker.reset('o1');
		expect(tracker.accept('o1', 'n1', 7)).toBe('first');
		expect(tracker.accept('o2', 'n1', 6)).toBe('next');
		tracker.reset();
		expect(tracker.accept('o2', 'n1', 9)).toBe('first');
	});

	it('in-order delivery: one gap per run of lost numbers, none when nothing is lost', () => {
		fc.assert(
			fc.property(orderedDelivery, (delivered) => {
				const tracker = new SequenceTracker();
				const verdicts = delivered.map((seq) => tracker.accept('o', 'n', seq));
				expect(verdicts[0]).toBe('first');
				expect(verdicts.filter((v) => v === 'gap')).toHaveLength(missingRuns(delivered));
				expect(verdicts.slice(1).every((v) => v === 'next' || v === 'gap')).toBe(true);
			})
		);
	});

	it('any order, duplicates included: a lost number is never passed over silently', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 60 }), (delivered) => {
				const tracker = new SequenceTracker();
				const verdicts = delivered.map((seq) => tracker.accept('o', 'n', seq));
				// The numbers the tracker took as news: from the baseline up to the highest one heard.
				const baseline = delivered[0];
				const highest = Math.max(...delivered);
				const heard = new Set(delivered);
				let lost = false;
				for (let seq = baseline; seq <= highest; seq++) if (!heard.has(seq)) lost = true;
				if (lost) expect(verdicts).toContain('gap');
				// A stale verdict is exactly a number not above the highest heard before it.
				delivered.forEach((seq, i) => {
					if (i === 0) return;
					const before = Math.max(...delivered.slice(0, i));
					expect(verdicts[i] === 'stale').toBe(seq <= before);
				});
			})
		);
	});
});
