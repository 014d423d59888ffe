/**
 * Collective sessions (« séances »): the 7-day grid of one motif for Trouver un RDV, the organisation's list of
 * sessions, and their duplication. Import from here only.
 */
export { listMotifSessions, type MotifSessionsQuery, type MotifSessionsResult } from './motif-grid.ts';
export {
	expectedParticipants,
	listSessions,
	SESSION_HORIZON_DAYS,
	SESSION_MAX_PAGE_SIZE,
	SESSION_PAGE_SIZE,
	SessionListQueryError,
	type SessionListItem,
	type SessionListPage,
	type SessionListQuery
} from './list.ts';
export { duplicateSession, type DuplicateSessionInput } from './duplicate.ts';
