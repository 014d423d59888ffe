/**
 * Collective sessions as agents see them in Trouver un RDV: every active session of the motif in the 7-day grid,
 * full ones included (shown disabled, so the agent knows the session exists), with their seats left. The usager
 * view (slots.ts findCollectiveSessions) leaves full sessions out instead.
 */
import { GRID_DAYS } from './creneaux-grid.ts';
import type { CollectiveSessionDto } from './dto.ts';
import { addDays, compareDays } from './local-time.ts';
import { isActiveRdvStatus, type CollectiveSessionInput } from './slots.ts';
import { instantToZoned, toEpochMs, type InstantLike } from './time.ts';

/** A session of the grid: the API's session with seats left, plus whether it is full. */
export interface GridSession extends CollectiveSessionDto {
	full: boolean;
}

export interface SessionGridDay {
	day: string;
	sessions: GridSession[];
}

export interface SessionFilter {
	motifId: string;
	timeZone: string;
	now: InstantLike;
	/** Only sessions held by one of these agents (none: every agent). */
	agentIds?: readonly string[];
	/** Only sessions at one of these lieux (none: every lieu). */
	lieuIds?: readonly string[];
}

/** The sessions an agent may still fill: active, not over, of the motif, matching the filters; by start. */
export function agentSessions(sessions: readonly CollectiveSessionInput[], filter: SessionFilter): GridSession[] {
	const now = toEpochMs(filter.now);
	const agents = filter.agentIds?.length ? new Set(filter.agentIds) : null;
	const lieux = filter.lieuIds?.length ? new Set(filter.lieuIds) : null;
	return sessions
		.filter(
			(s) =>
				s.motifId === filter.motifId &&
				isActiveRdvStatus(s.status) &&
				toEpochMs(s.endsAt) > now &&
				(!agents || s.agentIds.some((a) => agents.has(a))) &&
				(!lieux || lieux.has(s.lieuId ?? ''))
		)
		.sort((a, b) => toEpochMs(a.startsAt) - toEpochMs(b.startsAt) || a.id.localeCompare(b.id))
		.map((s) => {
			const local = instantToZoned(s.startsAt, filter.timeZone);
			const seatsLeft = s.maxParticipants == null ? null : Math.max(0, s.maxParticipants - s.participantCount);
			return {
				rdvId: s.id,
				agentIds: [...s.agentIds],
				...(s.lieuId ? { lieuId: s.lieuId } : {}),
				startsAt: new Date(toEpochMs(s.startsAt)).toISOString(),
				endsAt: new Date(toEpochMs(s.endsAt)).toISOString(),
				day: local.day,
				time: local.time,
				seatsLeft,
				full: seatsLeft === 0
			};
		});
}

/** The grid's `GRID_DAYS` columns from `from`, each with its sessions by start. */
export function sessionWeekGrid(sessions: readonly GridSession[], from: string): SessionGridDay[] {
	const days: SessionGridDay[] = Array.from({ length: GRID_DAYS }, (_, i) => ({ day: addDays(from, i), sessions: [] }));
	const byDay = new Map(days.map((d) => [d.day, d]));
	for (const s of sessions) byDay.get(s.day)?.sessions.push(s);
	return days;
}

/** The first session with a seat left on or after local day `from`. */
export function nextOpenSession(sessions: readonly GridSession[], from: string): GridSession | null {
	return sessions.find((s) => !s.full && compareDays(s.day, from) >= 0) ?? null;
}

/** '3 places restantes', '1 place restante', 'Complet', or 'Places illimitées'. */
export function seatsLabel(seatsLeft: number | null): string {
	if (seatsLeft === null) return 'Places illimitées';
	if (seatsLeft <= 0) return 'Complet';
	return seatsLeft === 1 ? '1 place restante' : `${seatsLeft} places restantes`;
}

/** The creation form's query (rdvs/nouveau): join session `sessionId`, or create a session from `day`. */
export function sessionFormQuery(q: { motifId: string; sessionId?: string; day?: string; retour: string }): string {
	const p = new URLSearchParams({ motif: q.motifId });
	if (q.sessionId) p.set('seance', q.sessionId);
	else if (q.day) p.set('jour', q.day);
	p.set('retour', q.retour);
	return p.toString();
}
