/**
 * The RDV page's read: the RDV with what it refers to (motif, lieu, agents, participants, who created it) and
 * its change history from the revisions. Every read selects by id (the RDV's, or `rdvId` for the revisions).
 */
import { isObjectIdOrHexString } from 'mongoose';
import type { RdvDto } from '../../../domain/dto.ts';
import { canAccessOrganisation, canEditRdv, canSeeRdv } from '../../../domain/permissions.ts';
import { formatPhoneNational } from '../../../domain/phone.ts';
import { allowedRdvStatuses } from '../../../domain/rdv-status.ts';
import type { RdvStatus, SessionAgent } from '../../../domain/types.ts';
import { Agent } from '../../db/models/agent.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Motif } from '../../db/models/motif.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { RdvRevision } from '../../db/models/rdv-revision.ts';
import { Usager } from '../../db/models/usager.ts';
import { rdvTarget, toRdvDto } from './dto.ts';

export interface RdvHistoryEntry {
	version: number;
	/** ISO instant. */
	at: string;
	/** The agent's name; absent for an usager online or an automatic change. */
	by?: string;
	summary: string;
}

export interface RdvDetails {
	rdv: RdvDto;
	motif: { name: string; color: string };
	lieu?: { name: string; address: string };
	agents: { id: string; name: string }[];
	participants: {
		usagerId: string;
		name: string;
		status: RdvStatus;
		sendLifecycleNotifications: boolean;
		sendReminderNotification: boolean;
	}[];
	/** « Alice Martin (agent) », « l’usager, en ligne », « Jeanne Prescriptrice (prescripteur) ». */
	createdBy: string;
	/**
	 * Who took the RDV, as the page says it: « Créé par Alice Martin », « Pris en ligne par l’usager », « Pris en
	 * ligne par Jeanne Prescriptrice, prescripteur (CCAS de Lens, jeanne@…, 03 21 …) » — the prescripteur's
	 * contacts are how the agents reach whoever booked for the usager.
	 */
	origin: string;
	/** ISO instant. */
	createdAt: string;
	/** Newest first; the creation is the last entry. */
	history: RdvHistoryEntry[];
	/** The statuses the RDV may take now (empty when the viewer may not change it). */
	allowedStatuses: RdvStatus[];
}

export type RdvDetailsResult = { kind: 'ok'; details: RdvDetails } | { kind: 'not_found' } | { kind: 'forbidden' };

const agentName = (a: { firstName?: string | null; lastName: string }) => `${a.firstName ?? ''} ${a.lastName}`.trim();

function originLabel(
	createdBy: {
		kind: string;
		prescripteur?: {
			firstName: string;
			lastName: string;
			email: string;
			phone?: string | null;
			organisationName?: string | null;
		} | null;
	},
	agent: string | undefined
): string {
	if (createdBy.kind === 'agent') return `Créé par ${agent ?? 'un agent'}`;
	if (createdBy.kind === 'usager') return 'Pris en ligne par l’usager';
	const p = createdBy.prescripteur;
	if (!p) return 'Pris en ligne par un prescripteur';
	const contacts = [p.organisationName, p.email, p.phone ? formatPhoneNational(p.phone) : undefined].filter(Boolean);
	return `Pris en ligne par ${`${p.firstName} ${p.lastName}`.trim()}, prescripteur${contacts.length ? ` (${contacts.join(', ')})` : ''}`;
}

/**
 * An RDV of `organisationId` as its page shows it. Unknown, of another organisation, or in an organisation the
 * viewer has no role in: not_found (like the rest of the app). Of the viewer's organisation but out of their
 * sight (another service's): forbidden, as issue 16 asks of the page — the API answers 404 there, like GET.
 */
export async function getRdvDetails(
	organisationId: string,
	rdvId: string,
	viewer: SessionAgent,
	now = new Date()
): Promise<RdvDetailsResult> {
	if (!isObjectIdOrHexString(rdvId)) return { kind: 'not_found' };
	const rdv = await Rdv.findById(rdvId).lean();
	if (!rdv || String(rdv.organisationId) !== organisationId || !canAccessOrganisation(viewer, organisationId))
		return { kind: 'not_found' };
	if (!canSeeRdv(viewer, rdvTarget(rdv))) return { kind: 'forbidden' };

	const creatorAgentId = rdv.createdBy.kind === 'agent' ? rdv.createdBy.agentId : undefined;
	const [motif, lieu, revisions, usagers] = await Promise.all([
		Motif.findById(rdv.motifId, { name: 1, color: 1 }).lean(),
		rdv.lieuId ? Lieu.findById(rdv.lieuId, { name: 1, address: 1 }).lean() : null,
		RdvRevision.find({ rdvId: rdv._id }).lean(),
		Promise.all(rdv.participants.map((p) => Usager.findById(p.usagerId, { firstName: 1, lastName: 1 }).lean()))
	]);
	const agentIds = [
		...new Set([...rdv.agentIds, ...revisions.map((r) => r.agentId), creatorAgentId].filter(Boolean).map(String))
	];
	const agents = new Map(
		(await Promise.all(agentIds.map((id) => Agent.findById(id, { firstName: 1, lastName: 1 }).lean())))
			.filter((a) => a !== null)
			.map((a) => [String(a._id), agentName(a)])
	);
	const nameOf = (id: unknown) => (id ? agents.get(String(id)) : undefined);

	const createdBy =
		rdv.createdBy.kind === 'agent'
			? `${nameOf(creatorAgentId) ?? 'un agent'} (agent)`
			: rdv.createdBy.kind === 'usager'
				? 'l’usager, en ligne'
				: `${rdv.createdBy.prescripteur?.firstName ?? ''} ${rdv.createdBy.prescripteur?.lastName ?? ''}`.trim() +
					' (prescripteur)';
	const origin = originLabel(rdv.createdBy, nameOf(creatorAgentId));
	const createdAt = (rdv as { createdAt?: Date }).createdAt ?? rdv.startsAt;
	const history: RdvHistoryEntry[] = [
		...revisions
			.sort((a, b) => b.version - a.version)
			.map((r) => ({
				version: r.version,
				at: r.createdAt.toISOString(),
				...(nameOf(r.agentId) ? { by: nameOf(r.agentId) } : {}),
				summary: r.summary ?? (r.change === 'cancel' ? 'Annulation' : 'Modification')
			})),
		{ version: 0, at: createdAt.toISOString(), by: createdBy, summary: 'Création du RDV' }
	];
	const dto = toRdvDto(rdv);
	return {
		kind: 'ok',
		details: {
			rdv: dto,
			motif: { name: motif?.name ?? 'Motif supprimé', color: motif?.color ?? '#000091' },
			...(lieu ? { lieu: { name: lieu.name, address: lieu.address } } : {}),
			agents: rdv.agentIds.map((id) => ({ id: String(id), name: nameOf(id) ?? 'Agent supprimé' })),
			participants: rdv.participants.map((p, i) => ({
				usagerId: String(p.usagerId),
				name: usagers[i] ? `${usagers[i].firstName} ${usagers[i].lastName}` : 'Usager supprimé',
				status: p.status as RdvStatus,
				sendLifecycleNotifications: p.sendLifecycleNotifications ?? true,
				sendReminderNotification: p.sendReminderNotification ?? true
			})),
			createdBy,
			origin,
			createdAt: createdAt.toISOString(),
			history,
			allowedStatuses: canEditRdv(viewer, rdvTarget(rdv))
				? allowedRdvStatuses({ startsAt: rdv.startsAt, timeZone: rdv.timeZone, collective: !!rdv.collective }, now)
				: []
		}
	};
}
