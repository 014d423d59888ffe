/**
 * Today's board of one organisation: its RDV cards of the day (the organisation-day read model: one document
 * rather than every RDV), its members and their open time today (plages of this organisation minus absences and
 * closing holidays, from the agenda's background computation under the organisation's stamps), summed up by
 * the pure domain/board.ts — which the browser runs again after each live message.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { computeBoard, openMinutes, type Board, type BoardAgent, type Span } from '../../../domain/board.ts';
import type { OrganisationDto } from '../../../domain/dto.ts';
import { addDays, localDay } from '../../../domain/local-time.ts';
import { boardCardOf, type BoardCard, type RdvCardPerson } from '../../../domain/rdv-card.ts';
import { dayRangeToInstants } from '../../../domain/time.ts';
import { Organisation, type OrganisationFields } from '../../db/models/organisation.ts';
import { Territory, type TerritoryFields } from '../../db/models/territory.ts';
import { listAgendaBackgrounds } from '../agenda/backgrounds.ts';
import { toOrganisationDto, type Lean } from '../mappers.ts';
import { cachedMembers } from '../organisation-members.ts';
import { stampsOf, type OrganisationStamps } from '../../db/stamps.ts';
import { readDayCards } from '../rdv-cards/index.ts';

/** What a board is computed from: the browser holds the same and recomputes after each message. */
export interface BoardData {
	organisation: Pick<OrganisationDto, 'id' | 'name' | 'territoryId' | 'timeZone'>;
	day: string;
	/** Epoch milliseconds of the local day's bounds. */
	dayStart: number;
	dayEnd: number;
	cards: BoardCard[];
	agents: BoardAgent[];
}

export interface OrganisationBoard extends BoardData {
	board: Board;
}

export interface LoadedOrganisation {
	organisation: OrganisationDto;
	stamps: OrganisationStamps;
}

/** One organisation by id with its territory's settings and its change stamps; null when unknown. */
export async function loadBoardOrganisation(organisationId: string): Promise<LoadedOrganisation | null> {
	if (!isObjectIdOrHexString(organisationId)) return null;
	const org = await Organisation.findById(organisationId).lean();
	if (!org) return null;
	const territory = await Territory.findById(org.territoryId).lean();
	return territory ? withStamps(org, territory) : null;
}

export function withStamps(org: Lean<OrganisationFields>, territory: Lean<TerritoryFields>): LoadedOrganisation {
	return {
		organisation: toOrganisationDto(org, territory),
		stamps: stampsOf(org)
	};
}

/** Each member's open minutes on the day (this organisation's plages only: the board is about its own time). */
async function openTimes(
	{ organisation, stamps }: LoadedOrganisation,
	members: RdvCardPerson[],
	day: { start: number; end: number }
): Promise<BoardAgent[]> {
	if (members.length === 0) return [];
	const blocks = await listAgendaBackgrounds({
		organisation,
		agentIds: members.map((m) => m.id),
		from: new Date(day.start),
		to: new Date(day.end),
		// No `elsewhere`: plages in other organisations are not read.
		cached: { plagesStamp: stamps.plages, absencesStamp: stamps.absences, elsewhere: new Set() }
	});
	const open = new Map<string, Span[]>();
	const closed = new Map<string, Span[]>();
	for (const block of blocks) {
		if (block.kind === 'plage' && block.foreign) continue;
		const span = { start: Date.parse(block.start), end: Date.parse(block.end) };
		const into = block.kind === 'plage' ? open : closed;
		for (const agentId of block.agentIds) into.set(agentId, [...(into.get(agentId) ?? []), span]);
	}
	return members.map((m) => ({ ...m, openMinutes: openMinutes(open.get(m.id) ?? [], closed.get(m.id) ?? [], day) }));
}

/** The organisation's local day of `now` and its bounds. */
export function boardDay(timeZone: string, now: Date) {
	const day = localDay(now, timeZone);
	const { start, end } = dayRangeToInstants(day, addDays(day, 1), timeZone);
	return { day, start, end };
}

/** Today's board data of a loaded organisation (no authorization: callers check canSuperviseOrganisation). */
export async function boardData(loaded: LoadedOrganisation, now: Date): Promise<BoardData> {
	const { organisation, stamps } = loaded;
	const { day, start, end } = boardDay(organisation.timeZone, now);
	const [cards, members] = await Promise.all([
		readDayCards(organisation.id, [day], { stamps }),
		cachedMembers(organisation.id, stamps.members).then((m) => [...m.values()])
	]);
	const agents = await openTimes(loaded, members, { start, end });
	return {
		organisation: {
			id: organisation.id,
			name: organisation.name,
			territoryId: organisation.territoryId,
			timeZone: organisation.timeZone
		},
		day,
		dayStart: start,
		dayEnd: end,
		cards: cards.map(boardCardOf),
		agents
	};
}

export function boardOf(data: BoardData, now: Date): Board {
	return computeBoard({ ...data, now });
}
