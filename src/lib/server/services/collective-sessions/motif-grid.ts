/**
 * Collective sessions of a motif for agents (Trouver un RDV): every session still to come in a 7-day grid, full
 * ones included, with the first open one ahead when the week has none. Sessions are loaded by the créneaux
 * loader (one equality per ISO week and the motif); what an agent may see is decided here.
 */
import { GRID_DAYS } from '../../../domain/creneaux-grid.ts';
import { canSeeMotif, canSeeRdv } from '../../../domain/permissions.ts';
import {
	agentSessions,
	nextOpenSession,
	sessionWeekGrid,
	type GridSession,
	type SessionGridDay
} from '../../../domain/session-grid.ts';
import { NEXT_AVAILABILITY_MONTHS } from '../../../domain/slots.ts';
import { isAcceptedDay } from '../../../domain/calendar-day.ts';
import { addDays, addMonths } from '../../../domain/time.ts';
import type { AgentPrincipal, TerritoryTimeZone } from '../../../domain/types.ts';
import { loadAvailabilityInput } from '../creneaux.ts';

export interface MotifSessionsQuery {
	organisationId: string;
	motifId: string;
	/** First local day of the grid. */
	from: string;
	agentIds?: string[];
	lieuIds?: string[];
	viewer: AgentPrincipal;
	now?: Date;
}

export interface MotifSessionsResult {
	timeZone: TerritoryTimeZone;
	days: SessionGridDay[];
	/** The first session with a seat left after the grid, within six months; only when the grid has none open. */
	next: GridSession | null;
}

/** Sessions of a collective motif the viewer may see, in range [from, to) of local days. */
async function visibleSessions(q: MotifSessionsQuery, from: string, to: string) {
	const loaded = await loadAvailabilityInput({ organisationIds: [q.organisationId], motifId: q.motifId, from, to });
	if (!loaded || !loaded.motif.collective) return null;
	const serviceId = String(loaded.motif.serviceId);
	if (!canSeeMotif(q.viewer, { organisationId: q.organisationId, serviceId })) return null;
	const sessions = agentSessions(
		(loaded.input.sessions ?? []).filter((s) =>
			canSeeRdv(q.viewer, { organisationId: q.organisationId, serviceId, agentIds: s.agentIds })
		),
		{
			motifId: q.motifId,
			timeZone: loaded.timeZone,
			now: q.now ?? new Date(),
			agentIds: q.agentIds,
			lieuIds: q.lieuIds
		}
	);
	return { timeZone: loaded.timeZone, sessions };
}

/** The 7-day grid of a collective motif's sessions; null when the motif is unknown, individual or hidden. */
export async function listMotifSessions(q: MotifSessionsQuery): Promise<MotifSessionsResult | null> {
	if (!isAcceptedDay(q.from)) return null;
	const to = addDays(q.from, GRID_DAYS);
	const week = await visibleSessions(q, q.from, to);
	if (!week) return null;
	let next: GridSession | null = null;
	if (!week.sessions.some((s) => !s.full)) {
		const ahead = await visibleSessions(q, to, addMonths(q.from, NEXT_AVAILABILITY_MONTHS));
		next = ahead ? nextOpenSession(ahead.sessions, to) : null;
	}
	return { timeZone: week.timeZone, days: sessionWeekGrid(week.sessions, q.from), next };
}
