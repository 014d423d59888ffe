import { describe, expect, it } from 'vitest';
import { BOOKING_DELAY_CHOICES, bookingDelayLabel, isBookableOnline, isBookingDelayChoice } from './motif-options.ts';

// The Motif model's bounds (db/models/motif.ts): at most 366 days, 90 days by default.
const MAX_BOOKING_DELAY_LIMIT = 366 * 24 * 60;
const DEFAULT_MAX_BOOKING_DELAY = 90 * 24 * 60;

describe('booking delay choices', () => {
	it('go from 30 minutes to one year, strictly increasing, within the model bounds', () => {
		const minutes = BOOKING_DELAY_CHOICES.map((c) => c.minutes);
		expect(minutes[0]).toBe(30);
		expect(BOOKING_DELAY_CHOICES.at(-1)?.label).toBe('1 an');
		expect(minutes.every((m, i) => i === 0 || m > minutes[i - 1]!)).toBe(true);
		expect(Math.max(...minutes)).toBeLessThanOrEqual(MAX_BOOKING_DELAY_LIMIT);
	});

	it('include the model defaults so an untouched motif stays valid', () => {
		expect(isBookingDelayChoice(30)).toBe(true);
		expect(isBookingDelayChoice(DEFAULT_MAX_BOOKING_DELAY)).toBe(true);
		expect(isBookingDelayChoice(45)).toBe(false);
		expect(bookingDelayLabel(DEFAULT_MAX_BOOKING_DELAY)).toBe('3 mois');
	});

	it('online booking is off only for agents', () => {
		expect(isBookableOnline('agents')).toBe(false);
		expect(isBookableOnline('everyone')).toBe(true);
	});
});
