/**
 * The fields of an usager that agents type (PRODUCT.md §1), validated with the French messages shown next to
 * each field: creation and edition share them.
 */
import { z } from 'zod';
import { compareDays, isValidDay } from '../../../domain/local-time.ts';
import { normalizePhone } from '../../../domain/phone.ts';
import { FAMILY_SITUATIONS } from '../../db/models/usager.ts';

const optionalText = (max: number, tooLong: string) =>
	z
		.string()
		.trim()
		.max(max, { error: tooLong })
		.optional()
		.transform((v) => (v ? v : undefined));

const requiredName = (missing: string, tooLong: string) =>
	z.string({ error: missing }).trim().min(1, { error: missing }).max(100, { error: tooLong });

/** The fields of the first creation form: names, phone, e-mail, birth date (the RDV form's inline creation). */
export const createUsagerSchema = z.object({
	firstName: requiredName('Saisissez le prénom.', 'Le prénom est trop long (100 caractères au plus).'),
	lastName: requiredName('Saisissez le nom.', 'Le nom est trop long (100 caractères au plus).'),
	phone: optionalText(30, 'Numéro de téléphone trop long.').pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || normalizePhone(v) !== null, {
				error: 'Numéro de téléphone invalide, par exemple 06 12 34 56 78.'
			})
	),
	email: optionalText(320, 'Adresse e-mail trop longue.').pipe(
		z.email({ error: 'Adresse e-mail invalide, par exemple nom@exemple.fr.' }).optional()
	),
	birthDate: optionalText(10, 'Date de naissance invalide.').pipe(
		z
			.string()
			.optional()
			.refine((v) => v === undefined || (isValidDay(v) && compareDays(v, new Date().toISOString().slice(0, 10)) <= 0), {
				error: 'Date de naissance invalide.'
			})
	)
});

/** Every optional field of §1 besides: birth name, address, notes, case number, family, notifications. */
export const usagerDetailsSchema = z.object({
	birthName: optionalText(100, 'Le nom de naissance est trop long (100 caractères au plus).'),
	street: optionalText(200, 'L’adresse est trop longue (200 caractères au plus).'),
	postcode: optionalText(5, 'Code postal invalide : 5 chiffres, par exemple 62000.').pipe(
		z
			.string()
			.regex(/^\d{5}$/, { error: 'Code postal invalide : 5 chiffres, par exemple 62000.' })
			.optional()
	),
	city: optionalText(100, 'La commune est trop longue (100 caractères au plus).'),
	notes: optionalText(5000, 'Les notes sont trop longues (5 000 caractères au plus).'),
	caseNumber: optionalText(50, 'Le numéro de dossier est trop long (50 caractères au plus).'),
	familySituation: z.enum(FAMILY_SITUATIONS, { error: 'Choisissez une situation familiale de la liste.' }).optional(),
	numberOfChildren: z
		.number({ error: 'Saisissez un nombre d’enfants entre 0 et 30.' })
		.int({ error: 'Saisissez un nombre d’enfants entre 0 et 30.' })
		.min(0, { error: 'Saisissez un nombre d’enfants entre 0 et 30.' })
		.max(30, { error: 'Saisissez un nombre d’enfants entre 0 et 30.' })
		.optional(),
	notifyBySms: z.boolean({ error: 'Choisissez oui ou non.' }).optional(),
	notifyByEmail: z.boolean({ error: 'Choisissez oui ou non.' }).optional()
});

export const usagerFieldsSchema = createUsagerSchema.extend(usagerDetailsSchema.shape);

export type UsagerFieldsInput = z.input<typeof usagerFieldsSchema>;
export type UsagerFieldsOutput = z.output<typeof usagerFieldsSchema>;

/** The first message per field ('form' for the whole input). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	return errors;
}

export const EMAIL_TAKEN = 'Un usager utilise déjà cette adresse e-mail.';

/** The usager document's fields from the typed ones: creation and edition store them alike. */
export function usagerDocumentFields(f: UsagerFieldsOutput) {
	return {
		firstName: f.firstName,
		lastName: f.lastName,
		birthName: f.birthName,
		phone: f.phone,
		email: f.email,
		birthDate: f.birthDate,
		address: { street: f.street, postcode: f.postcode, city: f.city },
		caseNumber: f.caseNumber,
		familySituation: f.familySituation,
		numberOfChildren: f.numberOfChildren,
		notifyBySms: f.notifyBySms ?? true,
		notifyByEmail: f.notifyByEmail ?? true
	};
}

/**
 * Saves an usager document: null once saved, the e-mail refusal when a concurrent writer took the address
 * first (checked before, but two writers racing on one e-mail are decided by the unique index).
 */
export async function saveUsagerDocument(doc: {
	save(): Promise<unknown>;
}): Promise<{ ok: false; kind: 'invalid'; errors: Record<string, string> } | null> {
	try {
		await doc.save();
		return null;
	} catch (err) {
		if ((err as { code?: number }).code === 11000)
			return { ok: false, kind: 'invalid', errors: { email: EMAIL_TAKEN } };
		throw err;
	}
}
