/**
 * Creating an usager in an organisation, with the "same person?" warnings of PRODUCT.md §12 (same names and
 * birth date, same phone; the e-mail is unique and blocks) and relatives (« proches ») of an existing usager.
 */
import { isObjectIdOrHexString, Types } from 'mongoose';
import type { UsagerDto } from '../../../domain/dto.ts';
import { normalizePhone } from '../../../domain/phone.ts';
import { nameBirthKey } from '../../../domain/text-keys.ts';
import { Usager } from '../../db/models/usager.ts';
import { toUsagerDto } from '../mappers.ts';
import {
	EMAIL_TAKEN,
	fieldErrors,
	saveUsagerDocument,
	usagerDocumentFields,
	usagerFieldsSchema,
	type UsagerFieldsInput
} from './fields.ts';
import { getOrganisationUsager } from './record.ts';

export { createUsagerSchema } from './fields.ts';

export type CreateUsagerFields = UsagerFieldsInput;

export interface CreateUsagerInput extends CreateUsagerFields {
	organisationId: string;
	/** Create even when a possible duplicate exists (the agent has seen the warning). */
	allowDuplicates?: boolean;
	/**
	 * Creates a relative (« proche ») of this usager, who must belong to the same organisation and not be a
	 * relative himself (one level only: notifications go to the responsible).
	 */
	responsibleId?: string;
}

export interface PossibleDuplicate {
	usager: UsagerDto;
	reason: 'phone' | 'name_birth_date' | 'email';
	/** Human-readable, in French. */
	message: string;
}

export type CreateUsagerResult =
	| { ok: true; usager: UsagerDto }
	| {
			ok: false;
			kind: 'invalid';
			errors: Record<string, string>;
			/** When the e-mail belongs to an usager of this organisation: that record, to link to. */
			existing?: UsagerDto;
	  }
	| { ok: false; kind: 'duplicates'; duplicates: PossibleDuplicate[] };

const ALIVE = { deletedAt: { $exists: false } } as const;
const personName = (u: UsagerDto) => `${u.firstName} ${u.lastName}`;

/** Usagers of the organisation who may be the same person: same names and birth date, same phone, same e-mail. */
export async function findPossibleDuplicates(
	organisationId: string,
	fields: { firstName: string; lastName: string; phone?: string; birthDate?: string; email?: string },
	options: { exceptId?: string } = {}
): Promise<PossibleDuplicate[]> {
	const orgId = new Types.ObjectId(organisationId);
	const phone = fields.phone ? normalizePhone(fields.phone)?.e164 : undefined;
	const key = nameBirthKey(fields.firstName, fields.lastName, fields.birthDate);
	const email = fields.email?.trim().toLowerCase();
	const [sameName, samePhone, sameEmail] = await Promise.all([
		key
			? Usager.find({ nameBirthKey: key, organisationIds: orgId, ...ALIVE })
					.limit(5)
					.lean()
			: [],
		phone
			? Usager.find({ phone, organisationIds: orgId, ...ALIVE })
					.limit(5)
					.lean()
			: [],
		email
			? Usager.find({ email, organisationIds: orgId, ...ALIVE })
					.limit(1)
					.lean()
			: []
	]);
	const out = new Map<string, PossibleDuplicate>();
	const add = (rows: typeof sameName, reason: PossibleDuplicate['reason'], says: string) => {
		for (const row of rows) {
			const usager = toUsagerDto(row);
			if (usager.id === options.exceptId || out.has(usager.id)) continue;
			out.set(usager.id, { usager, reason, message: `${personName(usager)} ${says}` });
		}
	};
	add(sameName, 'name_birth_date', 'a les mêmes nom, prénom et date de naissance.');
	add(samePhone, 'phone', 'a le même numéro de téléphone.');
	add(sameEmail, 'email', 'a la même adresse e-mail.');
	return [...out.values()];
}

/** The usager using this e-mail, as a record of this organisation when it has a profile there. */
export async function emailOwner(
	organisationId: string,
	email: string,
	exceptId?: string
): Promise<{ taken: boolean; existing?: UsagerDto }> {
	const owner = await Usager.findOne({ email: email.trim().toLowerCase() }).lean();
	if (!owner || String(owner._id) === exceptId) return { taken: false };
	const inOrganisation = owner.organisationIds.some((id) => String(id) === organisationId) && !owner.deletedAt;
	return { taken: true, existing: inOrganisation ? toUsagerDto(owner) : undefined };
}

/** Checks the responsible of a new relative: same organisation, not a relative himself. */
export async function responsibleError(organisationId: string, responsibleId: string): Promise<string | null> {
	const responsible = await getOrganisationUsager(organisationId, responsibleId);
	// Unknown and foreign usagers answer alike (no existence oracle).
	if (!responsible) return 'Usager responsable introuvable.';
	if (responsible.responsibleId) return 'Cet usager est lui-même un proche : rattachez le proche à son responsable.';
	return null;
}

/** Creates an usager with a profile in the organisation. */
export async function createUsager(input: CreateUsagerInput): Promise<CreateUsagerResult> {
	if (!isObjectIdOrHexString(input.organisationId)) {
		return { ok: false, kind: 'invalid', errors: { form: 'Organisation inconnue.' } };
	}
	const parsed = usagerFieldsSchema.safeParse(input);
	if (!parsed.success) return { ok: false, kind: 'invalid', errors: fieldErrors(parsed.error) };
	const fields = parsed.data;
	if (input.responsibleId !== undefined) {
		const problem = await responsibleError(input.organisationId, input.responsibleId);
		if (problem) return { ok: false, kind: 'invalid', errors: { responsibleId: problem } };
	}
	if (fields.email) {
		const { taken, existing } = await emailOwner(input.organisationId, fields.email);
		if (taken) return { ok: false, kind: 'invalid', errors: { email: EMAIL_TAKEN }, existing };
	}
	if (!input.allowDuplicates) {
		const duplicates = await findPossibleDuplicates(input.organisationId, fields);
		if (duplicates.length > 0) return { ok: false, kind: 'duplicates', duplicates };
	}
	const doc = new Usager({
		...usagerDocumentFields(fields),
		responsibleId: input.responsibleId,
		profiles: [{ organisationId: new Types.ObjectId(input.organisationId), notes: fields.notes }]
	});
	const refused = await saveUsagerDocument(doc);
	if (refused) return refused;
	return { ok: true, usager: toUsagerDto(doc.toObject()) };
}
