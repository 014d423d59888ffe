/** An usager cancels one of their RDVs (or a relative's) online: the booking service's usager path, nothing else. */
import { cancelRdv, type BookingResult } from '../booking/index.ts';

/**
 * Cancels as the usager (status `excused`). The booking service checks that the RDV is theirs or a relative's
 * (another one answers not_found), the motif's permission and the 4-hour limit at `now`
 * (domain/usager-rdv-rules.ts); `expectedVersion` refuses a change the usager did not see.
 */
export function cancelUsagerRdv(
	usagerId: string,
	rdvId: string,
	options: { expectedVersion?: number; now?: Date } = {}
): Promise<BookingResult> {
	return cancelRdv(rdvId, { kind: 'usager', usagerId }, 'excused', options);
}
