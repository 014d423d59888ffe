/**
 * What a prescripteur types (PRODUCT.md §6): their own details, then the beneficiary's, validated with the French
 * messages the forms show next to each field; the booking service validates the same way.
 */
import { z } from 'zod';
import { compareDays, isValidDay } from '../../../domain/local-time.ts';
import { normalizePhone } from '../../../domain/phone.ts';
import type { LocationType } from '../../../domain/types.ts';

const optionalText = (max: number, tooLong: string) =>
	z
		.string()
		.trim()
		.max(max, { error: tooLong })
		.optional()
		.transform((v) => (v ? v : undefined));
const requiredName = (missing: string) =>
	z
		.string({ error: missing })
		.trim()
		.min(1, { error: missing })
		.max(100, { error: 'Ce nom est trop long (100 caractères au plus).' });
/** A French or overseas number, stored in E.164. */
const phone = (invalid: string) =>
	optionalText(30, invalid).pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || normalizePhone(v) !== null, { error: invalid })
			.transform((v) => (v === undefined ? undefined : normalizePhone(v)?.e164))
	);
const email = (invalid: string) =>
	optionalText(320, invalid).pipe(z.email({ error: invalid }).toLowerCase().optional());

/** Step 1: « Vos coordonnées de prescripteur ». */
export const PrescripteurFieldsSchema = z.object({
	firstName: requiredName('Saisissez votre prénom.'),
	lastName: requiredName('Saisissez votre nom.'),
	email: z
		.string({ error: 'Saisissez votre adresse e-mail professionnelle : la confirmation y sera envoyée.' })
		.trim()
		.toLowerCase()
		.min(1, { error: 'Saisissez votre adresse e-mail professionnelle : la confirmation y sera envoyée.' })
		.max(320, { error: 'Adresse e-mail trop longue.' })
		.pipe(z.email({ error: 'Adresse e-mail invalide, par exemple prenom.nom@structure.fr.' })),
	phone: phone('Numéro de téléphone invalide, par exemple 03 21 00 00 00.'),
	organisationName: optionalText(160, 'Le nom de la structure est trop long (160 caractères au plus).')
});
export type PrescripteurFields = z.output<typeof PrescripteurFieldsSchema>;

/** Step 2: « Le bénéficiaire » (which fields the motif needs is checked by `beneficiaryFieldErrors`). */
export const BeneficiaryFieldsSchema = z.object({
	firstName: requiredName('Saisissez le prénom du bénéficiaire.'),
	lastName: requiredName('Saisissez le nom du bénéficiaire.'),
	birthDate: optionalText(10, 'Date de naissance invalide.').pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || (isValidDay(v) && compareDays(v, new Date().toISOString().slice(0, 10)) <= 0), {
				error: 'Date de naissance invalide.'
			})
	),
	phone: phone('Numéro de téléphone invalide, par exemple 06 12 34 56 78.'),
	email: email('Adresse e-mail invalide, par exemple nom@exemple.fr.'),
	street: optionalText(200, 'L’adresse est trop longue (200 caractères au plus).'),
	postcode: optionalText(5, 'Code postal invalide : 5 chiffres, par exemple 62000.').pipe(
		z
			.string()
			.regex(/^\d{5}$/, { error: 'Code postal invalide : 5 chiffres, par exemple 62000.' })
			.optional()
	),
	city: optionalText(100, 'La commune est trop longue (100 caractères au plus).')
});
export type BeneficiaryFields = z.output<typeof BeneficiaryFieldsSchema>;

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'Identifiant invalide.');

export const PrescripteurBookingSchema = z.object({
	organisationId: objectId,
	motifId: objectId,
	lieuId: objectId.optional(),
	startsAt: z
		.union([z.date(), z.iso.datetime({ offset: true, error: 'Créneau invalide.' })])
		.transform((v) => new Date(v)),
	prescripteur: PrescripteurFieldsSchema,
	beneficiary: BeneficiaryFieldsSchema
});
export type PrescripteurBookingInput = z.input<typeof PrescripteurBookingSchema>;

/** What the motif asks of the beneficiary beyond names: a phone to be called, an address to be visited. */
export function beneficiaryNeeds(locationType: LocationType): { phone: boolean; address: boolean } {
	return { phone: locationType === 'phone', address: locationType === 'home' };
}

/** The beneficiary's missing fields for this motif, keyed like the form ('beneficiary.phone'…). */
export function beneficiaryFieldErrors(b: BeneficiaryFields, locationType: LocationType): Record<string, string> {
	const needs = beneficiaryNeeds(locationType);
	const errors: Record<string, string> = {};
	if (needs.phone && !b.phone)
		errors['beneficiary.phone'] = 'Saisissez le numéro du bénéficiaire : l’agent l’appellera à ce numéro.';
	if (needs.address) {
		if (!b.street) errors['beneficiary.street'] = 'Saisissez l’adresse du bénéficiaire : l’agent s’y rendra.';
		if (!b.postcode) errors['beneficiary.postcode'] = 'Saisissez le code postal, par exemple 62000.';
		if (!b.city) errors['beneficiary.city'] = 'Saisissez la commune.';
	}
	return errors;
}

/** Zod issues as the forms show them: the first message per dotted path. */
export function issuesToFieldErrors(error: z.ZodError, prefix = ''): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[prefix + (issue.path.join('.') || 'form')] ??= issue.message;
	return errors;
}
