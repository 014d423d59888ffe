import type { MotifDto } from '$lib/domain/dto';

/** A motif as the values of its form (strings; checkboxes 'true' / 'false'). */
export function motifFormValues(m: MotifDto): Record<string, string> {
	return {
		name: m.name,
		serviceId: m.serviceId,
		color: m.color,
		durationMinutes: String(m.durationMinutes),
		locationType: m.locationType,
		collective: String(m.collective),
		bookableBy: m.bookableBy,
		minBookingDelayMinutes: String(m.minBookingDelayMinutes),
		maxBookingDelayMinutes: String(m.maxBookingDelayMinutes),
		rdvsEditableByUser: String(m.rdvsEditableByUser),
		rdvsCancellableByUser: String(m.rdvsCancellableByUser),
		followUp: String(m.followUp),
		visibility: m.visibility,
		instructionsBeforeBooking: m.instructionsBeforeBooking ?? '',
		instructionsAfterBooking: m.instructionsAfterBooking ?? '',
		customCancelWarning: m.customCancelWarning ?? ''
	};
}
