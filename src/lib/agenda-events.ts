/**
 * Turns the RDVs of an agenda into FullCalendar events (pure: used by the events endpoint, tested alone).
 * The title says what the agent needs at a glance — motif and participants — and, for RDVs that no longer take
 * place, a word that says so: colour and strike-through alone would not reach screen-reader users.
 */
import type { RdvStatus } from './domain/types';

export interface AgendaRdvInput {
	id: string;
	organisationId: string;
	/** ISO instants. */
	startsAt: string;
	endsAt: string;
	status: RdvStatus;
	motif: { name: string; color: string };
	participants: { firstName: string; lastName: string }[];
	/** Collective RDVs show their title instead of a list of participants. */
	collectiveTitle?: string;
}

/** An event as the app's FullCalendar calendars take it: instants, a colour and the text colour that reads on it. */
export interface CalendarEvent<Props> {
	id: string;
	title: string;
	start: string;
	end: string;
	color: string;
	contrastColor: string;
	className: string;
	/** The page the event opens: FullCalendar then draws it as a link (a click and Enter follow it). */
	url?: string;
	extendedProps: Props;
}

export type AgendaEvent = CalendarEvent<{ status?: RdvStatus }>;

/** The RDV page's words (domain/rdv-status.ts, lower-cased; the spec holds them equal), without its module in the bundle. */
const STATUS_SUFFIX: Partial<Record<RdvStatus, string>> = {
	excused: 'annulé par l’usager',
	revoked: 'annulé par le service',
	noshow: 'absent non excusé'
};

/** Fallback when a motif colour is missing or not a #rrggbb value. */
export const DEFAULT_EVENT_COLOR = '#000091';

const HEX_COLOR = /^#([0-9a-f]{6})$/i;

/** `color` when it is a #rrggbb value, the default blue otherwise. */
export function eventColor(color: string | undefined): string {
	return color && HEX_COLOR.test(color) ? color : DEFAULT_EVENT_COLOR;
}

/** Black or white, whichever reads better on `color` (WCAG relative luminance). */
export function contrastTextColor(color: string): string {
	const match = HEX_COLOR.exec(color);
	if (!match) return '#ffffff';
	const channel = (i: number) => {
		const c = Number.parseInt(match[1].slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
	// Contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05): pick the larger.
	return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

export function agendaEventTitle(rdv: Pick<AgendaRdvInput, 'status' | 'motif' | 'participants' | 'collectiveTitle'>) {
	const who = rdv.collectiveTitle ?? rdv.participants.map((p) => `${p.firstName} ${p.lastName}`).join(', ');
	const suffix = STATUS_SUFFIX[rdv.status];
	return [rdv.motif.name, who].filter(Boolean).join(' · ') + (suffix ? ` (${suffix})` : '');
}

/** The back-office page of an RDV. */
export const rdvPagePath = (rdv: Pick<AgendaRdvInput, 'id' | 'organisationId'>) =>
	`/agents/org/${rdv.organisationId}/rdvs/${rdv.id}`;

export function toAgendaEvent(rdv: AgendaRdvInput): AgendaEvent {
	const color = eventColor(rdv.motif.color);
	return {
		id: rdv.id,
		title: agendaEventTitle(rdv),
		start: rdv.startsAt,
		end: rdv.endsAt,
		color,
		contrastColor: contrastTextColor(color),
		className: `rdv-event rdv-status-${rdv.status}`,
		url: rdvPagePath(rdv),
		extendedProps: { status: rdv.status }
	};
}

/** Colour of RDVs shown only as busy time (DSFR grey). */
export const BUSY_EVENT_COLOR = '#929292';

/**
 * An RDV on a visible agenda whose motif the viewer may not see (another service's): only the busy time shows,
 * without motif or names, and no link (its page would answer 403). Cancelled ones free the time, so they are left out (null).
 */
export function toBusyEvent(rdv: Pick<AgendaRdvInput, 'id' | 'startsAt' | 'endsAt' | 'status'>): AgendaEvent | null {
	if (rdv.status === 'excused' || rdv.status === 'revoked') return null;
	return {
		id: rdv.id,
		title: 'Occupé',
		start: rdv.startsAt,
		end: rdv.endsAt,
		color: BUSY_EVENT_COLOR,
		contrastColor: contrastTextColor(BUSY_EVENT_COLOR),
		className: 'rdv-event rdv-busy',
		extendedProps: {}
	};
}
