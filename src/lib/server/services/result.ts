/** Small pieces shared by services that answer with result unions rather than exceptions. */

export interface InvalidResult {
	ok: false;
	reason: 'invalid';
	/** The first field message, for places that show one alert. */
	message: string;
	/** French message per field. */
	errors: Record<string, string>;
}

export function invalid(errors: Record<string, string>): InvalidResult {
	return { ok: false, reason: 'invalid', message: Object.values(errors)[0] ?? 'Données invalides.', errors };
}

/** Form and JSON inputs send "" or null for "not given": the database rules want such fields left unset. */
export function opt<T>(v: T | null | undefined): T | undefined {
	return v === null || v === undefined || v === '' ? undefined : v;
}
