/**
 * Usagers of an organisation: search (name, phone, e-mail) for the pickers, and minimal creation (first name,
 * last name, phone, e-mail, birth date) with the "same person?" warnings of PRODUCT.md.
 */
import { isObjectIdOrHexString, Types } from 'mongoose';
import { z } from 'zod';
import type { UsagerDto } from '../../domain/dto.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { nameBirthKey, normalizeText } from '../../domain/text-keys.ts';
import { compareDays, isValidDay } from '../../domain/local-time.ts';
import { Usager } from '../db/models/usager.ts';
import { toUsagerDto } from './mappers.ts';

export const USAGER_SEARCH_LIMIT = 20;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const byName = (a: UsagerDto, b: UsagerDto) =>
	a.lastName.localeCompare(b.lastName, 'fr') || a.firstName.localeCompare(b.firstName, 'fr');

/**
 * Usagers having a profile in the organisation that match `q`: an e-mail address or a phone number is looked up
 * exactly (after normalisation); anything else matches names, every word being the start of a word of the
 * usager's names, accent- and case-insensitively. Every query selects on an equality (organisation, phone or
 * e-mail) so FerretDB never scans the whole collection.
 */
export async function searchUsagers(organisationId: string, q: string): Promise<UsagerDto[]> {
	const query = q.trim();
	if (!query || !isObjectIdOrHexString(organisationId)) return [];
	const orgId = new Types.ObjectId(organisationId);
	const alive = { deletedAt: { $exists: false } };

	if (query.includes('@')) {
		const found = await Usager.find({ email: query.toLowerCase(), organisationIds: orgId, ...alive })
			.limit(USAGER_SEARCH_LIMIT)
			.lean();
		return found.map(toUsagerDto);
	}

	const phone = /^[+\d][\d\s.-]{5,}$/.test(query) ? normalizePhone(query) : null;
	if (phone) {
		const found = await Usager.find({ phone: phone.e164, organisationIds: orgId, ...alive })
			.limit(USAGER_SEARCH_LIMIT)
			.lean();
		return found.map(toUsagerDto).sort(byName);
	}

	const words = normalizeText(query).split(' ').filter(Boolean);
	if (words.length === 0) return [];
	const found = await Usager.find({
		organisationIds: orgId,
		...alive,
		$and: words.map((w) => ({ searchText: { $regex: `(^| )${escapeRegex(w)}` } }))
	})
		.limit(USAGER_SEARCH_LIMIT)
		.lean();
	return found.map(toUsagerDto).sort(byName);
}

const optionalText = (max: number, tooLong: string) =>
	z
		.string()
		.trim()
		.max(max, { error: tooLong })
		.optional()
		.transform((v) => (v ? v : undefined));

/** The creation form's fields, with French messages shown next to each field. */
export const createUsagerSchema = z.object({
	firstName: z
		.string({ error: 'Saisissez le prénom.' })
		.trim()
		.min(1, { error: 'Saisissez le prénom.' })
		.max(100, { error: 'Le prénom est trop long (100 caractères au plus).' }),
	lastName: z
		.string({ error: 'Saisissez le nom.' })
		.trim()
		.min(1, { error: 'Saisissez le nom.' })
		.max(100, { error: 'Le nom est trop long (100 caractères au plus).' }),
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

export type CreateUsagerFields = z.input<typeof createUsagerSchema>;

export interface CreateUsagerInput extends CreateUsagerFields {
	organisationId: string;
	/** Create even when a possible duplicate exists (the agent has seen the warning). */
	allowDuplicates?: boolean;
}

export interface PossibleDuplicate {
	usager: UsagerDto;
	reason: 'phone' | 'name_birth_date';
	/** Human-readable, in French. */
	message: string;
}

export type CreateUsagerResult =
	| { ok: true; usager: UsagerDto }
	| { ok: false; kind: 'invalid'; errors: Record<string, string> }
	| { ok: false; kind: 'duplicates'; duplicates: PossibleDuplicate[] };

/** Usagers of the organisation who may be the same person: same phone, or same names and birth date. */
export async function findPossibleDuplicates(
	organisationId: string,
	fields: { firstName: string; lastName: string; phone?: string; birthDate?: string }
): Promise<PossibleDuplicate[]> {
	const orgId = new Types.ObjectId(organisationId);
	const alive = { deletedAt: { $exists: false } };
	const phone = fields.phone ? normalizePhone(fields.phone)?.e164 : undefined;
	const key = nameBirthKey(fields.firstName, fields.lastName, fields.birthDate);
	const [samePhone, sameName] = await Promise.all([
		phone
			? Usager.find({ phone, organisationIds: orgId, ...alive })
					.limit(5)
					.lean()
			: [],
		key
			? Usager.find({ nameBirthKey: key, organisationIds: orgId, ...alive })
					.limit(5)
					.lean()
			: []
	]);
	const out = new Map<string, PossibleDuplicate>();
	for (const u of sameName) {
		const usager = toUsagerDto(u);
		out.set(usager.id, {
			usager,
			reason: 'name_birth_date',
			message: `${usager.firstName} ${usager.lastName} a les mêmes nom, prénom et date de naissance.`
		});
	}
	for (const u of samePhone) {
		const usager = toUsagerDto(u);
		if (!out.has(usager.id))
			out.set(usager.id, {
				usager,
				reason: 'phone',
				message: `${usager.firstName} ${usager.lastName} a le même numéro de téléphone.`
			});
	}
	return [...out.values()];
}

/** Creates an usager with a profile in the organisation. */
export async function createUsager(input: CreateUsagerInput): Promise<CreateUsagerResult> {
	if (!isObjectIdOrHexString(input.organisationId)) {
		return { ok: false, kind: 'invalid', errors: { form: 'Organisation inconnue.' } };
	}
	const parsed = createUsagerSchema.safeParse(input);
	if (!parsed.success) {
		const errors: Record<string, string> = {};
		for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
		return { ok: false, kind: 'invalid', errors };
	}
	const fields = parsed.data;
	if (!input.allowDuplicates) {
		const duplicates = await findPossibleDuplicates(input.organisationId, fields);
		if (duplicates.length > 0) return { ok: false, kind: 'duplicates', duplicates };
	}
	if (fields.email && (await Usager.exists({ email: fields.email }))) {
		return { ok: false, kind: 'invalid', errors: { email: 'Un usager utilise déjà cette adresse e-mail.' } };
	}
	const doc = new Usager({
		firstName: fields.firstName,
		lastName: fields.lastName,
		phone: fields.phone,
		email: fields.email,
		birthDate: fields.birthDate,
		profiles: [{ organisationId: new Types.ObjectId(input.organisationId) }]
	});
	try {
		await doc.save();
	} catch (err) {
		// Two creations racing on the same e-mail: the unique index decides.
		if ((err as { code?: number }).code === 11000) {
			return { ok: false, kind: 'invalid', errors: { email: 'Un usager utilise déjà cette adresse e-mail.' } };
		}
		throw err;
	}
	return { ok: true, usager: toUsagerDto(doc.toObject()) };
}

/** One usager of the organisation (null when unknown or not a member there). */
export async function getOrganisationUsager(organisationId: string, usagerId: string): Promise<UsagerDto | null> {
	if (!isObjectIdOrHexString(organisationId) || !isObjectIdOrHexString(usagerId)) return null;
	const u = await Usager.findOne({
		_id: usagerId,
		organisationIds: organisationId,
		deletedAt: { $exists: false }
	}).lean();
	return u ? toUsagerDto(u) : null;
}
