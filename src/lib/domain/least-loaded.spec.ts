import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayLoads, leastLoadedFirst } from './least-loaded.ts';

const DAY = Date.UTC(2027, 2, 23);
const H = 3_600_000;
const at = (hours: number) => new Date(DAY + hours * H);

describe('dayLoads', () => {
	it('sums each agent’s booked minutes and RDVs of the day, clipping intervals to it', () => {
		const loads = dayLoads(
			['a', 'b', 'c'],
			[
				{ startsAt: at(9), endsAt: at(9.5), agentIds: ['a'] },
				{ startsAt: at(10), endsAt: at(11.5), agentIds: ['b', 'a'] },
				// Started the evening before: only its part of this day counts.
				{ startsAt: at(-1), endsAt: at(1), agentIds: ['c'] },
				// Another day, and an agent not asked for: nothing.
				{ startsAt: at(30), endsAt: at(31), agentIds: ['a'] },
				{ startsAt: at(9), endsAt: at(10), agentIds: ['z'] }
			],
			DAY,
			DAY + 24 * H
		);
		expect(Object.fromEntries(loads)).toEqual({
			a: { minutes: 120, count: 2 },
			b: { minutes: 90, count: 1 },
			c: { minutes: 60, count: 1 }
		});
	});
});

describe('leastLoadedFirst', () => {
	it('orders by minutes, then number of RDVs, then id', () => {
		const loads = new Map([
			['b', { minutes: 60, count: 2 }],
			['a', { minutes: 60, count: 2 }],
			['c', { minutes: 90, count: 1 }],
			['d', { minutes: 60, count: 1 }]
		]);
		expect(leastLoadedFirst(['c', 'b', 'a', 'd', 'e'], loads)).toEqual(['e', 'd', 'a', 'b', 'c']);
	});

	it('is a permutation sorted by load, whatever the input order', () => {
		const load = fc.record({ minutes: fc.integer({ min: 0, max: 600 }), count: fc.integer({ min: 0, max: 20 }) });
		fc.assert(
			fc.property(
				fc.dictionary(
					fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', '0', '1'), minLength: 1, maxLength: 4 }),
					load
				),
				(byId) => {
					const ids = Object.keys(byId);
					const loads = new Map(Object.entries(byId));
					const sorted = leastLoadedFirst(ids, loads);
					expect([...sorted].sort()).toEqual([...ids].sort());
					expect(leastLoadedFirst([...ids].reverse(), loads)).toEqual(sorted);
					for (let i = 1; i < sorted.length; i++) {
						const [p, q] = [loads.get(sorted[i - 1])!, loads.get(sorted[i])!];
						expect(p.minutes < q.minutes || (p.minutes === q.minutes && p.count <= q.count)).toBe(true);
					}
				}
			)
		);
	});
});
