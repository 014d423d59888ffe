/**
 * An usager moves one of their RDVs (or a relative's) online: the grid of the same motif and lieu as the funnel's,
 * restricted to the RDV's agents (an usager moves the time, never the agents: booking/move.ts), then the booking
 * service's usager path, which re-checks everything (rights, 48-hour limit, booking window, free time, claims).
 */
import { dayError } from '../../../domain/calendar-day.ts';
import { localDay } from '../../../domain/local-time.ts';
import type { PublicGridDto } from '../../../domain/public-booking.ts';
import { moveRdv, type BookingResult } from '../booking/index.ts';
import { publicGrid } from '../public-booking/index.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { getUsagerRdv, type UsagerSpaceRdv } from './rdvs.ts';

export type MoveGridResult =
	| { ok: true; rdv: UsagerSpaceRdv; grid: PublicGridDto | null }
	| { ok: false; code: 'not_found' }
	| { ok: false; code: 'forbidden'; rdv: UsagerSpaceRdv; message: string };

/** The RDV and the week of slots it may move to, from `from` (a local day; the grid's first week by default). */
export async function usagerMoveGrid(
	usagerId: string,
	rdvId: string,
	from: string | undefined,
	now = new Date()
): Promise<MoveGridResult> {
	const rdv = await getUsagerRdv(usagerId, rdvId, now);
	if (!rdv) return { ok: false, code: 'not_found' };
	if (!rdv.actions.move.allowed) return { ok: false, code: 'forbidden', rdv, message: rdv.actions.move.reason.message };
	const agents = await Rdv.findById(rdvId, { agentIds: 1 }).lean();
	const grid = await publicGrid({
		organisationId: rdv.organisation.id,
		motifId: rdv.motif.id,
		lieuId: rdv.lieu?.id,
		agentIds: (agents?.agentIds ?? []).map(String),
		// A day the grid cannot start on (malformed, out of range) starts at today, like no day at all.
		from: from && !dayError(from) ? from : localDay(now, rdv.timeZone),
		audience: 'usager',
		now,
		// Personal and rare: always the current free time, never a few-seconds-old copy.
		fresh: true
	});
	return { ok: true, rdv, grid };
}

/** Moves the RDV to `startsAt` (a slot of the grid) as the usager. */
export function moveUsagerRdv(
	usagerId: string,
	rdvId: string,
	input: { startsAt: string; expectedVersion?: number },
	now = new Date()
): Promise<BookingResult> {
	return moveRdv(
		rdvId,
		{ startsAt: input.startsAt, expectedVersion: input.expectedVersion },
		{ kind: 'usager', usagerId },
		now
	);
}
