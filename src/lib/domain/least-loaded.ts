/**
 * Which free agent an online booking gets (PRODUCT.md §4): the least loaded that day — booked minutes first, then
 * the number of RDVs, then the id, so the same agendas always give the same choice. Pure: the booking service
 * reads the agents' busy intervals of that local day and asks here.
 */
export interface AgentLoad {
	minutes: number;
	count: number;
}

export interface BusyInterval {
	startsAt: Date | string | number;
	endsAt: Date | string | number;
	agentIds: readonly string[];
}

/** Booked minutes and RDVs of each agent within [dayStart, dayEnd) (epoch ms); intervals are clipped to the day. */
export function dayLoads(
	agentIds: readonly string[],
	busy: readonly BusyInterval[],
	dayStart: number,
	dayEnd: number
): Map<string, AgentLoad> {
	const loads = new Map(agentIds.map((id) => [id, { minutes: 0, count: 0 }]));
	for (const b of busy) {
		const from = Math.max(new Date(b.startsAt).getTime(), dayStart);
		const to = Math.min(new Date(b.endsAt).getTime(), dayEnd);
		if (to <= from) continue;
		for (const agentId of b.agentIds) {
			const load = loads.get(agentId);
			if (!load) continue;
			load.minutes += (to - from) / 60_000;
			load.count += 1;
		}
	}
	return loads;
}

/** The agents, least loaded first (an agent missing from `loads` counts as free all day). */
export function leastLoadedFirst(agentIds: readonly string[], loads: ReadonlyMap<string, AgentLoad>): string[] {
	const of = (id: string) => loads.get(id) ?? { minutes: 0, count: 0 };
	return [...new Set(agentIds)].sort(
		(a, b) => of(a).minutes - of(b).minutes || of(a).count - of(b).count || (a < b ? -1 : a > b ? 1 : 0)
	);
}
