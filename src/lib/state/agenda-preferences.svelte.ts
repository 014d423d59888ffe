/**
 * What the agenda remembers per organisation in this browser: the last view, the agendas shown, whether
 * Saturdays and cancelled RDVs show. Stored in localStorage (nothing personal: ids and choices); anything
 * unreadable or stale (an agent no longer visible, a view that no longer exists) falls back to the defaults.
 */
import { AGENDA_VIEWS, type AgendaView } from '$lib/components/agenda/agenda-actions';

export interface AgendaPreferencesValue {
	view: AgendaView;
	agentIds: string[];
	saturday: boolean;
	cancelled: boolean;
}

/** At most this many agendas side by side (the feed accepts more, the columns would not be readable). */
export const MAX_SHOWN_AGENTS = 12;

/** The stored value, checked field by field against what the page offers now. */
export function parsePreferences(
	raw: string | null,
	options: { visibleAgentIds: readonly string[]; defaults: AgendaPreferencesValue }
): AgendaPreferencesValue {
	const { defaults } = options;
	let stored: Record<string, unknown> = {};
	try {
		const parsed: unknown = raw ? JSON.parse(raw) : {};
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed as Record<string, unknown>;
	} catch {
		stored = {};
	}
	const view = AGENDA_VIEWS.includes(stored.view as AgendaView) ? (stored.view as AgendaView) : defaults.view;
	const agentIds = Array.isArray(stored.agentIds)
		? stored.agentIds.filter(
				(id, i, all): id is string => options.visibleAgentIds.includes(id as string) && all.indexOf(id) === i
			)
		: [];
	return {
		view,
		agentIds: agentIds.length > 0 ? agentIds.slice(0, MAX_SHOWN_AGENTS) : defaults.agentIds,
		saturday: typeof stored.saturday === 'boolean' ? stored.saturday : defaults.saturday,
		cancelled: typeof stored.cancelled === 'boolean' ? stored.cancelled : defaults.cancelled
	};
}

export const preferencesKey = (organisationId: string) => `guichet.agenda.${organisationId}`;

/** The agenda's choices as runes state; `save()` writes them back (call it after a change). */
export class AgendaPreferences {
	view = $state<AgendaView>('timeGridWeek');
	agentIds = $state<string[]>([]);
	saturday = $state(true);
	cancelled = $state(false);
	#key: string;

	constructor(organisationId: string, value: AgendaPreferencesValue) {
		this.#key = preferencesKey(organisationId);
		this.view = value.view;
		this.agentIds = value.agentIds;
		this.saturday = value.saturday;
		this.cancelled = value.cancelled;
	}

	/** Reads the stored choices (browser only). */
	static load(
		organisationId: string,
		options: { visibleAgentIds: readonly string[]; defaults: AgendaPreferencesValue }
	): AgendaPreferences {
		let raw: string | null = null;
		try {
			raw = localStorage.getItem(preferencesKey(organisationId));
		} catch {
			raw = null; // storage disabled: the defaults, every time
		}
		return new AgendaPreferences(organisationId, parsePreferences(raw, options));
	}

	save(): void {
		const value: AgendaPreferencesValue = {
			view: this.view,
			agentIds: this.agentIds,
			saturday: this.saturday,
			cancelled: this.cancelled
		};
		try {
			localStorage.setItem(this.#key, JSON.stringify(value));
		} catch {
			// Private browsing or a full storage: the choices last as long as the page.
		}
	}
}
