import { pino } from 'pino';
import { env } from './env.ts';

/**
 * Structured logs. Never log personal data (names, emails, phones, notes): log ids and counts.
 * `redact` is a safety net for fields that slip in by mistake.
 */
export const logger = pino({
	level: env.logLevel,
	base: undefined,
	redact: {
		paths: [
			'*.email',
			'*.phone',
			'*.password',
			'*.token',
			'*.firstName',
			'*.lastName',
			'req.headers.cookie',
			'req.headers.authorization'
		],
		censor: '[redacted]'
	}
});
