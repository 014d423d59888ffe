/**
 * What the agenda's events feed sends and how its entries become FullCalendar events (pure: the endpoint builds
 * them, the page reads them, specs test them alone). Besides the RDVs, the feed sends what frames an agent's
 * day as background blocks: plages d'ouverture (another organisation's greyed and unnamed), absences and public
 * holidays. Every event names the agents it belongs to, so the multi-agent day view can give each agent its
 * column without FullCalendar's (commercial) resource plugins. Relative imports: the server's services import it
 * outside Vite too (benches, scripts).
 */
import {
	agendaEventTitle,
	contrastTextColor,
	eventColor,
	rdvPagePath,
	type AgendaRdvInput,
	type CalendarEvent
} from './agenda-events.ts';
import { localTime } from './domain/local-time.ts';
import type { BusyCard, RdvCard } from './domain/rdv-card.ts';
import { isActiveRdvStatus, rdvStatusLabel } from './domain/rdv-status.ts';
import type { RdvStatus } from './domain/types.ts';

/** What the tooltip of an RDV says (and what screen readers get as its description). */
export interface RdvDetails {
	/** '09:30 – 10:00'. */
	time: string;
	motif: string;
	/** Names of the participants, or the collective session's title. */
	usagers: string;
	/** The lieu's name, the single-use address, or how the RDV takes place (phone, home). */
	lieu: string;
	/** « À venir », « Honoré », « Annulé par l’usager »… */
	status: string;
	/** Collective sessions: « 3 / 10 places ». */
	seats?: string;
	agents: string;
	/** A change pushed live: « Modifié par Camille Durand à 10:42 ». */
	changedBy?: string;
}

export type FeedEventKind = 'rdv' | 'busy' | 'plage' | 'absence' | 'holiday';

export interface FeedEventProps {
	kind: FeedEventKind;
	/** The agents whose column shows this event (every agent shown for a holiday). */
	agentIds: string[];
	status?: RdvStatus;
	/** RDVs: the version a move must carry (optimistic concurrency). */
	version?: number;
	durationMinutes?: number;
	details?: RdvDetails;
}

export interface FeedEvent extends Omit<CalendarEvent<FeedEventProps>, 'color' | 'contrastColor'> {
	color?: string;
	contrastColor?: string;
	/** 'background' for plages, absences and holidays. */
	display?: 'background';
	/** Only RDVs the viewer may change, still active, can be dragged and resized. */
	editable?: boolean;
}

export interface AgendaFeed {
	events: FeedEvent[];
	/** Whether something is on a Saturday or a Sunday of the period (Sundays show only then). */
	weekend: { saturday: boolean; sunday: boolean };
}

export interface FeedRdv extends AgendaRdvInput {
	durationMinutes: number;
	agents: { id: string; firstName: string; lastName: string }[];
	lieu?: { name: string };
	singleUseAddress?: string;
	motif: AgendaRdvInput['motif'] & { locationType?: string };
	collective: boolean;
	participantCount: number;
	maxParticipants?: number;
	version: number;
}

const LOCATION_WORDS: Record<string, string> = {
	phone: 'Par téléphone',
	home: 'À domicile',
	public_office: 'Sur place',
	visio: 'En visioconférence'
};

/** Where an RDV takes place, in words. */
export function rdvPlace(rdv: Pick<FeedRdv, 'lieu' | 'singleUseAddress' | 'motif'>): string {
	if (rdv.lieu) return rdv.lieu.name;
	if (rdv.singleUseAddress) return rdv.singleUseAddress;
	return LOCATION_WORDS[rdv.motif.locationType ?? ''] ?? 'Lieu non précisé';
}

/** « 3 / 10 places » for a collective session (« 3 participants » without a maximum). */
export function seatsText(rdv: Pick<FeedRdv, 'participantCount' | 'maxParticipants'>): string {
	return rdv.maxParticipants
		? `${rdv.participantCount} / ${rdv.maxParticipants} places`
		: `${rdv.participantCount} participant${rdv.participantCount > 1 ? 's' : ''}`;
}

/**
 * A visible RDV. `editable` says whether the viewer may drag or resize it; `statusLabel` and `time` are worded by
 * the caller (they depend on the clock and on the territory's zone).
 */
export function rdvFeedEvent(
	rdv: FeedRdv,
	options: { editable: boolean; statusLabel: string; time: string }
): FeedEvent {
	const color = eventColor(rdv.motif.color);
	const seats = rdv.collective ? seatsText(rdv) : undefined;
	const title = agendaEventTitle(rdv) + (seats ? ` (${seats})` : '');
	return {
		id: rdv.id,
		title,
		start: rdv.startsAt,
		end: rdv.endsAt,
		color,
		contrastColor: contrastTextColor(color),
		className: `rdv-event rdv-status-${rdv.status}${rdv.collective ? ' rdv-collective' : ''}`,
		url: rdvPagePath(rdv),
		editable: options.editable,
		extendedProps: {
			kind: 'rdv',
			agentIds: rdv.agents.map((a) => a.id),
			status: rdv.status,
			version: rdv.version,
			durationMinutes: rdv.durationMinutes,
			details: {
				time: options.time,
				motif: rdv.motif.name,
				usagers:
					rdv.collectiveTitle ??
					(rdv.participants.map((p) => `${p.firstName} ${p.lastName}`.trim()).join(', ') || 'Aucun participant'),
				lieu: rdvPlace(rdv),
				status: options.statusLabel,
				...(seats ? { seats } : {}),
				agents: rdv.agents.map((a) => `${a.firstName} ${a.lastName}`.trim()).join(', ')
			}
		}
	};
}

/** Colour of RDVs shown only as busy time (DSFR grey), as in $lib/agenda-events. */
const BUSY_COLOR = '#929292';

/** An RDV of a service the viewer does not see: busy time only, no motif, no names, no link, not editable. */
export function busyFeedEvent(
	rdv: Pick<FeedRdv, 'id' | 'startsAt' | 'endsAt'> & { agents: readonly { id: string }[] }
): FeedEvent {
	return {
		id: rdv.id,
		title: 'Occupé',
		start: rdv.startsAt,
		end: rdv.endsAt,
		color: BUSY_COLOR,
		contrastColor: contrastTextColor(BUSY_COLOR),
		className: 'rdv-event rdv-busy',
		editable: false,
		extendedProps: { kind: 'busy', agentIds: rdv.agents.map((a) => a.id) }
	};
}

/** A block of an agent's time that is not an RDV: drawn behind the RDVs. */
export interface BackgroundBlock {
	kind: 'plage' | 'absence' | 'holiday';
	/** Unique within the feed. */
	id: string;
	agentIds: string[];
	title: string;
	/** ISO instants. */
	start: string;
	end: string;
	/** A plage of another organisation: greyed, and titled without its name (shownPlageTitle). */
	foreign?: boolean;
}

/** Background colours (DSFR palette): open plages in light blue, what closes the agenda in greys. */
export const BACKGROUND_COLORS = {
	open: '#e3e3fd',
	foreign: '#e5e5e5',
	absence: '#cecece',
	holiday: '#cecece'
} as const;

export function backgroundFeedEvent(block: BackgroundBlock): FeedEvent {
	const tone = block.kind === 'plage' && !block.foreign ? 'open' : 'closed';
	const color =
		block.kind === 'plage' ? BACKGROUND_COLORS[block.foreign ? 'foreign' : 'open'] : BACKGROUND_COLORS[block.kind];
	return {
		id: block.id,
		title: block.title,
		start: block.start,
		end: block.end,
		display: 'background',
		color,
		contrastColor: '#161616',
		className: `agenda-background agenda-${block.kind} agenda-${tone}${block.foreign ? ' agenda-foreign' : ''}`,
		extendedProps: { kind: block.kind, agentIds: block.agentIds }
	};
}

/** The events that belong to one agent's column. */
export function eventsOfAgent<E extends { extendedProps: { agentIds: string[] } }>(events: E[], agentId: string): E[] {
	return events.filter((e) => e.extendedProps.agentIds.includes(agentId));
}

/** The details of an RDV in one sentence, for screen readers (the event's description). */
export function detailsText(d: RdvDetails): string {
	return [d.time, d.motif, d.usagers, d.lieu, `statut : ${d.status}`, d.seats, `agents : ${d.agents}`, d.changedBy]
		.filter(Boolean)
		.join(' · ');
}

/** '09:30 – 10:00' in the territory's zone (what the tooltip says of an RDV's time). */
export function rdvTimeText(rdv: Pick<FeedRdv, 'startsAt' | 'endsAt'>, timeZone: string): string {
	return `${localTime(new Date(rdv.startsAt), timeZone)} – ${localTime(new Date(rdv.endsAt), timeZone)}`;
}

/** The feed's shape of an RDV from its card (what the live planning pushes): no database read in the browser. */
export function feedRdvOfCard(card: RdvCard): FeedRdv {
	return {
		id: card.id,
		organisationId: card.organisationId,
		startsAt: card.startsAt,
		endsAt: card.endsAt,
		durationMinutes: card.durationMinutes,
		status: card.status,
		motif: { name: card.motif.name, color: card.motif.color, locationType: card.motif.locationType },
		participants: card.participants.map(({ firstName, lastName }) => ({ firstName, lastName })),
		...(card.collective && card.title ? { collectiveTitle: card.title } : {}),
		agents: card.agents,
		...(card.lieu ? { lieu: { name: card.lieu.name } } : {}),
		...(card.singleUseAddress ? { singleUseAddress: card.singleUseAddress } : {}),
		collective: card.collective,
		participantCount: card.participants.length,
		...(card.maxParticipants ? { maxParticipants: card.maxParticipants } : {}),
		version: card.version
	};
}

/**
 * The event of an RDV pushed live, as the feed would have built it: a card (the viewer may see the RDV, hence
 * may change it while it is active) or busy time. `changedBy` goes in its details (tooltip and description).
 */
export function liveFeedEvent(
	entry: { kind: 'full'; card: RdvCard } | { kind: 'busy'; busy: BusyCard },
	options: { now: Date; changedBy?: string }
): FeedEvent {
	if (entry.kind === 'busy') {
		const { busy } = entry;
		return busyFeedEvent({ ...busy, agents: busy.agentIds.map((id) => ({ id })) });
	}
	const { card } = entry;
	const event = rdvFeedEvent(feedRdvOfCard(card), {
		editable: isActiveRdvStatus(card.status),
		statusLabel: rdvStatusLabel(
			card.status,
			{ startsAt: new Date(card.startsAt), timeZone: card.timeZone },
			options.now
		),
		time: rdvTimeText(card, card.timeZone)
	});
	if (options.changedBy && event.extendedProps.details) event.extendedProps.details.changedBy = options.changedBy;
	return event;
}
