/**
 * What every service refusal says, whether returned (plages, absences, booking) or thrown as a ServiceError
 * (configuration services): a stable code, a French message, the French message per field, and for
 * `needs_confirmation` the warnings the agent may confirm. One mapping turns it into the API's JSON error
 * (api/service-errors.ts).
 */
export type FailureCode = 'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'needs_confirmation';

export interface Failure<W = unknown> {
	ok: false;
	code: FailureCode;
	message: string;
	fieldErrors?: Record<string, string>;
	warnings?: W[];
}

export interface InvalidResult {
	ok: false;
	code: 'invalid';
	/** The first field message, for places that show one alert. */
	message: string;
	/** French message per field. */
	fieldErrors: Record<string, string>;
}

export function invalid(fieldErrors: Record<string, string>): InvalidResult {
	return {
		ok: false,
		code: 'invalid',
		message: Object.values(fieldErrors)[0] ?? 'Données invalides.',
		fieldErrors
	};
}

/** Form and JSON inputs send "" or null for "not given": the database rules want such fields left unset. */
export function opt<T>(v: T | null | undefined): T | undefined {
	return v === null || v === undefined || v === '' ? undefined : v;
}
