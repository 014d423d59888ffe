/**
 * The collective sessions of an organisation (« Séances »): from a local day, sorted by start, with their seats,
 * filtered by motif and « avec places restantes », cursor-paginated.
 *
 * The embedded database only pushes top-level equalities down and decodes every document it returns, so the list
 * walks the period ISO week by ISO week, each week selected by equalities the Rdv model stores — `weeks`, the
 * organisation, `collective: true`, and the motif when filtered — and refined by the start. At most
 * SCAN_BUDGET_WEEKS are read per request: a sparse filter answers a short page whose cursor resumes where the
 * scan stopped. The list covers the year from the asked day.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { dayError } from '../../../domain/calendar-day.ts';
import { addDays, isoWeek, isoWeekday, localDay, localTime, toInstant } from '../../../domain/local-time.ts';
import { canSeeRdv, organisationScope } from '../../../domain/permissions.ts';
import type { AgentPrincipal, RdvStatus } from '../../../domain/types.ts';
import { Rdv, type RdvFields } from '../../db/models/rdv.ts';
import type { Lean } from '../mappers.ts';
import { getOrganisation } from '../organisations.ts';
import { durationOf, loadRdvNames } from '../rdv-names.ts';
import { decodeCursor, walkByStart } from '../start-pages.ts';

type Viewer = Pick<AgentPrincipal, 'id' | 'roles' | 'serviceIds' | 'secretariat' | 'territorialRoles'>;

export const SESSION_PAGE_SIZE = 20;
export const SESSION_MAX_PAGE_SIZE = 100;
/** Weeks read per request before answering a short page (half the horizon: sessions are few per week). */
export const SCAN_BUDGET_WEEKS = 26;
/** The list covers this many days from the asked one. */
export const SESSION_HORIZON_DAYS = 366;

export interface SessionListQuery {
	organisationId: string;
	/** First local day (AAAA-MM-JJ) in the organisation's time zone. */
	from: string;
	motifId?: string;
	/** Only sessions with a seat left (or without maximum). */
	withSeats?: boolean;
	cursor?: string;
	limit?: number;
}

export interface SessionListItem {
	id: string;
	startsAt: string;
	endsAt: string;
	day: string;
	time: string;
	durationMinutes: number;
	status: RdvStatus;
	motif: { id: string; name: string; color: string };
	title?: string;
	lieu?: { id: string; name: string };
	singleUseAddress?: string;
	agents: { id: string; firstName: string; lastName: string }[];
	/** Participants expected (neither excused nor cancelled). */
	participantCount: number;
	maxParticipants?: number;
	/** null: no maximum. */
	seatsLeft: number | null;
	full: boolean;
}

export interface SessionListPage {
	timeZone: string;
	items: SessionListItem[];
	nextCursor: string | null;
}

/** A query the list refuses, on one of its parameters. */
export class SessionListQueryError extends Error {
	override name = 'SessionListQueryError';
	readonly field: string;
	constructor(field: string, message: string) {
		super(message);
		this.field = field;
	}
}

const PROJECTION = {
	startsAt: 1,
	endsAt: 1,
	durationMinutes: 1,
	motifId: 1,
	serviceId: 1,
	lieuId: 1,
	singleUseAddress: 1,
	agentIds: 1,
	participants: 1,
	status: 1,
	title: 1,
	maxParticipants: 1
} as const;
type ListedSession = Pick<Lean<RdvFields>, keyof typeof PROJECTION | '_id'>;

/** Participants who still come: the seats they hold. */
export const expectedParticipants = (participants: readonly { status?: string | null }[]) =>
	participants.filter((p) => p.status !== 'excused' && p.status !== 'revoked').length;

const seatsLeftOf = (s: Pick<ListedSession, 'participants' | 'maxParticipants'>) =>
	s.maxParticipants ? Math.max(0, s.maxParticipants - expectedParticipants(s.participants)) : null;

/** Monday of a local day's ISO week. */
const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));

/**
 * One page of the organisation's active sessions the viewer may see, from `from`, by start then id. Null when the
 * organisation does not exist or the viewer has no role there (answered alike). Throws SessionListQueryError on
 * an invalid day, id or cursor.
 */
export async function listSessions(viewer: Viewer, q: SessionListQuery): Promise<SessionListPage | null> {
	if (!isObjectIdOrHexString(q.organisationId)) return null;
	const scope = organisationScope(viewer, q.organisationId);
	if (scope.kind === 'none') return null;
	const organisation = await getOrganisation(q.organisationId);
	if (!organisation) return null;
	const timeZone = organisation.timeZone;
	const problem = dayError(q.from);
	if (problem) throw new SessionListQueryError('from', problem);
	if (q.motifId !== undefined && !isObjectIdOrHexString(q.motifId))
		throw new SessionListQueryError('motifId', 'Identifiant invalide : 24 caractères hexadécimaux attendus.');
	const resume = q.cursor === undefined ? null : decodeCursor(q.cursor);
	if (q.cursor !== undefined && !resume) throw new SessionListQueryError('cursor', 'Curseur de pagination invalide.');
	const limit = Math.min(Math.max(1, Math.trunc(q.limit ?? SESSION_PAGE_SIZE)), SESSION_MAX_PAGE_SIZE);

	const lo = toInstant(q.from, '00:00', timeZone).getTime();
	const hi = toInstant(addDays(q.from, SESSION_HORIZON_DAYS), '00:00', timeZone).getTime();
	const position = resume && resume.t >= lo ? resume : { t: lo, id: '' };
	if (position.t >= hi) return { timeZone, items: [], nextCursor: null };

	// Weeks from the one of the position to the horizon; each owns the sessions starting in it.
	const weeks: { key: string; lo: number; hi: number }[] = [];
	for (let monday = mondayOf(localDay(new Date(position.t), timeZone)); ; monday = addDays(monday, 7)) {
		const start = toInstant(monday, '00:00', timeZone).getTime();
		if (start >= hi) break;
		weeks.push({
			key: isoWeek(monday),
			lo: Math.max(start, position.t),
			hi: Math.min(hi, toInstant(addDays(monday, 7), '00:00', timeZone).getTime())
		});
	}

	const shared: Record<string, unknown> = { organisationId: q.organisationId, collective: true };
	if (q.motifId) shared.motifId = q.motifId;
	const keep = (s: ListedSession) =>
		s.status !== 'revoked' &&
		(s.startsAt.getTime() > position.t || (s.startsAt.getTime() === position.t && String(s._id) > position.id)) &&
		(!q.withSeats || seatsLeftOf(s) !== 0) &&
		(scope.kind === 'all' ||
			canSeeRdv(viewer, {
				organisationId: q.organisationId,
				serviceId: String(s.serviceId),
				agentIds: s.agentIds.map(String)
			}));

	const { page, nextCursor } = await walkByStart({
		buckets: weeks,
		limit,
		read: async (week) =>
			(
				await Rdv.find(
					{ ...shared, weeks: week.key, startsAt: { $gte: new Date(week.lo), $lt: new Date(week.hi) } },
					PROJECTION
				).lean<ListedSession[]>()
			).filter(keep),
		firstBatch: 2,
		maxBatch: 8,
		maxBuckets: SCAN_BUDGET_WEEKS
	});
	return { timeZone, items: await describe(q.organisationId, timeZone, page), nextCursor };
}

async function describe(organisationId: string, timeZone: string, sessions: ListedSession[]) {
	if (sessions.length === 0) return [];
	const names = await loadRdvNames(organisationId, sessions);
	return sessions.map((s): SessionListItem => {
		const seatsLeft = seatsLeftOf(s);
		return {
			id: String(s._id),
			startsAt: s.startsAt.toISOString(),
			endsAt: s.endsAt.toISOString(),
			day: localDay(s.startsAt, timeZone),
			time: localTime(s.startsAt, timeZone),
			durationMinutes: durationOf(s),
			status: s.status as RdvStatus,
			motif: names.motifOf(s),
			title: s.title || undefined,
			lieu: names.lieuOf(s),
			singleUseAddress: s.singleUseAddress || undefined,
			agents: names.agentsOf(s),
			participantCount: expectedParticipants(s.participants),
			maxParticipants: s.maxParticipants ?? undefined,
			seatsLeft,
			full: seatsLeft === 0
		};
	});
}
