/**
 * Presence (issue 17, « Presence and conflicts »): who looks at an agenda or an RDV page, and who has an RDV's
 * edit form open. Pure: the realtime server (src/lib/server/realtime/presence.ts) validates targets and builds the
 * states with it, and the browser computes the same keys to recognise the states of what it shows. Relative
 * imports only (the server entry loads this outside Vite).
 *
 * Only agents' names travel: presence never carries anything about an usager.
 */
import type { RdvCardPerson } from './rdv-card.ts';
import type { PresenceState, PresenceTarget } from './realtime.ts';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const isId = (value: unknown): value is string => typeof value === 'string' && OBJECT_ID.test(value);

/**
 * The target a client sent, checked field by field (a socket message is untrusted input); null when malformed.
 * Ids are lower-cased so that two spellings of one id share a key.
 */
export function parsePresenceTarget(raw: unknown): PresenceTarget | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const target = raw as Record<string, unknown>;
	if (!isId(target.organisationId)) return null;
	const organisationId = target.organisationId.toLowerCase();
	if (target.kind === 'agenda' && isId(target.agentId))
		return { kind: 'agenda', organisationId, agentId: target.agentId.toLowerCase() };
	if (target.kind === 'rdv' && isId(target.rdvId) && typeof target.editing === 'boolean')
		return { kind: 'rdv', organisationId, rdvId: target.rdvId.toLowerCase(), editing: target.editing };
	return null;
}

/**
 * The key of what a target looks at. An RDV's page and its edit form share one key (editing is a flag of the
 * agent, not another target): those on the page see who edits it.
 */
export function presenceKey(target: PresenceTarget): string {
	return target.kind === 'agenda'
		? `agenda:${target.organisationId}:${target.agentId}`
		: `rdv:${target.organisationId}:${target.rdvId}`;
}

/** The organisation of a presence key. */
export const presenceOrganisation = (key: string): string => key.split(':')[1] ?? '';

/** What one tab (socket) says about itself: the key it looks at, whether it edits, and its agent's name. */
export interface PresenceEntry {
	key: string;
	editing: boolean;
	agent: RdvCardPerson;
}

const byName = (a: RdvCardPerson, b: RdvCardPerson) =>
	a.lastName.localeCompare(b.lastName, 'fr') ||
	a.firstName.localeCompare(b.firstName, 'fr') ||
	a.id.localeCompare(b.id);

/**
 * The agents present on `key`, from the entries of every tab in its room (entries of another key are ignored: a
 * tab that just moved on). Several tabs of one agent count once, editing if any of them edits; sorted by name so
 * that every viewer sees the same order.
 */
export function presenceState(key: string, entries: readonly (PresenceEntry | undefined)[]): PresenceState {
	const agents = new Map<string, PresenceState['agents'][number]>();
	for (const entry of entries) {
		if (!entry || entry.key !== key) continue;
		const known = agents.get(entry.agent.id);
		if (known) known.editing ||= entry.editing;
		else
			agents.set(entry.agent.id, {
				id: entry.agent.id,
				firstName: entry.agent.firstName,
				lastName: entry.agent.lastName,
				editing: entry.editing
			});
	}
	return { key, agents: [...agents.values()].sort(byName) };
}

/** « Camille Durand » (or the part that is set). */
export const personName = (p: Pick<RdvCardPerson, 'firstName' | 'lastName'>) => `${p.firstName} ${p.lastName}`.trim();

/** « CD » for Camille Durand; one letter when only one name is set, « ? » when none. */
export function initials(p: Pick<RdvCardPerson, 'firstName' | 'lastName'>): string {
	const letters = [p.firstName, p.lastName].map((n) => n.trim().charAt(0).toLocaleUpperCase('fr')).join('');
	return letters || '?';
}
