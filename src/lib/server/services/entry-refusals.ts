/**
 * How the plage and indisponibilité services refuse a request, in the unified shape of result.ts: their
 * failures, the write options that confirm warnings, and the checks that produce refusals.
 */
import mongoose from 'mongoose';

/** The unified refusal (result.ts) of an agenda entry's service, with its own warnings. */
export type AgendaEntryFailure<W> =
	| { ok: false; code: 'not_found'; message: string }
	| { ok: false; code: 'forbidden'; message: string }
	/** Field errors keyed by input path (`title`, `motifIds`, `recurrence.until`, `day`…), in French. */
	| { ok: false; code: 'invalid'; message: string; fieldErrors: Record<string, string> }
	| { ok: false; code: 'needs_confirmation'; message: string; warnings: W[] };

/** Options of the writes: the caller saw the warnings and saves anyway. */
export interface ConfirmOptions {
	confirm?: boolean;
	now?: Date;
}

/** A refusal that needs no more than its message. */
export const refusal = <C extends 'not_found' | 'forbidden'>(code: C, message: string) =>
	({ ok: false, code, message }) as const;

/** Whether a loaded value is a refusal instead (the loaded values have no `ok`). */
export const isFailure = <T>(v: T): v is Extract<T, { ok: false }> =>
	typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

/** Mongoose's French messages, keyed by path; anything else is rethrown. */
export async function schemaErrors(doc: mongoose.Document): Promise<Record<string, string>> {
	try {
		await doc.validate();
		return {};
	} catch (err) {
		if (!(err instanceof mongoose.Error.ValidationError)) throw err;
		return Object.fromEntries(Object.entries(err.errors).map(([path, e]) => [path, e.message]));
	}
}
