import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logLevelForStatus, logRequestFailure, messageForStatus } from './client-errors.ts';

/** A real pino logger writing its JSON lines into an array. */
function capturedLogger() {
	const lines: Record<string, unknown>[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
			done();
		}
	});
	return { log: pino({ level: 'debug', base: undefined }, stream), lines };
}

describe('client errors', () => {
	it('logs client mistakes at info or warn and only faults as errors', () => {
		expect(logLevelForStatus(404)).toBe('info');
		expect(logLevelForStatus(405)).toBe('info');
		for (const status of [400, 403, 413, 415, 422, 429]) expect(logLevelForStatus(status)).toBe('warn');
		for (const status of [500, 502, 503]) expect(logLevelForStatus(status)).toBe('error');
	});

	it('writes a client mistake as one line without a stack, a fault with its stack', () => {
		const { log, lines } = capturedLogger();
		const thrown = Object.assign(new Error('Content-length of 600000 exceeds limit'), { status: 413 });
		logRequestFailure(log, {
			status: 413,
			requestId: 'r1',
			route: '/api/v1/rdvs',
			error: thrown,
			reason: 'payload_too_large'
		});
		logRequestFailure(log, { status: 500, requestId: 'r2', route: '/x', error: new Error('boom') });
		expect(lines).toHaveLength(2);
		const [client, fault] = lines;
		expect(client).toMatchObject({
			level: 40,
			status: 413,
			requestId: 'r1',
			reason: 'payload_too_large',
			msg: 'request refused'
		});
		expect(JSON.stringify(client)).not.toContain('stack');
		expect(client).not.toHaveProperty('err');
		expect(fault).toMatchObject({ level: 50, status: 500, requestId: 'r2', msg: 'request failed' });
		expect((fault!.err as { stack: string }).stack).toContain('boom');
	});

	it('speaks French for the errors SvelteKit raises in English, and hides faults', () => {
		expect(messageForStatus(404)).toBe('Page introuvable');
		expect(messageForStatus(413)).toMatch(/trop volumineuses/);
		expect(messageForStatus(415)).toMatch(/format/);
		expect(messageForStatus(400)).toMatch(/mal formée/);
		expect(messageForStatus(418)).toMatch(/n’a pas pu aboutir/);
		expect(messageForStatus(500)).toBe('Une erreur inattendue est survenue.');
	});
});
