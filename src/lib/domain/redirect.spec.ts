import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeRedirectPath } from './redirect.ts';

describe('safeRedirectPath', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeRedirectPath('/agents/org/abc/agenda?semaine=2026-W10#x')).toBe(
			'/agents/org/abc/agenda?semaine=2026-W10#x'
		);
	});

	it('falls back when missing', () => {
		expect(safeRedirectPath(null)).toBe('/agents');
		expect(safeRedirectPath('')).toBe('/agents');
		expect(safeRedirectPath(undefined, '/')).toBe('/');
	});

	it('refuses anything that leaves the site', () => {
		for (const v of [
			'https://evil.example/',
			'//evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'javascript:alert(1)',
			'agents',
			'http:/evil.example'
		]) {
			expect(safeRedirectPath(v), v).toBe('/agents');
		}
	});

	it('always returns a path on the site', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				const out = safeRedirectPath(s);
				expect(out.startsWith('/')).toBe(true);
				expect(out.startsWith('//')).toBe(false);
				expect(new URL(out, 'http://guichet.invalid').origin).toBe('http://guichet.invalid');
			})
		);
	});
});
