/**
 * « Vos informations »: what the signed-in usager tells about themselves before booking (PRODUCT.md §6). Names
 * always (an account opened by an e-mail code has none yet), the phone for phone motifs, the address for home
 * motifs; a phone that is no mobile is accepted with a warning (no SMS reminder then).
 */
import { z } from 'zod';
import { normalizePhone } from '../../../domain/phone.ts';
import type { LocationType } from '../../../domain/types.ts';
import { Usager } from '../../db/models/usager.ts';
import { createUsagerSchema, fieldErrors, usagerDetailsSchema } from '../usagers/fields.ts';

export const InformationsSchema = createUsagerSchema
	.pick({ firstName: true, lastName: true, phone: true, birthDate: true })
	.extend(usagerDetailsSchema.pick({ street: true, postcode: true, city: true }).shape);
export type InformationsInput = z.input<typeof InformationsSchema>;

/** The form's values (strings, as typed or stored: the phone in its national form). */
export interface UsagerInformations {
	email?: string;
	firstName: string;
	lastName: string;
	birthDate: string;
	phone: string;
	street: string;
	postcode: string;
	city: string;
}

export const PHONE_REQUIRED_MESSAGE = 'Saisissez un numéro de téléphone : l’agent vous appellera à ce numéro.';
export const ADDRESS_REQUIRED_MESSAGE = 'Saisissez votre adresse : l’agent viendra à votre domicile.';
export const NOT_MOBILE_WARNING =
	'Ce numéro ne semble pas être un numéro de portable : vous ne recevrez pas de SMS de rappel.';

/** What the motif needs on top of the names. */
export function informationsNeeds(locationType: LocationType | undefined) {
	return { phone: locationType === 'phone', address: locationType === 'home' };
}

/** The fields a motif requires that these values lack, with the message shown next to each. */
export function missingInformations(
	values: Pick<UsagerInformations, 'firstName' | 'lastName' | 'phone' | 'street' | 'postcode' | 'city'>,
	locationType: LocationType | undefined
): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!values.firstName.trim()) errors.firstName = 'Saisissez votre prénom.';
	if (!values.lastName.trim()) errors.lastName = 'Saisissez votre nom.';
	const needs = informationsNeeds(locationType);
	if (needs.phone && !values.phone.trim()) errors.phone = PHONE_REQUIRED_MESSAGE;
	if (needs.address) {
		if (!values.street.trim()) errors.street = ADDRESS_REQUIRED_MESSAGE;
		if (!values.postcode.trim()) errors.postcode = 'Saisissez le code postal, par exemple 62000.';
		if (!values.city.trim()) errors.city = 'Saisissez la commune.';
	}
	return errors;
}

/** A stored E.164 number as the usager typed it: « 06 12 34 56 78 » for French numbers. */
function nationalPhone(e164: string | undefined | null): string {
	if (!e164) return '';
	const m = /^\+33(\d)(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(e164);
	return m ? `0${m.slice(1).join(' ')}` : e164;
}

/** The usager's current values; null when the account is gone. */
export async function getUsagerInformations(usagerId: string): Promise<UsagerInformations | null> {
	const u = await Usager.findById(usagerId).lean();
	if (!u || u.deletedAt) return null;
	return {
		...(u.email ? { email: u.email } : {}),
		firstName: u.firstName ?? '',
		lastName: u.lastName ?? '',
		birthDate: u.birthDate ?? '',
		phone: nationalPhone(u.phone),
		street: u.address?.street ?? '',
		postcode: u.address?.postcode ?? '',
		city: u.address?.city ?? ''
	};
}

export type UpdateInformationsResult =
	| { ok: true; warnings: Record<string, string> }
	| { ok: false; code: 'invalid'; message: string; fieldErrors: Record<string, string> }
	| { ok: false; code: 'not_found'; message: string };

/**
 * Saves « Vos informations » for the usager signed in (never anyone else: the id comes from the session). Empty
 * optional fields clear the stored value; the motif's requirements are checked on the values being saved.
 */
export async function updateUsagerInformations(
	usagerId: string,
	raw: Record<string, unknown>,
	locationType?: LocationType
): Promise<UpdateInformationsResult> {
	const parsed = InformationsSchema.safeParse(raw);
	const errors = parsed.success ? {} : fieldErrors(parsed.error);
	const text = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
	const missing = missingInformations(
		{
			firstName: text('firstName'),
			lastName: text('lastName'),
			phone: text('phone'),
			street: text('street'),
			postcode: text('postcode'),
			city: text('city')
		},
		locationType
	);
	const all = { ...missing, ...errors };
	if (!parsed.success || Object.keys(all).length)
		return {
			ok: false,
			code: 'invalid',
			message: Object.values(all)[0] ?? 'Données invalides.',
			fieldErrors: all
		};
	const f = parsed.data;
	const usager = await Usager.findById(usagerId);
	if (!usager || usager.deletedAt) return { ok: false, code: 'not_found', message: 'Compte introuvable.' };
	usager.set({
		firstName: f.firstName,
		lastName: f.lastName,
		birthDate: f.birthDate,
		phone: f.phone,
		address: { street: f.street, postcode: f.postcode, city: f.city }
	});
	await usager.save();
	const warnings: Record<string, string> = {};
	const phone = f.phone ? normalizePhone(f.phone) : null;
	if (phone && !phone.isMobile) warnings.phone = NOT_MOBILE_WARNING;
	return { ok: true, warnings };
}
