import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeRedirectPath } from './redirect.ts';

/** Bases a browser may resolve the Location header against: any page of the site, over http or https. */
const BASES = [
	'http://guichet.invalid/',
	'http://localhost:3000/agents/org/abc/agenda',
	'https://guichet.example.fr/a/b/'
];

function expectStaysOnSite(out: string) {
	expect(out.startsWith('/')).toBe(true);
	expect(out.startsWith('//')).toBe(false);
	for (const base of BASES) expect(new URL(out, base).origin).toBe(new URL(base).origin);
	// Judged once, judged the same: the output is itself accepted unchanged.
	expect(safeRedirectPath(out, '/fallback')).toBe(out);
}

describe('safeRedirectPath', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeRedirectPath('/agents/org/abc/agenda?semaine=2026-W10#x')).toBe(
			'/agents/org/abc/agenda?semaine=2026-W10#x'
		);
	});

	it('resolves dot segments that stay on the site', () => {
		expect(safeRedirectPath('/agents/org/../compte')).toBe('/agents/compte');
		expect(safeRedirectPath('/./agents')).toBe('/agents');
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

	it('refuses paths whose dot segments resolve to another host (issue 15)', () => {
		for (const v of [
			'/..//evil.example/x',
			'/.//evil.example/x',
			'/%2e%2e//evil.example/x',
			'/%2E%2E//evil.example/x',
			'/.%2e//evil.example/x',
			'/agents/../..//evil.example/x',
			'/agents/..//evil.example/x',
			'/a/b/../../..//evil.example'
		]) {
			expect(safeRedirectPath(v), v).toBe('/agents');
		}
	});

	it('always returns a path on the site, for any string', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				expectStaysOnSite(safeRedirectPath(s));
			})
		);
	});

	it('always returns a path on the site, for generated paths with dot segments, slashes and encodings', () => {
		const segment = fc.oneof(
			fc.constantFrom('', '.', '..', '%2e', '%2E%2e', '.%2e', '%2e.', 'evil.example', 'agents', '%2f', '%5c', '@', ':'),
			fc.stringMatching(/^[a-z0-9.%@:-]{0,8}$/)
		);
		const path = fc
			.tuple(
				fc.array(segment, { maxLength: 8 }),
				fc.constantFrom('', '?x=1', '?next=//evil.example', '#//evil.example')
			)
			.map(([segments, tail]) => `/${segments.join('/')}${tail}`);
		fc.assert(
			fc.property(path, (p) => {
				expectStaysOnSite(safeRedirectPath(p));
			}),
			{ numRuns: 2000 }
		);
	});
});
