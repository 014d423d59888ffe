/**
 * The participants of an RDV or a collective session (agents only): add usagers with their notification
 * choices, remove one, change one's choices. Every change is made at the version the agent saw, under the
 * revision claims, so two agents filling the last seat of a session cannot both succeed.
 */
import { Types, isObjectIdOrHexString } from 'mongoose';
import { checkBooking, type BookingIssueCode } from '../../../domain/booking-rules.ts';
import { claimsChange, rdvStatusFromParticipants } from '../../../domain/rdv-status.ts';
import { isActiveRdvStatus } from '../../../domain/slots.ts';
import type { RdvStatus, SessionAgent } from '../../../domain/types.ts';
import { Rdv, type RdvDoc } from '../../db/models/rdv.ts';
import { releaseClaims } from '../claims.ts';
import { loadAvailabilityInput } from '../creneaux.ts';
import {
	checkChangeRights,
	checkUsagers,
	confirmation,
	daysAround,
	hiddenRdvIds,
	loadUsagerRdvs,
	rejection
} from './checks.ts';
import {
	AddParticipantsInputSchema,
	UpdateParticipantInputSchema,
	type AddParticipantsInput,
	type UpdateParticipantInput
} from './input.ts';
import { alreadyCancelled, fail, zodFailure, type BookingFailure, type BookingResult } from './result.ts';
import { saveRevision, versionRefusal } from './revision.ts';
import {
	participantNotificationsSummary,
	participantRemovedSummary,
	participantsAddedSummary,
	statusSummary
} from './summary.ts';

const CANCELLED_MESSAGE = 'Ce RDV est annulé : ses participants ne changent plus.';
export const SESSION_FULL_MESSAGE = 'Cette séance est complète.';
const NOT_A_PARTICIPANT_MESSAGE = 'Cet usager ne participe pas à ce RDV.';

/** The seats a session's participants take: all but those excused or cancelled. */
export const takenSeats = (participants: readonly { status?: string | null }[]) =>
	participants.filter((p) => isActiveRdvStatus((p.status ?? 'unknown') as RdvStatus)).length;

/** The usagers' issues only: an RDV's agents and time were checked when it was booked or moved. */
const USAGER_ISSUES: readonly BookingIssueCode[] = ['duplicate_rdv', 'usager_same_day', 'usager_consecutive_elsewhere'];

/** The RDV the agent may change, at the version it saw. */
async function loadForChange(
	rdvId: string,
	agent: SessionAgent,
	version: number,
	{ activeOnly }: { activeOnly: boolean }
): Promise<{ rdv: RdvDoc } | { refused: BookingFailure }> {
	if (!isObjectIdOrHexString(rdvId)) return { refused: fail('not_found', 'RDV introuvable.') };
	const rdv = await Rdv.findById(rdvId);
	if (!rdv) return { refused: fail('not_found', 'RDV introuvable.') };
	const refused =
		(await checkChangeRights(rdv, { kind: 'agent', agent }, 'move')) ??
		(activeOnly && !isActiveRdvStatus(rdv.status as RdvStatus) ? alreadyCancelled(CANCELLED_MESSAGE) : null) ??
		(await versionRefusal(rdv, version, activeOnly ? CANCELLED_MESSAGE : undefined));
	return refused ? { refused } : { rdv };
}

/**
 * Adds usagers to an RDV (several usagers may share an individual RDV: a family) or to a collective session,
 * within its seats. Their own RDVs are checked as when booking: an identical RDV is refused, the same motif the
 * same day or back to back elsewhere asks for `confirm`.
 */
export async function addRdvParticipants(
	rdvId: string,
	raw: AddParticipantsInput,
	agent: SessionAgent,
	now = new Date()
): Promise<BookingResult> {
	const parsed = AddParticipantsInputSchema.safeParse(raw);
	if (!parsed.success) return zodFailure(parsed.error);
	const input = parsed.data;
	const loaded = await loadForChange(rdvId, agent, input.version, { activeOnly: true });
	if ('refused' in loaded) return loaded.refused;
	const { rdv } = loaded;
	const organisationId = String(rdv.organisationId);
	const usagerIds = [...new Set(input.usagerIds)];
	if (usagerIds.some((id) => rdv.participants.some((p) => String(p.usagerId) === id))) {
		const message = 'Cet usager participe déjà à ce RDV.';
		return fail('invalid', message, { fieldErrors: { usagerIds: message } });
	}
	const refused = await checkUsagers({ kind: 'agent', agent }, organisationId, usagerIds);
	if (refused) return refused;
	if (rdv.collective && rdv.maxParticipants && takenSeats(rdv.participants) + usagerIds.length > rdv.maxParticipants)
		return fail('conflict', SESSION_FULL_MESSAGE, { fieldErrors: { usagerIds: SESSION_FULL_MESSAGE } });

	const availability = await loadAvailabilityInput({
		organisationIds: [organisationId],
		motifId: String(rdv.motifId),
		...daysAround(rdv.startsAt, rdv.endsAt),
		agentIds: rdv.agentIds.map(String)
	});
	if (!availability) return fail('not_found', 'Motif introuvable.');
	const usagerRdvs = await loadUsagerRdvs(usagerIds, rdv.startsAt, rdv.endsAt, availability.timeZone);
	const decision = checkBooking(
		{ ...availability.input, motif: { ...availability.input.motif, collective: false }, usagerRdvs },
		{
			actor: 'agent',
			agentIds: rdv.agentIds.map(String),
			startsAt: rdv.startsAt,
			endsAt: rdv.endsAt,
			lieuId: rdv.lieuId ? String(rdv.lieuId) : null,
			singleUseAddress: rdv.singleUseAddress ?? null,
			usagerIds,
			now,
			override: input.confirm,
			rdvId: String(rdv._id),
			hiddenRdvIds: await hiddenRdvIds({ kind: 'agent', agent }, [], usagerRdvs, rdv.startsAt, rdv.endsAt)
		}
	);
	const errors = decision.errors.filter((e) => USAGER_ISSUES.includes(e.code));
	const warnings = decision.warnings.filter((w) => USAGER_ISSUES.includes(w.code));
	if (errors.length) return rejection({ ...decision, status: 'rejected', errors });
	if (warnings.length && !input.confirm) return confirmation({ ...decision, status: 'needs_confirmation', warnings });

	// An individual RDV's participants share its status; a session's newcomers are expected.
	const status = rdv.collective ? 'unknown' : rdv.status;
	for (const usagerId of usagerIds)
		rdv.participants.push({
			usagerId: new Types.ObjectId(usagerId),
			status,
			createdBy: 'agent',
			sendLifecycleNotifications: input.sendLifecycleNotifications ?? true,
			sendReminderNotification: input.sendReminderNotification ?? true
		});
	return saveRevision(rdv, agent.id, 'rdv.updated', {
		summary: participantsAddedSummary(usagerIds.length),
		ifCancelled: () => alreadyCancelled(CANCELLED_MESSAGE)
	});
}

/**
 * Removes an usager from an RDV or a session (not a status: the usager no longer takes part at all). The last
 * participant of an individual RDV stays: such an RDV is cancelled instead. The RDV's status follows the
 * remaining participants' (domain/rdv-status.ts); when that cancels it, the agents' time is released.
 */
export async function removeRdvParticipant(
	rdvId: string,
	usagerId: string,
	{ version }: { version: number },
	agent: SessionAgent
): Promise<BookingResult> {
	const loaded = await loadForChange(rdvId, agent, version, { activeOnly: true });
	if ('refused' in loaded) return loaded.refused;
	const { rdv } = loaded;
	const index = rdv.participants.findIndex((p) => String(p.usagerId) === usagerId);
	if (index < 0) return fail('not_found', NOT_A_PARTICIPANT_MESSAGE);
	if (!rdv.collective && rdv.participants.length === 1)
		return fail('invalid', 'Un RDV garde au moins un participant : annulez le RDV plutôt que de retirer le dernier.');
	rdv.participants.splice(index, 1);
	const from = rdv.status as RdvStatus;
	const to = rdvStatusFromParticipants(
		rdv.collective ?? false,
		rdv.participants.map((p) => p.status as RdvStatus),
		from
	);
	const release = claimsChange(from, to) === 'release';
	let summary = participantRemovedSummary();
	if (to !== from) {
		rdv.status = to;
		summary += ` ; ${statusSummary(to)}`;
		if (release) rdv.cancelledAt = new Date();
	}
	const result = await saveRevision(rdv, agent.id, release ? 'rdv.cancelled' : 'rdv.updated', {
		summary,
		change: release ? 'cancel' : 'update',
		ifCancelled: () => alreadyCancelled(CANCELLED_MESSAGE)
	});
	if (result.ok && release) await releaseClaims(rdv._id);
	return result;
}

/** Changes a participant's notification choices (also on a cancelled RDV: they say who was told). */
export async function updateRdvParticipant(
	rdvId: string,
	usagerId: string,
	raw: UpdateParticipantInput,
	agent: SessionAgent
): Promise<BookingResult> {
	const parsed = UpdateParticipantInputSchema.safeParse(raw);
	if (!parsed.success) return zodFailure(parsed.error);
	const input = parsed.data;
	const loaded = await loadForChange(rdvId, agent, input.version, { activeOnly: false });
	if ('refused' in loaded) return loaded.refused;
	const { rdv } = loaded;
	const participant = rdv.participants.find((p) => String(p.usagerId) === usagerId);
	if (!participant) return fail('not_found', NOT_A_PARTICIPANT_MESSAGE);
	if (input.sendLifecycleNotifications !== undefined)
		participant.sendLifecycleNotifications = input.sendLifecycleNotifications;
	if (input.sendReminderNotification !== undefined)
		participant.sendReminderNotification = input.sendReminderNotification;
	return saveRevision(rdv, agent.id, 'rdv.updated', { summary: participantNotificationsSummary() });
}
