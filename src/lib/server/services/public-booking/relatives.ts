/**
 * An usager's relatives (« proches », PRODUCT.md §1): children or people they book for, usagers whose
 * `responsibleId` is this usager (notifications go to the responsible). The funnel's « Pour qui » and the usager
 * space share this service; the usager acting is always the one signed in.
 */
import { z } from 'zod';
import { Rdv } from '../../db/models/rdv.ts';
import { anonymiseUsager, upcomingRdvIds } from '../usager-space/account.ts';
import { Usager } from '../../db/models/usager.ts';
import { createUsagerSchema, fieldErrors } from '../usagers/fields.ts';

/** A family rarely has more; the cap keeps a script from filling the usagers' collection through one account. */
export const MAX_RELATIVES = 20;

export const RelativeSchema = createUsagerSchema.pick({ firstName: true, lastName: true }).extend({
	birthDate: createUsagerSchema.shape.birthDate.refine((v) => v !== undefined, {
		error: 'Saisissez la date de naissance.'
	})
});
export type RelativeInput = z.input<typeof RelativeSchema>;

export interface RelativeDto {
	id: string;
	firstName: string;
	lastName: string;
	birthDate?: string;
}

/** One equality (responsibleId), a handful of documents. */
export async function listRelatives(usagerId: string): Promise<RelativeDto[]> {
	const docs = await Usager.find(
		{ responsibleId: usagerId, deletedAt: { $exists: false } },
		{ firstName: 1, lastName: 1, birthDate: 1 }
	).lean();
	return docs
		.map((d) => ({
			id: String(d._id),
			firstName: d.firstName ?? '',
			lastName: d.lastName ?? '',
			...(d.birthDate ? { birthDate: d.birthDate } : {})
		}))
		.sort((a, b) => a.firstName.localeCompare(b.firstName, 'fr') || a.id.localeCompare(b.id));
}

/** Whether `usagerId` may book for `forId`: themselves or one of their relatives. */
export async function canBookFor(usagerId: string, forId: string): Promise<boolean> {
	if (usagerId === forId) return true;
	if (!/^[0-9a-f]{24}$/i.test(forId)) return false;
	const u = await Usager.findById(forId, { responsibleId: 1, deletedAt: 1 }).lean();
	return !!u && !u.deletedAt && String(u.responsibleId ?? '') === usagerId;
}

export type AddRelativeResult =
	| { ok: true; relative: RelativeDto }
	| { ok: false; code: 'invalid'; message: string; fieldErrors: Record<string, string> };

/** Adds a relative of the usager signed in. A relative cannot have relatives (one level: no cycles). */
export async function addRelative(usagerId: string, raw: Record<string, unknown>): Promise<AddRelativeResult> {
	const parsed = RelativeSchema.safeParse(raw);
	if (!parsed.success) {
		const errors = fieldErrors(parsed.error);
		return {
			ok: false,
			code: 'invalid',
			message: Object.values(errors)[0] ?? 'Données invalides.',
			fieldErrors: errors
		};
	}
	const responsible = await Usager.findById(usagerId, { responsibleId: 1 }).lean();
	if (!responsible || responsible.responsibleId) {
		const message = 'Ce compte ne peut pas ajouter de proche.';
		return { ok: false, code: 'invalid', message, fieldErrors: { form: message } };
	}
	const count = await Usager.countDocuments({ responsibleId: usagerId, deletedAt: { $exists: false } });
	if (count >= MAX_RELATIVES) {
		const message = `Vous avez déjà ${MAX_RELATIVES} proches : supprimez-en un dans votre espace avant d’en ajouter.`;
		return { ok: false, code: 'invalid', message, fieldErrors: { form: message } };
	}
	const { firstName, lastName, birthDate } = parsed.data;
	const doc = await Usager.create({ firstName, lastName, birthDate, responsibleId: usagerId });
	return {
		ok: true,
		relative: { id: String(doc._id), firstName, lastName, ...(birthDate ? { birthDate } : {}) }
	};
}

/** A relative of this usager, as a document to change; null for anyone else's (answered like an unknown id). */
async function ownRelative(usagerId: string, relativeId: string) {
	if (!/^[0-9a-f]{24}$/i.test(relativeId)) return null;
	const doc = await Usager.findById(relativeId);
	return doc && !doc.deletedAt && String(doc.responsibleId ?? '') === usagerId ? doc : null;
}

export type UpdateRelativeResult = AddRelativeResult | { ok: false; code: 'not_found'; message: string };

const RELATIVE_NOT_FOUND = { ok: false as const, code: 'not_found' as const, message: 'Proche introuvable.' };

/** Corrects a relative's names or birth date (usager space). */
export async function updateRelative(
	usagerId: string,
	relativeId: string,
	raw: Record<string, unknown>
): Promise<UpdateRelativeResult> {
	const parsed = RelativeSchema.safeParse(raw);
	if (!parsed.success) {
		const errors = fieldErrors(parsed.error);
		return {
			ok: false,
			code: 'invalid',
			message: Object.values(errors)[0] ?? 'Données invalides.',
			fieldErrors: errors
		};
	}
	const doc = await ownRelative(usagerId, relativeId);
	if (!doc) return RELATIVE_NOT_FOUND;
	const { firstName, lastName, birthDate } = parsed.data;
	doc.set({ firstName, lastName, birthDate });
	await doc.save();
	return { ok: true, relative: { id: relativeId, firstName, lastName, ...(birthDate ? { birthDate } : {}) } };
}

export const RELATIVE_HAS_UPCOMING_RDVS =
	'Ce proche a des rendez-vous à venir : annulez-les avant de le retirer de votre espace.';

export type RemoveRelativeResult =
	{ ok: true; outcome: 'detached' | 'anonymised' } | { ok: false; code: 'not_found' | 'conflict'; message: string };

/**
 * Removes a relative from the usager's space (usager space). Refused while an RDV is to come for them. A relative
 * who has been received (past RDVs) stays in those organisations' records, only detached from this account (the
 * service's history of who came is theirs); one never received is anonymised like a deleted account.
 */
export async function removeRelative(
	usagerId: string,
	relativeId: string,
	now = new Date()
): Promise<RemoveRelativeResult> {
	const doc = await ownRelative(usagerId, relativeId);
	if (!doc) return RELATIVE_NOT_FOUND;
	if ((await upcomingRdvIds([relativeId], now)).length > 0)
		return { ok: false, code: 'conflict', message: RELATIVE_HAS_UPCOMING_RDVS };
	const received = await Rdv.exists({ usagerIds: relativeId });
	if (received) {
		doc.set('responsibleId', undefined);
		await doc.save();
		return { ok: true, outcome: 'detached' };
	}
	anonymiseUsager(doc, now);
	await doc.save();
	return { ok: true, outcome: 'anonymised' };
}
