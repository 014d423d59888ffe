import type { BookingResult } from '../../src/lib/server/services/booking/index.ts';

/** The value of a service result, or a thrown error naming the refusal (tests expecting success). */
export function ok<T>(result: { ok: true; value: T } | { ok: false; code: string; message: string }): T {
	if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
	return result.value;
}

/** The RDV a booking use case answered with, or a thrown error naming the refusal (tests expecting success). */
export function rdvOf(result: BookingResult) {
	if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
	return result.rdv;
}
