/**
 * The choices offered when configuring a motif, with their French labels (PRODUCT.md §2). Shared by the
 * motif service (validation), the configuration pages and the API documentation.
 */
import type { BookableBy, LocationType, MotifVisibility } from './types.ts';

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * Booking-window delays an admin may pick, from 30 minutes to one year. Months count 30 days, so the model's
 * default maximum (90 days) is "3 mois".
 */
export const BOOKING_DELAY_CHOICES: readonly { minutes: number; label: string }[] = [
	{ minutes: 30, label: '30 minutes' },
	{ minutes: HOUR, label: '1 heure' },
	{ minutes: 2 * HOUR, label: '2 heures' },
	{ minutes: 4 * HOUR, label: '4 heures' },
	{ minutes: DAY, label: '1 jour' },
	{ minutes: 2 * DAY, label: '2 jours' },
	{ minutes: 3 * DAY, label: '3 jours' },
	{ minutes: 7 * DAY, label: '1 semaine' },
	{ minutes: 14 * DAY, label: '2 semaines' },
	{ minutes: 30 * DAY, label: '1 mois' },
	{ minutes: 60 * DAY, label: '2 mois' },
	{ minutes: 90 * DAY, label: '3 mois' },
	{ minutes: 182 * DAY, label: '6 mois' },
	{ minutes: 365 * DAY, label: '1 an' }
];

export const BOOKING_DELAY_MINUTES: readonly number[] = BOOKING_DELAY_CHOICES.map((c) => c.minutes);

export function isBookingDelayChoice(minutes: number): boolean {
	return BOOKING_DELAY_MINUTES.includes(minutes);
}

export function bookingDelayLabel(minutes: number): string {
	return BOOKING_DELAY_CHOICES.find((c) => c.minutes === minutes)?.label ?? `${minutes} minutes`;
}

export const LOCATION_TYPE_LABELS: Record<LocationType, string> = {
	public_office: 'Sur place',
	phone: 'Par téléphone',
	home: 'À domicile',
	visio: 'Par visioconférence'
};

export const BOOKABLE_BY_LABELS: Record<BookableBy, string> = {
	agents: 'Agents uniquement (pas de réservation en ligne)',
	agents_and_prescripteurs: 'Agents et prescripteurs',
	agents_and_prescripteurs_and_invited_users: 'Agents, prescripteurs et usagers invités',
	everyone: 'Tout le monde'
};

export const MOTIF_VISIBILITY_LABELS: Record<MotifVisibility, string> = {
	visible_and_notified: 'Visible et notifié',
	visible_and_not_notified: 'Visible mais non notifié',
	invisible: 'Invisible (RDV sensible : ni affiché ni notifié à l’usager)'
};

/** Online booking is on as soon as someone other than agents may book. */
export function isBookableOnline(bookableBy: BookableBy): boolean {
	return bookableBy !== 'agents';
}
