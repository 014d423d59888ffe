/** Refusals of the domain services (services/service-error.ts) as API errors. */
import { ApiError, conflict, forbidden, notFound, validationFailed } from './errors.ts';
import { ServiceError } from '../services/service-error.ts';

export function toApiServiceError(err: ServiceError): ApiError {
	switch (err.code) {
		case 'forbidden':
			return forbidden(err.message);
		case 'not_found':
			return notFound(err.message);
		case 'conflict':
			return conflict(err.message, Object.keys(err.fieldErrors).length ? fieldDetails(err) : undefined);
		case 'invalid':
			return validationFailed(fieldDetails(err));
	}
}

function fieldDetails(err: ServiceError) {
	return Object.entries(err.fieldErrors).map(([path, message]) => ({
		location: 'body' as const,
		path,
		code: 'custom',
		message
	}));
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
