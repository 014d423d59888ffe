import { RDV_STATUS_LABELS } from '../../domain/rdv-status.ts';
import type { RdvStatus } from '../../domain/types.ts';

/** The RDV list's state as URL query parameters (French names, as the form submits them). */
export interface RdvListFilters {
	agentId?: string;
	usagerId?: string;
	motifId?: string;
	lieuId?: string;
	status?: string;
	from: string;
	to: string;
	cursor?: string;
}

const PARAMS: [keyof RdvListFilters, string][] = [
	['agentId', 'agent'],
	['usagerId', 'usager'],
	['motifId', 'motif'],
	['lieuId', 'lieu'],
	['status', 'statut'],
	['from', 'du'],
	['to', 'au'],
	['cursor', 'curseur']
];

/**
 * The query string of the list with `patch` applied. Any change of filter drops the cursor: a cursor is a
 * position in one result order, and another filter starts from its first page.
 */
export function listQuery(filters: RdvListFilters, patch: Partial<RdvListFilters> = {}): string {
	const next: Partial<RdvListFilters> = { ...filters, cursor: undefined, ...patch };
	const search = new URLSearchParams();
	for (const [key, name] of PARAMS) {
		const value = next[key];
		if (value) search.set(name, value);
	}
	return search.toString();
}

/** Items of a day list grouped by agent (an RDV with two agents is on both sheets), agents in name order. */
export function sheetsByAgent<T extends { agents: { id: string; firstName: string; lastName: string }[] }>(
	items: T[]
): { agent: { id: string; firstName: string; lastName: string }; items: T[] }[] {
	const sheets = new Map<string, { agent: T['agents'][number]; items: T[] }>();
	for (const item of items)
		for (const agent of item.agents) {
			const sheet = sheets.get(agent.id) ?? { agent, items: [] as T[] };
			sheet.items.push(item);
			sheets.set(agent.id, sheet);
		}
	return [...sheets.values()].sort(
		(a, b) =>
			a.agent.lastName.localeCompare(b.agent.lastName, 'fr') || a.agent.firstName.localeCompare(b.agent.firstName, 'fr')
	);
}

/** The status filter's choices (the service's RDV_LIST_STATUSES), in the order the form lists them. */
export const STATUS_FILTER_LABELS: Record<string, string> = {
	a_renseigner: 'À renseigner',
	a_venir: 'À venir',
	...RDV_STATUS_LABELS
};

/**
 * An RDV's status badge, in the RDV page's words and tones (domain/rdv-status.ts): « À renseigner » once started
 * and still unknown (`toFill`, decided by the server's clock), else « À venir », else its stored status.
 */
export function statusBadge(item: { status: RdvStatus; toFill: boolean }): { label: string; variant: string } {
	if (item.status === 'unknown')
		return item.toFill ? { label: 'À renseigner', variant: 'new' } : { label: 'À venir', variant: 'info' };
	const variant = item.status === 'seen' ? 'success' : item.status === 'noshow' ? 'error' : 'warning';
	return { label: RDV_STATUS_LABELS[item.status], variant };
}
