/**
 * Domain events → Socket.IO: every change to an organisation's RDVs, plages or absences reaches the agents who
 * follow that organisation's planning. Ids only: clients refetch what they may see.
 */
import type { RdvChanged } from '../../domain/realtime.ts';
import { Agent } from '../db/models/agent.ts';
import { events } from '../events.ts';
import { logger } from '../logger.ts';
import { orgRoom } from './rooms.ts';
import type { RealtimeServer } from './types.ts';

/** Subscribes to the bus; returns the unsubscriber. */
export function bridgeDomainEvents(io: RealtimeServer): () => void {
	const rdv =
		(change: RdvChanged['change']) =>
		({ rdvId, organisationId, actorAgentId }: { rdvId: string; organisationId: string; actorAgentId?: string }) => {
			io.to(orgRoom(organisationId)).emit('rdv.changed', { rdvId, organisationId, change, actorAgentId });
		};
	const offs = [
		events.on('rdv.created', rdv('created')),
		events.on('rdv.updated', rdv('updated')),
		events.on('rdv.cancelled', rdv('cancelled')),
		events.on('rdv.deleted', rdv('deleted')),
		events.on('plage.changed', ({ plageId, organisationId, agentId, actorAgentId }) => {
			io.to(orgRoom(organisationId)).emit('plage.changed', { plageId, organisationId, agentId, actorAgentId });
		}),
		events.on('absence.changed', async ({ absenceId, agentId, actorAgentId }) => {
			// An absence belongs to the agent: it shows in the planning of each of the agent's organisations.
			const agent = await Agent.findById(agentId, { organisationIds: 1 }).lean();
			if (!agent) return logger.warn({ agentId }, 'absence.changed for an unknown agent');
			for (const id of agent.organisationIds) {
				const organisationId = String(id);
				io.to(orgRoom(organisationId)).emit('absence.changed', { absenceId, organisationId, agentId, actorAgentId });
			}
		})
	];
	return () => offs.forEach((off) => off());
}
