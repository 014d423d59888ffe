/**
 * Trouver un RDV, the pure parts: the search state kept in the URL query (so a search is bookmarkable and the
 * back button works), the 7-day grid built from the engine's slots, agent colours and French day labels.
 */
import { addDays, isValidDay } from './local-time.ts';

export const GRID_DAYS = 7;

/** Everything the page shows derives from this, read from and written to the URL query. */
export interface CreneauxSearchState {
	serviceId?: string;
	motifId?: string;
	/** First day of the grid, 'YYYY-MM-DD'. */
	from: string;
	agentIds: string[];
	lieuIds: string[];
	/** The lieu whose grid is shown ('' for motifs without a lieu); undefined: only the lieu cards. */
	lieuId?: string;
	/** "Élargir la recherche": the other organisations of the territory. */
	wider: boolean;
}

const ID = /^[0-9a-f]{24}$/;
const ids = (values: string[]) => [...new Set(values.filter((v) => ID.test(v)))];
const id = (value: string | null) => (value && ID.test(value) ? value : undefined);

/** Reads the state; anything malformed is dropped rather than refused (old bookmarks keep working). */
export function parseSearchState(params: URLSearchParams, today: string): CreneauxSearchState {
	const from = params.get('date');
	const lieu = params.get('grille');
	return {
		serviceId: id(params.get('service')),
		motifId: id(params.get('motif')),
		from: from && isValidDay(from) ? from : today,
		agentIds: ids(params.getAll('agent')),
		lieuIds: ids(params.getAll('lieu')),
		lieuId: lieu === 'sans-lieu' ? '' : id(lieu),
		wider: params.get('elargir') === '1'
	};
}

/** The query string of a state (without '?'), stable in its parameter order. */
export function searchQuery(state: CreneauxSearchState): string {
	const p = new URLSearchParams();
	if (state.serviceId) p.set('service', state.serviceId);
	if (state.motifId) p.set('motif', state.motifId);
	p.set('date', state.from);
	for (const a of state.agentIds) p.append('agent', a);
	for (const l of state.lieuIds) p.append('lieu', l);
	if (state.lieuId !== undefined) p.set('grille', state.lieuId === '' ? 'sans-lieu' : state.lieuId);
	if (state.wider) p.set('elargir', '1');
	return p.toString();
}

export function withState(state: CreneauxSearchState, patch: Partial<CreneauxSearchState>): string {
	return searchQuery({ ...state, ...patch });
}

/** The creation form's query for one slot (read by rdvs/nouveau); `retour` is the search to come back to. */
export function slotQuery(slot: {
	motifId: string;
	agentId: string;
	startsAt: string;
	endsAt: string;
	lieuId?: string;
	retour: string;
}): string {
	const p = new URLSearchParams({ motif: slot.motifId, debut: slot.startsAt, fin: slot.endsAt, agent: slot.agentId });
	if (slot.lieuId) p.set('lieu', slot.lieuId);
	p.set('retour', slot.retour);
	return p.toString();
}

export interface GridSlot {
	agentId: string;
	startsAt: string;
	endsAt: string;
	time: string;
}

export interface GridDay {
	day: string;
	slots: GridSlot[];
}

/**
 * The grid's columns: `GRID_DAYS` days from `from`, each with its slots at `lieuId` ('' = slots without a lieu)
 * by time, then in the order of `agentOrder` (the search's agents), so that buttons never jump around.
 */
export function weekGrid(
	slots: readonly { agentId: string; lieuId?: string; startsAt: string; endsAt: string; day: string; time: string }[],
	from: string,
	lieuId: string,
	agentOrder: readonly string[]
): GridDay[] {
	const rank = new Map(agentOrder.map((a, i) => [a, i]));
	const days: GridDay[] = Array.from({ length: GRID_DAYS }, (_, i) => ({ day: addDays(from, i), slots: [] }));
	const byDay = new Map(days.map((d) => [d.day, d]));
	for (const s of slots) {
		if ((s.lieuId ?? '') !== lieuId) continue;
		byDay.get(s.day)?.slots.push({ agentId: s.agentId, startsAt: s.startsAt, endsAt: s.endsAt, time: s.time });
	}
	for (const d of days) {
		d.slots.sort(
			(a, b) => a.startsAt.localeCompare(b.startsAt) || (rank.get(a.agentId) ?? 0) - (rank.get(b.agentId) ?? 0)
		);
	}
	return days;
}

/**
 * Agent colours: background and text pairs from the DSFR illustrative palette, all readable (contrast ≥ 4.5:1).
 * An agent keeps its colour across weeks and lieux because it depends on its rank among the organisation's
 * agents, not among those who happen to have slots.
 */
export const AGENT_COLORS: readonly { background: string; text: string }[] = [
	{ background: '#e3e3fd', text: '#000091' },
	{ background: '#c3fad5', text: '#18753c' },
	{ background: '#fee9e5', text: '#8d533e' },
	{ background: '#fee7fc', text: '#6e445a' },
	{ background: '#e6feda', text: '#3b5f28' },
	{ background: '#feecc2', text: '#695240' },
	{ background: '#dffdf7', text: '#37635f' },
	{ background: '#fddbfa', text: '#a558a0' },
	{ background: '#fef7da', text: '#66673d' },
	{ background: '#e8edff', text: '#3558a2' }
];

export function agentColor(agentId: string, organisationAgentIds: readonly string[]) {
	const index = organisationAgentIds.indexOf(agentId);
	let h = 0;
	// Agents outside the list (another organisation) still get a stable colour.
	if (index < 0) for (const c of agentId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
	return AGENT_COLORS[(index < 0 ? h : index) % AGENT_COLORS.length];
}

const DAY_FORMAT = new Intl.DateTimeFormat('fr-FR', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});
const SHORT_DAY_FORMAT = new Intl.DateTimeFormat('fr-FR', {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});

/** '2026-11-24' → 'mardi 24 novembre 2026' (the day is a calendar day: formatted at UTC noon). */
export function formatDay(day: string): string {
	return DAY_FORMAT.format(new Date(`${day}T12:00:00Z`));
}

/** '2026-11-24' → 'mar. 24 nov.' */
export function formatShortDay(day: string): string {
	return SHORT_DAY_FORMAT.format(new Date(`${day}T12:00:00Z`));
}

/** 'HH:MM' → '9h30', as French timetables write it. */
export function formatTimeFr(time: string): string {
	const [h, m] = time.split(':');
	return `${Number(h)}h${m}`;
}
