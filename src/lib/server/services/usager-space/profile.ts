/**
 * The usager's profile in their space: their details are the funnel's « Vos informations »
 * (services/public-booking/informations.ts, one service for both), plus here the notification preferences. The
 * e-mail is the account's identity (the sign-in code goes there): shown, never edited here.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { z } from 'zod';
import { Usager } from '../../db/models/usager.ts';
import { getUsagerInformations, type UsagerInformations } from '../public-booking/index.ts';

export interface UsagerProfileDto extends UsagerInformations {
	/** Only mobile numbers receive SMS: the page says so beside the SMS preference. */
	phoneIsMobile: boolean;
	notifyByEmail: boolean;
	notifyBySms: boolean;
}

export async function getUsagerProfile(usagerId: string): Promise<UsagerProfileDto | null> {
	if (!isObjectIdOrHexString(usagerId)) return null;
	const [informations, prefs] = await Promise.all([
		getUsagerInformations(usagerId),
		Usager.findById(usagerId, { phoneIsMobile: 1, notifyByEmail: 1, notifyBySms: 1 }).lean()
	]);
	if (!informations || !prefs) return null;
	return {
		...informations,
		phoneIsMobile: prefs.phoneIsMobile ?? false,
		notifyByEmail: prefs.notifyByEmail ?? true,
		notifyBySms: prefs.notifyBySms ?? true
	};
}

/** Checkboxes: ticked is 'on' in a form, true in JSON; absent is unticked. */
const ticked = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());

export const NotificationPreferencesSchema = z.object({ notifyByEmail: ticked, notifyBySms: ticked });
export type NotificationPreferencesInput = z.input<typeof NotificationPreferencesSchema>;

/** Saves how the usager wants to hear about their RDVs (PRODUCT.md §7); false for an unknown account. */
export async function updateNotificationPreferences(
	usagerId: string,
	raw: NotificationPreferencesInput
): Promise<boolean> {
	const prefs = NotificationPreferencesSchema.parse(raw);
	if (!isObjectIdOrHexString(usagerId)) return false;
	const u = await Usager.findById(usagerId);
	if (!u || u.deletedAt) return false;
	u.set(prefs);
	await u.save();
	return true;
}
