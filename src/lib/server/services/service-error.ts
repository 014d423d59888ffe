/**
 * A refusal from a configuration service, thrown, in the services' common shape (code, French message, field
 * errors: services/result.ts). Pages turn it into `fail(status, { errors })`, the API into its JSON error
 * (api/service-errors.ts, the same mapping as returned failures).
 */
import mongoose from 'mongoose';
import type { z } from 'zod';
import type { FailureCode } from './result.ts';

/** The codes of the services' common refusal shape (services/result.ts), minus warnings to confirm. */
export type ServiceErrorCode = Exclude<FailureCode, 'needs_confirmation'>;

/** Field name → first French message for that field (`''` for the whole form). */
export type FieldErrors = Record<string, string>;

export class ServiceError extends Error {
	override name = 'ServiceError';
	readonly code: ServiceErrorCode;
	readonly fieldErrors: FieldErrors;

	constructor(code: ServiceErrorCode, message: string, fieldErrors: FieldErrors = {}) {
		super(message);
		this.code = code;
		this.fieldErrors = fieldErrors;
	}
}

export const forbiddenError = (message = 'Vous n’avez pas les droits pour effectuer cette action.') =>
	new ServiceError('forbidden', message);

export const notFoundError = (message: string) => new ServiceError('not_found', message);

export function invalidError(fieldErrors: FieldErrors, message?: string): ServiceError {
	const first = Object.values(fieldErrors)[0];
	return new ServiceError('invalid', message ?? first ?? 'Données invalides.', fieldErrors);
}

/** zod issues → the first message of each field (top-level path segment). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? String(issue.path[0]) : '';
		out[key] ??= issue.message;
	}
	return out;
}

/** Mongoose validation errors (the model's own checks) → field errors; anything else is rethrown. */
export function mongooseFieldErrors(err: unknown): FieldErrors | null {
	if (!(err instanceof mongoose.Error.ValidationError)) return null;
	const out: FieldErrors = {};
	for (const [path, e] of Object.entries(err.errors)) out[path.split('.')[0] ?? path] ??= e.message;
	return out;
}

/** MongoDB duplicate key (a unique index refused the write). */
export function isDuplicateKeyError(err: unknown): boolean {
	return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
