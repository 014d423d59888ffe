/**
 * « Dupliquer » a collective session: a new session of the same motif, lieu (or address), agents, title, seats,
 * duration and note at another time, without its participants. It goes through the booking service like any new
 * session, so the agents' time is claimed (no double booking) and its warnings come back to be confirmed.
 */
import type { SessionAgent } from '../../../domain/types.ts';
import { bookRdv, getRdv, type BookingResult } from '../booking/index.ts';

export interface DuplicateSessionInput {
	/** The copy's start (an instant). */
	startsAt: string | Date;
	/** The agent confirmed the warnings (overlap, absence, start in the past…). */
	confirm?: boolean;
}

export async function duplicateSession(
	agent: SessionAgent,
	organisationId: string,
	sessionId: string,
	input: DuplicateSessionInput,
	now = new Date()
): Promise<BookingResult> {
	const session = await getRdv(sessionId, agent);
	// Another organisation's session, an individual RDV or one out of sight answer like an unknown id.
	if (!session || session.organisationId !== organisationId || !session.collective)
		return { ok: false, code: 'not_found', message: 'Séance introuvable.' };
	return bookRdv(
		{
			organisationId,
			motifId: session.motifId,
			startsAt: input.startsAt,
			durationMinutes: session.durationMinutes,
			lieuId: session.lieuId,
			singleUseAddress: session.singleUseAddress,
			agentIds: session.agentIds,
			usagerIds: [],
			context: session.context,
			title: session.title,
			maxParticipants: session.maxParticipants,
			confirm: input.confirm
		},
		{ kind: 'agent', agent },
		now
	);
}
