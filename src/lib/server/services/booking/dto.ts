/** RDVs as the rest of the app sees them, and the one read by id. */
import { isObjectIdOrHexString } from 'mongoose';
import type { RdvDto } from '../../../domain/dto.ts';
import { canSeeRdv } from '../../../domain/permissions.ts';
import type { AgentPrincipal, RdvCreator, RdvStatus, TerritoryTimeZone } from '../../../domain/types.ts';
import { Rdv, type RdvDoc, type RdvFields } from '../../db/models/rdv.ts';
import type { Lean } from '../mappers.ts';

export function toRdvDto(r: Lean<RdvFields>): RdvDto {
	return {
		id: String(r._id),
		organisationId: String(r.organisationId),
		motifId: String(r.motifId),
		serviceId: String(r.serviceId),
		locationType: r.locationType,
		...(r.lieuId ? { lieuId: String(r.lieuId) } : {}),
		...(r.singleUseAddress ? { singleUseAddress: r.singleUseAddress } : {}),
		startsAt: r.startsAt.toISOString(),
		endsAt: r.endsAt.toISOString(),
		durationMinutes: r.durationMinutes ?? Math.round((r.endsAt.getTime() - r.startsAt.getTime()) / 60_000),
		timeZone: r.timeZone as TerritoryTimeZone,
		agentIds: r.agentIds.map(String),
		participants: r.participants.map((p) => ({
			usagerId: String(p.usagerId),
			status: p.status as RdvStatus,
			sendLifecycleNotifications: p.sendLifecycleNotifications ?? true,
			sendReminderNotification: p.sendReminderNotification ?? true
		})),
		status: r.status as RdvStatus,
		...(r.context ? { context: r.context } : {}),
		createdBy: r.createdBy.kind as RdvCreator,
		collective: r.collective ?? false,
		...(r.title ? { title: r.title } : {}),
		...(r.maxParticipants ? { maxParticipants: r.maxParticipants } : {}),
		...(r.cancelledAt ? { cancelledAt: r.cancelledAt.toISOString() } : {}),
		version: r.version ?? 0
	};
}

export const docDto = (doc: RdvDoc) => toRdvDto(doc.toObject() as Lean<RdvFields>);

/** An RDV; with a viewer, null unless that agent may see it (callers answer 404 either way). */
export async function getRdv(id: string, viewer?: AgentPrincipal): Promise<RdvDto | null> {
	if (!isObjectIdOrHexString(id)) return null;
	const rdv = await Rdv.findById(id).lean();
	if (!rdv) return null;
	if (viewer && !canSeeRdv(viewer, rdvTarget(rdv))) return null;
	return toRdvDto(rdv);
}

/** What decides who may see or change an RDV (domain/permissions.ts). */
export const rdvTarget = (r: Pick<RdvFields, 'organisationId' | 'serviceId' | 'agentIds'>) => ({
	organisationId: String(r.organisationId),
	serviceId: String(r.serviceId),
	agentIds: r.agentIds.map(String)
});
