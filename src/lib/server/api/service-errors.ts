/** Refusals of the domain services (returned failures or thrown ServiceErrors) as API errors. */
import { ApiError, conflict, forbidden, needsConfirmation, notFound, validationFailed } from './errors.ts';
import type { Failure } from '../services/result.ts';
import { ServiceError } from '../services/service-error.ts';

type Refusal = Pick<Failure, 'code' | 'message' | 'fieldErrors' | 'warnings'>;

function fieldDetails(refusal: Refusal) {
	return Object.entries(refusal.fieldErrors ?? {}).map(([path, message]) => ({
		location: 'body' as const,
		path,
		code: 'custom',
		message
	}));
}

/** A service refusal as the API's JSON error. */
export function apiErrorOf(refusal: Refusal): ApiError {
	switch (refusal.code) {
		case 'forbidden':
			return forbidden(refusal.message);
		case 'not_found':
			return notFound(refusal.message);
		case 'needs_confirmation':
			return needsConfirmation(refusal.message, refusal.warnings ?? []);
		case 'conflict': {
			const fields = fieldDetails(refusal);
			return conflict(refusal.message, fields.length ? fields : undefined);
		}
		case 'invalid': {
			const fields = fieldDetails(refusal);
			return validationFailed(
				fields.length ? fields : [{ location: 'body', path: '', code: 'custom', message: refusal.message }]
			);
		}
	}
}

export const toApiServiceError = (err: ServiceError): ApiError => apiErrorOf(err);

/** A service's successful result, or its returned refusal thrown as the API error. */
export function okOrThrow<R extends { ok: true } | (Refusal & { ok: false })>(result: R): Extract<R, { ok: true }> {
	if (!result.ok) throw apiErrorOf(result as Refusal);
	return result as Extract<R, { ok: true }>;
}

/** Runs a service call, turning its refusals into API errors (anything else propagates as a 500). */
export async function serviceCall<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (err) {
		if (err instanceof ServiceError) throw toApiServiceError(err);
		throw err;
	}
}
