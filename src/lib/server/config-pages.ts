/**
 * What the configuration pages (lieux, motifs) share: the admin guard, reading their forms into the services'
 * input shape, and turning service refusals into form failures.
 */
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { canAdminOrganisation } from '../domain/permissions.ts';
import type { SessionAgent } from '../domain/types.ts';
import { requireOrganisationAccess } from './route-guards.ts';
import { ServiceError, type FieldErrors } from './services/service-error.ts';

/** The signed-in admin of the organisation; 403 for its other members. */
export function requireOrganisationAdmin(locals: App.Locals, url: URL, organisationId: string): SessionAgent {
	const agent = requireOrganisationAccess(locals, url, organisationId);
	if (!canAdminOrganisation(agent, organisationId)) {
		error(403, 'La configuration est réservée aux administrateurs de l’organisation.');
	}
	return agent;
}

export type FormValues = Record<string, string>;

/** The submitted text fields, to refill the form after a refusal. */
export function formValues(form: FormData): FormValues {
	const out: FormValues = {};
	for (const [key, value] of form) if (typeof value === 'string') out[key] = value;
	return out;
}

const text = (form: FormData, key: string) => {
	const v = form.get(key);
	return typeof v === 'string' ? v : undefined;
};

/** A number field: absent stays absent, empty or non-numeric becomes NaN (the schema says why). */
const num = (form: FormData, key: string) => {
	const v = text(form, key);
	if (v === undefined) return undefined;
	return v.trim() === '' ? Number.NaN : Number(v.replace(',', '.'));
};

/** Checkboxes are absent when unticked, so `<input type="hidden" name="x" value="false">` precedes each one. */
const bool = (form: FormData, key: string) => {
	const values = form.getAll(key);
	if (!values.length) return undefined;
	return values.includes('true') || values.includes('on');
};

export function lieuFromForm(form: FormData) {
	const latitude = text(form, 'latitude')?.trim() ?? '';
	const longitude = text(form, 'longitude')?.trim() ?? '';
	return {
		name: text(form, 'name') ?? '',
		address: text(form, 'address') ?? '',
		phone: text(form, 'phone') ?? '',
		coordinates:
			latitude === '' && longitude === ''
				? null
				: { latitude: num(form, 'latitude'), longitude: num(form, 'longitude') }
	};
}

const MOTIF_TEXTS = ['name', 'serviceId', 'color', 'locationType', 'bookableBy', 'visibility'] as const;
const MOTIF_LONG_TEXTS = ['instructionsBeforeBooking', 'instructionsAfterBooking', 'customCancelWarning'] as const;
const MOTIF_NUMBERS = ['durationMinutes', 'minBookingDelayMinutes', 'maxBookingDelayMinutes'] as const;
const MOTIF_FLAGS = ['collective', 'rdvsEditableByUser', 'rdvsCancellableByUser', 'followUp'] as const;

/** Only the fields present in the form, so a form may leave some out (the service keeps their value). */
export function motifFromForm(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of [...MOTIF_TEXTS, ...MOTIF_LONG_TEXTS]) {
		const v = text(form, key);
		if (v !== undefined) out[key] = v;
	}
	for (const key of MOTIF_NUMBERS) {
		const v = num(form, key);
		if (v !== undefined) out[key] = v;
	}
	for (const key of MOTIF_FLAGS) {
		const v = bool(form, key);
		if (v !== undefined) out[key] = v;
	}
	return out;
}

export interface FormFailure {
	errors: FieldErrors;
	values: FormValues;
	message: string;
}

/**
 * A service refusal as a form failure (400 for invalid input, 409 for a conflict); forbidden and not-found
 * become the error page. Anything else is rethrown.
 */
export function failFromServiceError(err: unknown, values: FormValues): ActionFailure<FormFailure> {
	if (!(err instanceof ServiceError)) throw err;
	if (err.code === 'forbidden') error(403, err.message);
	if (err.code === 'not_found') error(404, err.message);
	const errors = { ...err.fieldErrors };
	return fail(err.code === 'conflict' ? 409 : 400, { errors, values, message: err.message });
}
