import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestIdFrom } from './request-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
	it('keeps a short id of safe characters (a proxy’s or a client’s)', () => {
		expect(requestIdFrom('abc-123.X_y')).toBe('abc-123.X_y');
		expect(requestIdFrom('a'.repeat(64))).toBe('a'.repeat(64));
	});

	it('replaces a missing, long or unsafe id by a new UUID', () => {
		for (const bad of [null, '', 'a'.repeat(65), 'x y', 'a\nb', '{"level":50}', 'é', 'a/b', 'a;b']) {
			expect(requestIdFrom(bad), String(bad)).toMatch(UUID);
		}
	});

	it('never returns anything long or unsafe, whatever it is given', () => {
		// Mostly-safe ids around the length limit, and arbitrary strings.
		const safeish = fc
			.array(fc.constantFrom('a', 'Z', '0', '.', '_', '-', ' ', '\n', 'é', '"'), { minLength: 50, maxLength: 80 })
			.map((chars) => chars.join(''));
		fc.assert(
			fc.property(fc.option(fc.oneof(fc.string({ maxLength: 100 }), safeish), { nil: null }), (header) => {
				const id = requestIdFrom(header);
				expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
				if (header !== null && id !== header) expect(id).toMatch(UUID);
			})
		);
	});
});
