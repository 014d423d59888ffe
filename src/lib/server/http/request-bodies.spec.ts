import { describe, expect, it } from 'vitest';
import { bodyReadStatus, isBodyTooLarge, isFormContentType } from './request-bodies.ts';

/** What @sveltejs/kit/node's getRequest raises over BODY_SIZE_LIMIT (a SvelteKitError: status and text). */
const tooLarge = Object.assign(new Error('request body size exceeded BODY_SIZE_LIMIT of 512'), {
	status: 413,
	text: 'Payload Too Large'
});

describe('request body failures', () => {
	it('recognises the adapter’s size limit, also wrapped by the body reader', () => {
		expect(isBodyTooLarge(tooLarge)).toBe(true);
		expect(isBodyTooLarge(new TypeError('Body is unusable', { cause: tooLarge }))).toBe(true);
		expect(isBodyTooLarge(new Error('socket hang up'))).toBe(false);
		expect(isBodyTooLarge(null)).toBe(false);
	});

	it('tells form content types', () => {
		expect(isFormContentType('application/x-www-form-urlencoded')).toBe(true);
		expect(isFormContentType('multipart/form-data; boundary=x')).toBe(true);
		expect(isFormContentType('text/plain')).toBe(false);
		expect(isFormContentType('application/json')).toBe(false);
		expect(isFormContentType(null)).toBe(false);
	});

	it('maps each client failure to its status, and leaves the others (a dropped connection…) alone', () => {
		const parse = new TypeError('Failed to parse body as FormData.');
		expect(bodyReadStatus(tooLarge, 'formData', 'application/x-www-form-urlencoded')).toBe(413);
		expect(bodyReadStatus(tooLarge, 'text', 'text/plain')).toBe(413);
		expect(bodyReadStatus(parse, 'formData', 'text/plain')).toBe(415);
		expect(bodyReadStatus(parse, 'formData', null)).toBe(415);
		expect(bodyReadStatus(parse, 'formData', 'multipart/form-data; boundary=x')).toBe(400);
		expect(bodyReadStatus(new SyntaxError('Unexpected token'), 'json', 'application/json')).toBe(400);
		expect(bodyReadStatus(new Error('aborted'), 'text', 'text/plain')).toBeNull();
	});
});
