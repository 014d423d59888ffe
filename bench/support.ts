/** Timing helpers shared by the benchmarks. */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Stats {
	p50: number;
	p95: number;
	mean: number;
	runs: number;
}

export async function measure(runs: number, fn: () => Promise<unknown>, warmup = 3): Promise<Stats> {
	for (let i = 0; i < warmup; i++) await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		await fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
	const round = (n: number) => Math.round(n * 100) / 100;
	return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(times.reduce((a, b) => a + b, 0) / runs), runs };
}

export function writeResults(name: string, metrics: Record<string, number>, details: unknown): void {
	const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ metrics, details }, null, '\t') + '\n');
}

export function table(rows: Record<string, string | number>[]): void {
	console.table(rows);
}
