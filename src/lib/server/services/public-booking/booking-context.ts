/** What an online booking's pages show and its e-mails tell: its motif, organisation, lieu and time, in French. */
import { isObjectIdOrHexString } from 'mongoose';
import { canBookMotif } from '../../../domain/booking-rules.ts';
import { formatDay, formatTimeFr } from '../../../domain/creneaux-grid.ts';
import { localDay, localTime } from '../../../domain/local-time.ts';
import type { BookableBy, LocationType, TerritoryTimeZone } from '../../../domain/types.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Motif } from '../../db/models/motif.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { Territory } from '../../db/models/territory.ts';

export interface OnlineBookingContext {
	motif: {
		id: string;
		name: string;
		locationType: LocationType;
		durationMinutes: number;
		/** « invisible »: a sensitive motif, named in no calendar (rdvIcsSummary). */
		visibility: string;
		instructionsBeforeBooking?: string;
		instructionsAfterBooking?: string;
	};
	organisation: { id: string; name: string; phone?: string; email?: string; website?: string };
	lieu?: { id: string; name: string; address: string };
	timeZone: TerritoryTimeZone;
	startsAt: string;
	/** « lundi 22 mars 2027 à 14h00 », in the territory's zone. */
	when: string;
}

/**
 * The motif, organisation and lieu of an online booking, read by id; null when they do not belong together (the
 * motif of another organisation, the lieu not the organisation's). With `openTo`, also null when the motif is
 * deleted, collective or closed to that audience, or the lieu disabled: the pages and the booking answer such links
 * like unknown ones. Without it, the booking is described as it stands (an RDV already booked, whatever its motif
 * or lieu became since; or a confirmation page whose refusal, if any, the booking's own check says).
 */
export async function onlineBookingContext(
	q: { organisationId: string; motifId: string; lieuId?: string; startsAt: Date },
	options: { openTo?: 'usager' | 'prescripteur' } = {}
): Promise<OnlineBookingContext | null> {
	if (![q.organisationId, q.motifId, q.lieuId ?? q.motifId].every((id) => isObjectIdOrHexString(id))) return null;
	const [motif, organisation, lieu] = await Promise.all([
		Motif.findById(q.motifId).lean(),
		Organisation.findById(q.organisationId).lean(),
		q.lieuId ? Lieu.findById(q.lieuId).lean() : null
	]);
	if (
		!motif ||
		!organisation ||
		String(motif.organisationId) !== q.organisationId ||
		(q.lieuId && (!lieu || String(lieu.organisationId) !== q.organisationId))
	)
		return null;
	if (
		options.openTo &&
		(motif.deletedAt ||
			motif.collective ||
			!canBookMotif(motif.bookableBy as BookableBy, options.openTo) ||
			lieu?.availability === 'disabled' ||
			(motif.locationType === 'public_office' && !lieu))
	)
		return null;
	const territory = await Territory.findById(organisation.territoryId, { timeZone: 1 }).lean();
	if (!territory) return null;
	const timeZone = territory.timeZone as TerritoryTimeZone;
	return {
		motif: {
			id: String(motif._id),
			name: motif.name,
			locationType: motif.locationType as LocationType,
			durationMinutes: motif.durationMinutes,
			visibility: motif.visibility,
			...(motif.instructionsBeforeBooking ? { instructionsBeforeBooking: motif.instructionsBeforeBooking } : {}),
			...(motif.instructionsAfterBooking ? { instructionsAfterBooking: motif.instructionsAfterBooking } : {})
		},
		organisation: {
			id: String(organisation._id),
			name: organisation.name,
			...(organisation.phone ? { phone: organisation.phone } : {}),
			...(organisation.email ? { email: organisation.email } : {}),
			...(organisation.website ? { website: organisation.website } : {})
		},
		...(lieu ? { lieu: { id: String(lieu._id), name: lieu.name, address: lieu.address } } : {}),
		timeZone,
		startsAt: q.startsAt.toISOString(),
		when: `${formatDay(localDay(q.startsAt, timeZone))} à ${formatTimeFr(localTime(q.startsAt, timeZone))}`
	};
}
