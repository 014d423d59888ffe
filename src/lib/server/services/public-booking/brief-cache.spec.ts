import { describe, expect, it } from 'vitest';
import { BriefCache } from './brief-cache.ts';

describe('BriefCache', () => {
	it('shares one computation between concurrent askers and keeps it for the time given', async () => {
		const cache = new BriefCache<number>({ ttlMs: 1_000 });
		let runs = 0;
		const compute = async () => ++runs;
		const [a, b] = await Promise.all([cache.get('k', compute, 0), cache.get('k', compute, 10)]);
		expect([a, b, runs]).toEqual([1, 1, 1]);
		expect(await cache.get('k', compute, 999)).toBe(1);
		expect(await cache.get('k', compute, 1_000)).toBe(2);
		expect(await cache.get('other', compute, 1_000)).toBe(3);
	});

	it('does not keep a failure', async () => {
		const cache = new BriefCache<string>();
		await expect(cache.get('k', () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
		expect(await cache.get('k', async () => 'up', 1)).toBe('up');
	});

	it('drops the oldest entries beyond its size', async () => {
		const cache = new BriefCache<string>({ maxEntries: 2 });
		await cache.get('a', async () => 'a1', 0);
		await cache.get('b', async () => 'b1', 0);
		await cache.get('c', async () => 'c1', 0);
		expect(await cache.get('a', async () => 'a2', 1)).toBe('a2');
		expect(await cache.get('c', async () => 'c2', 1)).toBe('c1');
	});
});
