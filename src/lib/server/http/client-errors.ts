/**
 * Client mistakes and server faults, told apart: what the browser reads (French, never an internal message) and
 * how loud the log is. A 4xx is the client's doing — logged as one line at info or warn, without a stack, so
 * that a scanner's probes do not bury the real faults —, a 5xx is ours: an error with its stack.
 */
import type { Logger } from 'pino';

/** French messages for the errors SvelteKit and the adapter raise themselves (their texts are English). */
const CLIENT_MESSAGES: Record<number, string> = {
	400: 'La requête est mal formée : vérifiez l’adresse ou les données envoyées.',
	404: 'Page introuvable',
	405: 'Cette action n’est pas possible à cette adresse.',
	413: 'Les données envoyées sont trop volumineuses.',
	415: 'Le format des données envoyées n’est pas accepté.',
	431: 'L’adresse ou les en-têtes de la requête sont trop longs.'
};

export const UNEXPECTED_ERROR = 'Une erreur inattendue est survenue.';

/** The message shown for an error the application did not raise itself with a French message. */
export function messageForStatus(status: number): string {
	if (status >= 500) return UNEXPECTED_ERROR;
	return CLIENT_MESSAGES[status] ?? 'La requête n’a pas pu aboutir.';
}

export type FailureLevel = 'info' | 'warn' | 'error';

/**
 * 5xx: error. Not found and wrong method are what crawlers and scanners produce all day: info. Other refusals
 * (malformed, too large, forbidden, cross-site…) may be an attack or a broken client worth a look: warn.
 */
export function logLevelForStatus(status: number): FailureLevel {
	if (status >= 500) return 'error';
	if (status === 404 || status === 405) return 'info';
	return 'warn';
}

export interface RequestFailure {
	status: number;
	requestId: string;
	/** The route id, never the path: paths carry secrets (reset tokens, calendar secrets). */
	route: string | null;
	/** The thrown error; logged with its stack for a 5xx only. */
	error?: unknown;
	/** A short, fixed reason (SvelteKit's status text, the API error code); no user input. */
	reason?: string;
}

/** One log line per failed request: `what` names the place (`page`, `API endpoint`). */
export function logRequestFailure(log: Logger, failure: RequestFailure, what = 'request'): void {
	const { status, requestId, route, error, reason } = failure;
	const level = logLevelForStatus(status);
	if (level === 'error') {
		log.error({ err: error, status, requestId, route }, `${what} failed`);
		return;
	}
	log[level]({ status, requestId, route, ...(reason ? { reason } : {}) }, `${what} refused`);
}
