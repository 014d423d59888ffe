/**
 * What plages d'ouverture and indisponibilités share as entries of an agent's agenda: the agent they belong to
 * (for the permission checks) and their stored recurrence. How they refuse a request: entry-refusals.ts.
 */
import { isObjectIdOrHexString } from 'mongoose';
import { compareDays, localDay } from '../../domain/local-time.ts';
import type { Recurrence } from '../../domain/recurrence.ts';
import { Agent } from '../db/models/agent.ts';
import { opt } from './result.ts';

// ---- The agent whose agenda it is ----

export interface AgendaAgent {
	id: string;
	serviceIds: string[];
	organisationIds: string[];
}

/** The agent, unless unknown or deleted. */
export async function loadAgendaAgent(agentId: string): Promise<AgendaAgent | null> {
	if (!isObjectIdOrHexString(agentId)) return null;
	const agent = await Agent.findById(agentId, { serviceIds: 1, organisationIds: 1, deletedAt: 1 }).lean();
	if (!agent || agent.deletedAt) return null;
	return { id: agentId, serviceIds: agent.serviceIds.map(String), organisationIds: agent.organisationIds.map(String) };
}

// ---- Recurrence ----

export interface RecurrenceDto {
	every: 'week' | 'month';
	interval: number;
	weekdays?: number[];
	until?: string;
}

/** The stored recurrence as the DTOs give it (null for a single day). */
export function recurrenceDto(
	r:
		| { every: RecurrenceDto['every']; interval?: number | null; weekdays?: number[] | null; until?: string | null }
		| null
		| undefined
): RecurrenceDto | null {
	return r
		? {
				every: r.every,
				interval: r.interval ?? 1,
				weekdays: r.weekdays?.length ? [...r.weekdays] : undefined,
				until: opt(r.until)
			}
		: null;
}

/** A recurrence as the models store it: weekdays only for a weekly rule, sorted once each; no empty end. */
export function normaliseRecurrence(r: Recurrence): Recurrence {
	return {
		every: r.every,
		interval: r.interval || 1,
		...(r.every === 'week' && r.weekdays?.length ? { weekdays: [...new Set(r.weekdays)].sort() } : {}),
		...(opt(r.until) ? { until: r.until } : {})
	};
}

/** Over: the entry's last occurrence (none for an endless series) is before today in its zone. */
export function isOver(entry: { lastOccurrenceDay?: string; timeZone: string }, now: Date): boolean {
	return (
		entry.lastOccurrenceDay !== undefined && compareDays(entry.lastOccurrenceDay, localDay(now, entry.timeZone)) < 0
	);
}
