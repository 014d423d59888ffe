/**
 * What frames the agents' days in the agenda, behind their RDVs: their plages d'ouverture (in every organisation:
 * another organisation's show greyed and unnamed, as the plage preview does), their absences (agent-wide) and the
 * public holidays that close the organisation's agendas. Plages and absences are selected by an equality (the
 * organisation's plages, each agent's absences, and by agent the plages of members who also work elsewhere) and,
 * when the caller passes the organisation's stamps, kept per node until a write bumps them (db/stamps.ts), as the
 * availability searches do; their occurrences are expanded in code over the requested days only.
 */
import type { BackgroundBlock } from '../../../agenda-feed.ts';
import { closingHolidaysBetween } from '../../../domain/holidays.ts';
import { addDays, localDay, toInstant } from '../../../domain/local-time.ts';
import { shownPlageTitle } from '../../../domain/plage-checks.ts';
import { occurrences } from '../../../domain/recurrence.ts';
import type { OrganisationDto } from '../../../domain/dto.ts';
import { Absence, type AbsenceFields } from '../../db/models/absence.ts';
import { PlageOuverture, type PlageOuvertureFields } from '../../db/models/plage-ouverture.ts';
import { StampedCache } from '../../db/stamped-cache.ts';
import type { Lean } from '../mappers.ts';
import { toAbsenceDto } from '../absences.ts';
import { toPlageDto } from '../plages.ts';

export interface BackgroundQuery {
	organisation: Pick<OrganisationDto, 'id' | 'timeZone' | 'departementNumber' | 'allowWorkOnHolidays'>;
	agentIds: string[];
	from: Date;
	to: Date;
	/** The organisation's stamps and which agents also belong to other organisations: reads then go through the caches. */
	cached?: { plagesStamp: string; absencesStamp: string; elsewhere: ReadonlySet<string> };
}

type PlageRow = Lean<PlageOuvertureFields>;
type AbsenceRow = Lean<AbsenceFields>;
/** Per-node caches keyed by organisation, valid while its `plages` / `absences` stamp stays the same. */
const plageCache = new StampedCache<PlageRow[]>();
const absenceCache = new StampedCache<Map<string, AbsenceRow[]>>();

/**
 * The agents' plages in every organisation. Cached: the organisation's own (one query, bumped by any write of
 * them), plus the plages elsewhere of agents who work in other organisations too, read by agent (another
 * organisation's writes do not bump this one's stamp).
 */
async function plageDocs({ organisation, agentIds, cached }: BackgroundQuery): Promise<PlageRow[]> {
	if (!cached) return (await Promise.all(agentIds.map((agentId) => PlageOuverture.find({ agentId }).lean()))).flat();
	const wanted = new Set(agentIds);
	const [own, elsewhere] = await Promise.all([
		plageCache.get(organisation.id, cached.plagesStamp, () =>
			PlageOuverture.find({ organisationId: organisation.id }).lean()
		),
		Promise.all(
			agentIds.filter((id) => cached.elsewhere.has(id)).map((agentId) => PlageOuverture.find({ agentId }).lean())
		)
	]);
	return [
		...own.filter((p) => wanted.has(String(p.agentId))),
		...elsewhere.flat().filter((p) => String(p.organisationId) !== organisation.id)
	];
}

/**
 * The agents' absences (agent-wide). Cached per organisation under its `absences` stamp, which any absence write of
 * one of its members bumps; an agent not in the cache yet is read by one equality query.
 */
async function absenceDocs({ organisation, agentIds, cached }: BackgroundQuery): Promise<AbsenceRow[]> {
	const byAgent = cached
		? await absenceCache.get(organisation.id, cached.absencesStamp, async () => new Map())
		: new Map<string, AbsenceRow[]>();
	const missing = agentIds.filter((id) => !byAgent.has(id));
	const loaded = await Promise.all(missing.map((agentId) => Absence.find({ agentId }).lean()));
	missing.forEach((id, i) => byAgent.set(id, loaded[i]!));
	return agentIds.flatMap((id) => byAgent.get(id) ?? []);
}

const overlaps = (start: Date, end: Date, from: Date, to: Date) => start < to && end > from;

/** Local days of [from, to) in a zone, widened by a day on each side (entries in other zones, long absences). */
function dayRange(from: Date, to: Date, timeZone: string) {
	return { first: addDays(localDay(from, timeZone), -1), end: addDays(localDay(to, timeZone), 2) };
}

async function plageBlocks(query: BackgroundQuery): Promise<BackgroundBlock[]> {
	const { organisation, from, to } = query;
	return (await plageDocs(query)).flatMap((doc) => {
		const plage = toPlageDto(doc);
		const days = dayRange(from, to, plage.timeZone);
		const foreign = plage.organisationId !== organisation.id;
		return occurrences(plage, days.first, days.end).flatMap((o) => {
			const start = toInstant(o.day, o.startTime, plage.timeZone);
			const end = toInstant(o.day, o.endTime, plage.timeZone);
			if (!overlaps(start, end, from, to)) return [];
			return [
				{
					kind: 'plage' as const,
					id: `plage-${plage.id}-${o.day}`,
					agentIds: [plage.agentId],
					title: shownPlageTitle(plage, organisation.id),
					start: start.toISOString(),
					end: end.toISOString(),
					...(foreign ? { foreign: true } : {})
				}
			];
		});
	});
}

async function absenceBlocks(query: BackgroundQuery): Promise<BackgroundBlock[]> {
	const { from, to } = query;
	return (await absenceDocs(query)).flatMap((doc) => {
		const absence = toAbsenceDto(doc);
		const days = dayRange(from, to, absence.timeZone);
		// A one-off absence runs from its first day's start to its last day's end; a recurring one is one block per day.
		const spans = absence.recurrence
			? occurrences(absence, days.first, days.end).map((o) => ({ day: o.day, first: o.day, last: o.day }))
			: [{ day: absence.firstDay, first: absence.firstDay, last: absence.endDay }];
		return spans.flatMap(({ day, first, last }) => {
			const start = toInstant(first, absence.startTime, absence.timeZone);
			const end = toInstant(last, absence.endTime, absence.timeZone);
			if (!overlaps(start, end, from, to)) return [];
			return [
				{
					kind: 'absence' as const,
					id: `absence-${absence.id}-${day}`,
					agentIds: [absence.agentId],
					title: `Indisponible : ${absence.title}`,
					start: start.toISOString(),
					end: end.toISOString()
				}
			];
		});
	});
}

function holidayBlocks({ organisation, agentIds, from, to }: BackgroundQuery): BackgroundBlock[] {
	const days = dayRange(from, to, organisation.timeZone);
	return closingHolidaysBetween(organisation, days.first, days.end).flatMap((holiday) => {
		const start = toInstant(holiday.day, '00:00', organisation.timeZone);
		const end = toInstant(addDays(holiday.day, 1), '00:00', organisation.timeZone);
		if (!overlaps(start, end, from, to)) return [];
		return [
			{
				kind: 'holiday' as const,
				id: `holiday-${holiday.day}`,
				agentIds,
				title: `Jour férié : ${holiday.name}`,
				start: start.toISOString(),
				end: end.toISOString()
			}
		];
	});
}

/** Plages, absences and holidays of the agents over [from, to), as background blocks. */
export async function listAgendaBackgrounds(query: BackgroundQuery): Promise<BackgroundBlock[]> {
	const [plages, absences] = await Promise.all([plageBlocks(query), absenceBlocks(query)]);
	return [...holidayBlocks(query), ...absences, ...plages];
}
