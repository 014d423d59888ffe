/**
 * One RDV as an iCalendar document (RFC 5545): the « Ajouter à mon agenda » download, and later the e-mails'
 * attachments (REQUEST on booking and move, CANCEL on cancellation) and the agents' calendar feeds. Times are
 * written in the territory's zone with its VTIMEZONE, so a calendar shows the wall-clock time the organisation
 * announced even when the reader's device is elsewhere; the UID is stable per RDV and SEQUENCE follows the RDV's
 * version, so a client updates (or removes) the event it already has instead of adding a second one.
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface RdvIcsInput {
	/** Stable per RDV: see rdvIcsUid. */
	uid: string;
	/** The RDV's version: each change a client must apply bumps it. */
	sequence: number;
	/** PUBLISH for a download, REQUEST / CANCEL for e-mails. CANCEL also marks the event cancelled. */
	method: IcsMethod;
	startsAt: Date;
	endsAt: Date;
	/** IANA zone of the territory ('Europe/Paris', 'America/Cayenne'…). */
	timeZone: string;
	summary: string;
	location?: string;
	description?: string;
	url?: string;
	organizer?: { name: string; email: string };
	status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
	/** DTSTAMP (defaults to now): tests pass a fixed one. */
	stamp?: Date;
}

/** `rdv-{id}@{host}`: one UID per RDV, whatever sends it (download, e-mail, feed). */
export function rdvIcsUid(rdvId: string, host: string): string {
	return `rdv-${rdvId}@${host}`;
}

/**
 * The summary shown in calendars: sensitive motifs (visibility « invisible ») stay out of calendars that others
 * may glance at, as on the usager's notifications.
 */
export function rdvIcsSummary(motif: { name: string; visibility?: string | null }): string {
	return motif.visibility === 'invisible' ? 'Rendez-vous' : `Rendez-vous : ${motif.name}`;
}

/**
 * The instant as a zoned date-time: ical-generator formats a native Date with a TZID in the PROCESS's zone, so a
 * server running in UTC would announce 08:30 for a 10:30 RDV in Paris.
 */
const zoned = (instant: Date, timeZone: string) =>
	Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);

export function rdvIcs(input: RdvIcsInput): string {
	const calendar = ical({
		prodId: { company: 'Guichet', product: 'Guichet', language: 'FR' },
		method: ICalCalendarMethod[input.method]
	});
	calendar.timezone({ name: input.timeZone, generator: getVtimezoneComponent });
	calendar.createEvent({
		id: input.uid,
		sequence: input.sequence,
		start: zoned(input.startsAt, input.timeZone),
		end: zoned(input.endsAt, input.timeZone),
		timezone: input.timeZone,
		stamp: input.stamp ?? new Date(),
		summary: input.summary,
		location: input.location ?? null,
		description: input.description ?? null,
		url: input.url ?? null,
		organizer: input.organizer ?? null,
		status: ICalEventStatus[input.status ?? (input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED')]
	});
	return calendar.toString();
}
