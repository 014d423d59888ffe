/**
 * Opens the usager record behind an online sign-in (e-mail code or FranceConnect): the usager with this e-mail
 * (unique when present), created when there is none. The e-mail is proven by then, so an usager an agent already
 * recorded with this address is the same person and finds their RDVs.
 */
import { Usager } from '../db/models/usager.ts';
import { logger } from '../logger.ts';
import type { UsagerSessionVia } from './usager-session.ts';

export interface UsagerIdentity {
	email: string;
	/** From FranceConnect: filled when the record has none (never overwrites what the usager or an agent typed). */
	firstName?: string;
	lastName?: string;
	birthDate?: string;
}

export type OpenedAccount = { ok: true; usagerId: string; created: boolean } | { ok: false; reason: 'deleted' };

const isDuplicateKey = (err: unknown) => (err as { code?: number } | null)?.code === 11000;

export const DELETED_ACCOUNT_MESSAGE =
	'Ce compte a été supprimé. Contactez l’organisation qui vous suit pour le réactiver.';

export async function openUsagerAccount(
	identity: UsagerIdentity,
	via: UsagerSessionVia,
	now = new Date()
): Promise<OpenedAccount> {
	const email = identity.email.trim().toLowerCase();
	for (let round = 0; round < 2; round++) {
		const existing = await Usager.findOne(
			{ email },
			{ account: 1, deletedAt: 1, firstName: 1, lastName: 1, birthDate: 1 }
		).lean();
		if (existing) {
			if (existing.deletedAt) return { ok: false, reason: 'deleted' };
			const set: Record<string, unknown> = existing.account
				? { 'account.lastSignInAt': now }
				: { account: { createdAt: now, lastSignInAt: now, via } };
			if (!existing.firstName && identity.firstName) set.firstName = identity.firstName;
			if (!existing.lastName && identity.lastName) set.lastName = identity.lastName;
			if (!existing.birthDate && identity.birthDate) set.birthDate = identity.birthDate;
			await Usager.updateOne({ _id: existing._id }, { $set: set });
			return { ok: true, usagerId: String(existing._id), created: false };
		}
		try {
			const created = await Usager.create({
				email,
				...(identity.firstName ? { firstName: identity.firstName } : {}),
				...(identity.lastName ? { lastName: identity.lastName } : {}),
				...(identity.birthDate ? { birthDate: identity.birthDate } : {}),
				account: { createdAt: now, lastSignInAt: now, via }
			});
			logger.info({ usagerId: String(created._id), via }, 'usager account created');
			return { ok: true, usagerId: String(created._id), created: true };
		} catch (err) {
			// Two first sign-ins of one address at once: the unique index let one create it; open that one.
			if (!isDuplicateKey(err)) throw err;
		}
	}
	throw new Error('usager account could be neither found nor created');
}
