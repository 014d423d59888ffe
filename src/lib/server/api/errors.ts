/**
 * REST API errors. Every failure leaves the API as `{ "error": { "code", "message", "details"? } }`: `code` is a
 * stable English identifier that clients branch on, `message` a French sentence meant for a human, `details`
 * depends on the code (the invalid fields for `validation_failed`, the wait for `rate_limited`, …).
 */
import { z } from 'zod';

export const API_ERROR_CODES = [
	'bad_request',
	'invalid_json',
	'unauthorized',
	'forbidden',
	'not_found',
	'method_not_allowed',
	'conflict',
	'already_cancelled',
	'needs_confirmation',
	'payload_too_large',
	'unsupported_media_type',
	'precondition_required',
	'validation_failed',
	'rate_limited',
	'internal_error'
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** For the documentation page: the status each code comes with, and when. */
export const API_ERROR_DESCRIPTIONS: Record<ApiErrorCode, { status: number; meaning: string }> = {
	bad_request: { status: 400, meaning: 'Requête mal formée.' },
	invalid_json: { status: 400, meaning: 'Le corps de la requête n’est pas du JSON valide.' },
	unauthorized: { status: 401, meaning: 'Jeton absent, invalide, révoqué ou expiré.' },
	forbidden: { status: 403, meaning: 'L’agent n’a pas le droit d’effectuer cette action.' },
	not_found: {
		status: 404,
		meaning: 'Ressource inexistante ou hors de portée de l’agent (les deux cas répondent pareil).'
	},
	method_not_allowed: {
		status: 405,
		meaning: 'Méthode HTTP non prise en charge sur cette ressource : l’en-tête Allow liste les méthodes acceptées.'
	},
	conflict: { status: 409, meaning: 'Conflit avec l’état actuel, par exemple une modification concurrente.' },
	already_cancelled: {
		status: 409,
		meaning: 'Le RDV est déjà annulé (y compris par une annulation concurrente) : rien n’a été modifié.'
	},
	needs_confirmation: {
		status: 409,
		meaning:
			'Avertissements à confirmer (chevauchement, motif trop long…) : details.warnings les liste ; renvoyez la requête avec "confirm": true pour passer outre.'
	},
	payload_too_large: {
		status: 413,
		meaning: 'Corps de la requête trop volumineux (512 Ko au plus, sauf configuration contraire du serveur).'
	},
	unsupported_media_type: {
		status: 415,
		meaning: 'Le corps de la requête doit être envoyé en JSON, avec l’en-tête Content-Type: application/json.'
	},
	precondition_required: {
		status: 428,
		meaning:
			'Modification sans version : envoyez l’en-tête If-Match avec l’ETag lu (GET) ou le champ version, pour ne pas écraser une modification plus récente.'
	},
	validation_failed: { status: 422, meaning: 'Paramètres ou corps invalides : details liste chaque champ.' },
	rate_limited: {
		status: 429,
		meaning: 'Trop de requêtes pour ce jeton : attendre le nombre de secondes de l’en-tête Retry-After.'
	},
	internal_error: { status: 500, meaning: 'Erreur inattendue : details.requestId identifie la requête.' }
};

/** Where an invalid value was found. */
export type InputLocation = 'params' | 'query' | 'body';

export interface FieldIssue {
	location: InputLocation;
	/** Dotted path inside that location (`limit`, `participants.0.email`); empty for the whole input. */
	path: string;
	/** zod's issue code (`invalid_type`, `too_small`, `unrecognized_keys`…). */
	code: string;
	message: string;
}

export class ApiError extends Error {
	override name = 'ApiError';
	readonly status: number;
	readonly code: ApiErrorCode;
	readonly details: unknown;
	readonly headers: Record<string, string>;

	constructor(
		status: number,
		code: ApiErrorCode,
		message: string,
		options: { details?: unknown; headers?: Record<string, string> } = {}
	) {
		super(message);
		this.status = status;
		this.code = code;
		this.details = options.details;
		this.headers = options.headers ?? {};
	}

	toJSON(): ApiErrorBody {
		return {
			error: {
				code: this.code,
				message: this.message,
				...(this.details === undefined ? {} : { details: this.details })
			}
		};
	}
}

export interface ApiErrorBody {
	error: { code: ApiErrorCode; message: string; details?: unknown };
}

const BEARER_REALM = 'Bearer realm="guichet"';

export const badRequest = (message: string, details?: unknown) =>
	new ApiError(400, 'bad_request', message, { details });

export const invalidJson = (message = "Le corps de la requête n'est pas du JSON valide.") =>
	new ApiError(400, 'invalid_json', message);

export const payloadTooLarge = () =>
	new ApiError(413, 'payload_too_large', 'Le corps de la requête est trop volumineux.');

export const unsupportedMediaType = () =>
	new ApiError(
		415,
		'unsupported_media_type',
		'Le corps de la requête doit être du JSON (en-tête Content-Type: application/json).'
	);

/** RFC 6750: a missing token gets a bare challenge, a rejected one says `invalid_token`. */
export const unauthorized = (reason: 'missing' | 'invalid') =>
	new ApiError(
		401,
		'unauthorized',
		reason === 'missing'
			? "Authentification requise : envoyez l'en-tête « Authorization: Bearer <jeton> »."
			: "Jeton d'API invalide, révoqué ou expiré.",
		{
			headers: {
				'www-authenticate': reason === 'missing' ? BEARER_REALM : `${BEARER_REALM}, error="invalid_token"`
			}
		}
	);

export const forbidden = (message = "Vous n'avez pas accès à cette ressource.") =>
	new ApiError(403, 'forbidden', message);

export const notFound = (message = 'Ressource introuvable.') => new ApiError(404, 'not_found', message);

export const conflict = (message: string, details?: unknown) => new ApiError(409, 'conflict', message, { details });

/** Warnings the caller may override by repeating the request with `confirm: true`. */
export const needsConfirmation = (message: string, warnings: unknown[]) =>
	new ApiError(409, 'needs_confirmation', message, { details: { warnings } });

/** A write that must say which version it read (optimistic concurrency, RFC 6585). */
export const preconditionRequired = (message: string) => new ApiError(428, 'precondition_required', message);

export const validationFailed = (issues: FieldIssue[]) =>
	new ApiError(422, 'validation_failed', describeIssues(issues), { details: issues });

export const rateLimited = (retryAfterMs: number) => {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
	return new ApiError(429, 'rate_limited', `Trop de requêtes : réessayez dans ${seconds} s.`, {
		details: { retryAfterSeconds: seconds },
		headers: { 'retry-after': String(seconds) }
	});
};

export const internalError = (requestId?: string) =>
	new ApiError(500, 'internal_error', 'Une erreur inattendue est survenue.', {
		details: requestId ? { requestId } : undefined
	});

/** The error code a bare HTTP status maps to (for SvelteKit `error()` thrown by shared code). */
export function codeForStatus(status: number): ApiErrorCode {
	switch (status) {
		case 400:
			return 'bad_request';
		case 401:
			return 'unauthorized';
		case 403:
			return 'forbidden';
		case 404:
			return 'not_found';
		case 405:
			return 'method_not_allowed';
		case 409:
			return 'conflict';
		case 413:
			return 'payload_too_large';
		case 415:
			return 'unsupported_media_type';
		case 422:
			return 'validation_failed';
		case 428:
			return 'precondition_required';
		case 429:
			return 'rate_limited';
		default:
			return status >= 500 ? 'internal_error' : 'bad_request';
	}
}

/** zod issues → one entry per invalid field, paths as dotted strings. */
export function fieldIssues(error: z.ZodError, location: InputLocation): FieldIssue[] {
	return error.issues.map((issue) => ({
		location,
		path: issue.path.map(String).join('.'),
		code: issue.code,
		message: issue.message
	}));
}

function describeIssues(issues: FieldIssue[]): string {
	const first = issues[0];
	if (!first) return 'Données invalides.';
	const where = first.path ? `${first.location}.${first.path}` : first.location;
	const more =
		issues.length > 1
			? ` (et ${issues.length - 1} autre${issues.length > 2 ? 's' : ''} erreur${issues.length > 2 ? 's' : ''})`
			: '';
	return `Données invalides — ${where} : ${first.message}${more}`;
}

export function errorResponse(err: ApiError, extraHeaders: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(err.toJSON()), {
		status: err.status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			...err.headers,
			...extraHeaders
		}
	});
}

/**
 * SvelteKit answers an API path's unsupported method with a bare-text 405: give it the API's JSON error body
 * (the Allow header SvelteKit computed is kept).
 */
export function jsonMethodNotAllowed(response: Response, method: string): Response {
	if (response.status !== 405 || response.headers.get('content-type')?.startsWith('application/json')) return response;
	const allow = response.headers.get('allow') ?? '';
	return errorResponse(
		new ApiError(405, 'method_not_allowed', `La méthode ${method} n’est pas prise en charge ici.`, {
			details: {
				allow: allow
					.split(',')
					.map((m) => m.trim())
					.filter(Boolean)
			}
		}),
		allow ? { allow } : {}
	);
}

/** The error body, as documented in the OpenAPI document. */
export const ErrorBodySchema = z
	.object({
		error: z.object({
			code: z.enum(API_ERROR_CODES).describe('Identifiant stable de l’erreur, à utiliser dans vos programmes.'),
			message: z.string().describe('Explication en français, destinée à une personne.'),
			details: z
				.unknown()
				.optional()
				.describe(
					'Selon le code : liste des champs invalides (validation_failed), délai d’attente (rate_limited), identifiant de requête (internal_error).'
				)
		})
	})
	.describe('Erreur');
