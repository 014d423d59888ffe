import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { rdvEtag, readRdvVersion } from './rdv-schemas.ts';

const withIfMatch = (value?: string) =>
	({
		request: new Request('http://x/api/v1/rdvs/1', { headers: value === undefined ? {} : { 'if-match': value } })
	}) as RequestEvent;

const refusal = (fn: () => unknown) => {
	try {
		fn();
	} catch (err) {
		if (err instanceof ApiError) return { status: err.status, code: err.code };
		throw err;
	}
	return null;
};

describe('readRdvVersion', () => {
	it('reads the ETag sent back in If-Match, or the body’s version', () => {
		expect(readRdvVersion(withIfMatch(rdvEtag(7)), undefined, true)).toBe(7);
		expect(readRdvVersion(withIfMatch(' "12" '), undefined, true)).toBe(12);
		expect(readRdvVersion(withIfMatch(), 3, true)).toBe(3);
		expect(readRdvVersion(withIfMatch('"3"'), 3, true)).toBe(3);
	});

	it('answers 428 without a version when one is required, and nothing otherwise', () => {
		expect(refusal(() => readRdvVersion(withIfMatch(), undefined, true))).toEqual({
			status: 428,
			code: 'precondition_required'
		});
		expect(readRdvVersion(withIfMatch(), undefined, false)).toBeUndefined();
	});

	it('refuses a malformed If-Match, a wildcard, and a header and body that disagree', () => {
		for (const value of ['7', '*', 'W/"7"', '"7", "8"', '"-1"', '""'])
			expect(
				refusal(() => readRdvVersion(withIfMatch(value), undefined, false)),
				value
			).toEqual({
				status: 400,
				code: 'bad_request'
			});
		expect(refusal(() => readRdvVersion(withIfMatch('"4"'), 5, true))).toEqual({ status: 400, code: 'bad_request' });
	});
});
