/**
 * Deleting an usager's account from their space (PRODUCT.md §6, §11). Refused while an RDV is to come for them or
 * a relative: the service expects them, and cancelling is a separate, deliberate step (with its own limits).
 * Otherwise the record is anonymised rather than removed: past RDVs keep a participant (the organisations'
 * history and statistics), but nothing left names or reaches the person. The relatives they are responsible for
 * are anonymised too: the account is how they were managed online, and a relative has no way in of their own.
 * Every session of the usager ends.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus } from '../../../domain/types.ts';
import { invalidateUsagerSessions } from '../../auth/usager-session.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { Usager, type UsagerDoc } from '../../db/models/usager.ts';

export const DELETED_USAGER_FIRST_NAME = 'Usager';
export const DELETED_USAGER_LAST_NAME = 'supprimé';

export const ACCOUNT_HAS_UPCOMING_RDVS =
	'Votre compte ne peut pas être supprimé tant que des rendez-vous sont à venir (pour vous ou vos proches) : annulez-les d’abord, ou attendez qu’ils soient passés.';

export type DeleteAccountResult =
	| { ok: true; anonymisedRelatives: number; endedSessions: number }
	| { ok: false; code: 'not_found' }
	| { ok: false; code: 'conflict'; message: string; upcomingRdvIds: string[] };

/** The active RDVs still to come of these usagers (one `usagerIds` equality each). */
export async function upcomingRdvIds(usagerIds: string[], now: Date): Promise<string[]> {
	const lists = await Promise.all(
		usagerIds.map((id) => Rdv.find({ usagerIds: id }, { startsAt: 1, status: 1 }).lean())
	);
	const ids = new Set<string>();
	for (const r of lists.flat())
		if (r.startsAt.getTime() > now.getTime() && isActiveRdvStatus(r.status as RdvStatus)) ids.add(String(r._id));
	return [...ids];
}

/** Clears everything personal; the record stays (past RDVs point to it) as « Usager supprimé ». Not saved. */
export function anonymiseUsager(u: UsagerDoc, now: Date): void {
	u.set({
		firstName: DELETED_USAGER_FIRST_NAME,
		lastName: DELETED_USAGER_LAST_NAME,
		notifyByEmail: false,
		notifyBySms: false,
		deletedAt: now
	});
	// Unset, never '' (the e-mail is unique when present): the address is free for a new account.
	for (const path of [
		'birthName',
		'birthDate',
		'email',
		'phone',
		'address',
		'notes',
		'caseNumber',
		'familySituation',
		'numberOfChildren',
		'account'
	])
		u.set(path, undefined);
	for (const profile of u.profiles) profile.notes = undefined;
}

export async function deleteUsagerAccount(usagerId: string, now = new Date()): Promise<DeleteAccountResult> {
	if (!isObjectIdOrHexString(usagerId)) return { ok: false, code: 'not_found' };
	const [self, relatives] = await Promise.all([
		Usager.findById(usagerId),
		Usager.find({ responsibleId: usagerId, deletedAt: { $exists: false } })
	]);
	if (!self || self.deletedAt) return { ok: false, code: 'not_found' };
	const upcoming = await upcomingRdvIds([usagerId, ...relatives.map((r) => String(r._id))], now);
	if (upcoming.length > 0)
		return { ok: false, code: 'conflict', message: ACCOUNT_HAS_UPCOMING_RDVS, upcomingRdvIds: upcoming };
	// Sessions first: from here on nothing can be booked in the usager's name while the records are rewritten.
	const endedSessions = await invalidateUsagerSessions(usagerId);
	for (const relative of relatives) {
		anonymiseUsager(relative, now);
		await relative.save();
	}
	anonymiseUsager(self, now);
	await self.save();
	return { ok: true, anonymisedRelatives: relatives.length, endedSessions };
}
