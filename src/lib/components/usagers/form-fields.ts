/**
 * The usager form's fields as the server reads them from a posted form, and as the form shows them back after
 * a refusal (every typed value kept). Pure: used by the create and edit actions.
 */
import type { FamilySituation, UsagerRecordDto } from '../../domain/dto.ts';

export const USAGER_TEXT_FIELDS = [
	'firstName',
	'lastName',
	'birthName',
	'birthDate',
	'email',
	'phone',
	'street',
	'postcode',
	'city',
	'notes',
	'caseNumber',
	'familySituation',
	'numberOfChildren'
] as const;

export type UsagerFormValues = Record<string, string>;

/** What the service validates (`usagerFieldsSchema`), taken from the form as typed. */
export interface UsagerFormInput {
	firstName: string;
	lastName: string;
	birthName?: string;
	birthDate?: string;
	email?: string;
	phone?: string;
	street?: string;
	postcode?: string;
	city?: string;
	notes?: string;
	caseNumber?: string;
	/** Unchecked here: the service refuses a value outside the list with its French message. */
	familySituation?: FamilySituation;
	numberOfChildren?: number;
	notifyBySms: boolean;
	notifyByEmail: boolean;
}

/** A checkbox field sends "false" (hidden) then "true" when ticked. */
const ticked = (form: FormData, name: string) => form.getAll(name).includes('true');

export function readUsagerForm(form: FormData): { input: UsagerFormInput; values: UsagerFormValues } {
	const values: UsagerFormValues = {};
	for (const name of USAGER_TEXT_FIELDS) values[name] = String(form.get(name) ?? '');
	values.notifyBySms = String(ticked(form, 'notifyBySms'));
	values.notifyByEmail = String(ticked(form, 'notifyByEmail'));
	const optional = (name: (typeof USAGER_TEXT_FIELDS)[number]) => values[name].trim() || undefined;
	const children = values.numberOfChildren.trim();
	return {
		values,
		input: {
			firstName: values.firstName,
			lastName: values.lastName,
			birthName: optional('birthName'),
			birthDate: optional('birthDate'),
			email: optional('email'),
			phone: optional('phone'),
			street: optional('street'),
			postcode: optional('postcode'),
			city: optional('city'),
			notes: optional('notes'),
			caseNumber: optional('caseNumber'),
			familySituation: optional('familySituation') as FamilySituation | undefined,
			// A non-number reaches the service as NaN, which it refuses with its French message.
			numberOfChildren: children === '' ? undefined : /^\d+$/.test(children) ? Number(children) : Number.NaN,
			notifyBySms: ticked(form, 'notifyBySms'),
			notifyByEmail: ticked(form, 'notifyByEmail')
		}
	};
}

/** The edit form's starting values. */
export function usagerFormValues(u: UsagerRecordDto): UsagerFormValues {
	return {
		firstName: u.firstName,
		lastName: u.lastName,
		birthName: u.birthName ?? '',
		birthDate: u.birthDate ?? '',
		email: u.email ?? '',
		phone: u.phone ?? '',
		street: u.address?.street ?? '',
		postcode: u.address?.postcode ?? '',
		city: u.address?.city ?? '',
		notes: u.notes ?? '',
		caseNumber: u.caseNumber ?? '',
		familySituation: u.familySituation ?? '',
		numberOfChildren: u.numberOfChildren === undefined ? '' : String(u.numberOfChildren),
		notifyBySms: String(u.notifyBySms),
		notifyByEmail: String(u.notifyByEmail)
	};
}
