/**
 * The RDV just booked, as the usager sees it on the confirmation page and in its calendar file: only the usager
 * taking part, or the responsible of a relative taking part (the usager space's rule: anything else is unknown).
 */
import { USAGER_SPACE_PATH } from '../../../domain/public-booking.ts';
import { rdvIcs, rdvIcsSummary, rdvIcsUid } from '../../notify/ics.ts';
import { Motif } from '../../db/models/motif.ts';
import { getUsagerRdv, type UsagerSpaceRdv } from '../usager-space/rdvs.ts';

export type BookedRdv = UsagerSpaceRdv;

export function getBookedRdv(usagerId: string, rdvId: string, now = new Date()): Promise<BookedRdv | null> {
	return getUsagerRdv(usagerId, rdvId, now);
}

/** Where the RDV takes place, in words, for calendars. */
function place(rdv: BookedRdv): string {
	if (rdv.lieu) return `${rdv.lieu.name}, ${rdv.lieu.address}`;
	if (rdv.singleUseAddress) return rdv.singleUseAddress;
	return rdv.motif.locationLabel;
}

/**
 * The « Ajouter à mon agenda » file (PUBLISH: a copy the usager keeps; the e-mails will send REQUEST/CANCEL with
 * the same UID). Null when the RDV is not the usager's.
 */
export async function bookedRdvIcs(
	usagerId: string,
	rdvId: string,
	site: { host: string; origin: string },
	now = new Date()
): Promise<{ ics: string; rdv: BookedRdv } | null> {
	const rdv = await getBookedRdv(usagerId, rdvId, now);
	if (!rdv) return null;
	const motif = await Motif.findById(rdv.motif.id, { name: 1, visibility: 1 }).lean();
	const description = [
		`${rdv.organisation.name}${rdv.organisation.phone ? ` — ${rdv.organisation.phone}` : ''}`,
		rdv.motif.instructionsAfterBooking
	]
		.filter(Boolean)
		.join('\n\n');
	const ics = rdvIcs({
		uid: rdvIcsUid(rdv.id, site.host),
		sequence: rdv.version,
		method: 'PUBLISH',
		startsAt: new Date(rdv.startsAt),
		endsAt: new Date(rdv.endsAt),
		timeZone: rdv.timeZone,
		summary: rdvIcsSummary({ name: rdv.motif.name, visibility: motif?.visibility }),
		location: place(rdv),
		description,
		url: `${site.origin}${USAGER_SPACE_PATH}/rdvs/${rdv.id}`,
		status: rdv.status === 'revoked' || rdv.status === 'excused' ? 'CANCELLED' : 'CONFIRMED'
	});
	return { ics, rdv };
}
