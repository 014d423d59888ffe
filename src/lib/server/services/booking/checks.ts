/** The checks shared by booking, moving and cancelling: who and what may take part, rights, the rules' answers. */
import { isObjectIdOrHexString } from 'mongoose';
import { type BookingDecision, type BookingIssueCode, type UsagerRdvInput } from '../../../domain/booking-rules.ts';
import { touchedDays } from '../../../domain/calendar-keys.ts';
import {
	canEditAgenda,
	canEditRdv,
	canSeeRdv,
	organisationScope,
	type RdvTarget
} from '../../../domain/permissions.ts';
import type { RdvInput } from '../../../domain/slots.ts';
import { addDays, localDay } from '../../../domain/local-time.ts';
import { toEpochMs } from '../../../domain/time.ts';
import type { RdvStatus } from '../../../domain/types.ts';
import { usagerCancelRefusal, usagerMoveRefusal, usagerRuleInput } from '../../../domain/usager-rdv-rules.ts';
import { Lieu } from '../../db/models/lieu.ts';
import { Motif, type MotifFields } from '../../db/models/motif.ts';
import { Organisation } from '../../db/models/organisation.ts';
import { Rdv, type RdvDoc } from '../../db/models/rdv.ts';
import { Usager } from '../../db/models/usager.ts';
import type { Lean } from '../mappers.ts';
import { organisationMembers } from '../organisation-members.ts';
import { rdvTarget } from './dto.ts';
import { fail, type BookingActorInput, type BookingFailure } from './result.ts';

/** The booked agents must belong to the organisation, and an acting agent must be allowed to edit their agendas. */
export async function checkAgents(
	actor: BookingActorInput,
	organisationId: string,
	agentIds: string[]
): Promise<BookingFailure | null> {
	if (agentIds.length === 0) return null;
	// The members cache (one small read of the organisation's stamp) rather than decoding every member per booking.
	const byId = await organisationMembers(organisationId);
	for (const agentId of agentIds) {
		const member = byId.get(agentId);
		if (!member) return fail('invalid', 'Un des agents choisis ne fait pas partie de l’organisation.');
		if (
			actor.kind === 'agent' &&
			!canEditAgenda(actor.agent, { organisationId, agentId, agentServiceIds: member.serviceIds })
		)
			return fail('forbidden', 'Vous ne pouvez pas modifier l’agenda d’un des agents choisis.');
	}
	return null;
}

export async function checkUsagers(
	actor: BookingActorInput,
	organisationId: string,
	usagerIds: string[]
): Promise<BookingFailure | null> {
	if (new Set(usagerIds).size !== usagerIds.length)
		return fail('invalid', 'Un usager ne peut participer qu’une fois au même RDV.');
	const usagers = await Promise.all(usagerIds.map((id) => Usager.findById(id).lean()));
	for (const u of usagers) {
		// What the actor may not book for reads as unknown — another organisation's usager for an agent, another
		// person's for an usager online: a distinct refusal would tell that the id exists.
		const unknown =
			!u ||
			u.deletedAt ||
			(actor.kind === 'agent' && !u.organisationIds.some((id) => String(id) === organisationId)) ||
			(actor.kind === 'usager' && String(u._id) !== actor.usagerId && String(u.responsibleId ?? '') !== actor.usagerId);
		if (unknown) {
			const message = actor.kind === 'usager' ? USAGER_NOT_THEIRS_MESSAGE : 'Usager introuvable.';
			return fail('invalid', message, { fieldErrors: { usagerIds: message } });
		}
	}
	return null;
}

const USAGER_NOT_THEIRS_MESSAGE = 'Usager introuvable : vous ne pouvez prendre RDV que pour vous-même ou vos proches.';

export async function checkLieu(
	motif: Lean<MotifFields>,
	organisationId: string,
	lieuId: string | undefined,
	singleUseAddress: string | undefined
): Promise<BookingFailure | null> {
	if (lieuId && singleUseAddress)
		return fail('invalid', 'Un RDV a lieu soit dans un lieu, soit à une adresse ponctuelle.', {
			fieldErrors: { lieuId: 'Choisissez un lieu ou une adresse, pas les deux.' }
		});
	if (lieuId) {
		const lieu = await Lieu.findById(lieuId).lean();
		if (!lieu || String(lieu.organisationId) !== organisationId || lieu.availability === 'disabled')
			return fail('invalid', 'Lieu introuvable ou désactivé.', {
				fieldErrors: { lieuId: 'Lieu introuvable ou désactivé.' }
			});
	} else if (motif.locationType === 'public_office' && !singleUseAddress) {
		return fail('invalid', 'Choisissez le lieu du RDV.', { fieldErrors: { lieuId: 'Choisissez le lieu du RDV.' } });
	}
	return null;
}

/** Refusals about the time itself: taken, full, or already booked identically. */
const CONFLICT_CODES: readonly BookingIssueCode[] = [
	'slot_unavailable',
	'session_full',
	'session_unavailable',
	'duplicate_rdv'
];

/** A rejected decision as a typed failure: taken time is a conflict, rights are forbidden, the rest invalid. */
export function rejection(decision: BookingDecision): BookingFailure {
	const codes = new Set(decision.errors.map((e) => e.code));
	const message = decision.errors.map((e) => e.message).join(' ');
	const errors = { errors: decision.errors };
	if (codes.has('override_forbidden') || codes.has('motif_not_bookable')) return fail('forbidden', message, errors);
	if (CONFLICT_CODES.some((c) => codes.has(c))) return fail('conflict', message, errors);
	return fail('invalid', message, errors);
}

export function confirmation(decision: BookingDecision): BookingFailure {
	return fail('needs_confirmation', `À confirmer : ${decision.warnings.map((w) => w.message).join(' ')}`, {
		warnings: decision.warnings
	});
}

export const CONFLICT_MESSAGE = 'Ce créneau n’est plus disponible pour cet agent : un autre RDV vient d’être pris.';

const USAGER_RDV_FIELDS = {
	motifId: 1,
	status: 1,
	startsAt: 1,
	endsAt: 1,
	lieuId: 1,
	singleUseAddress: 1,
	participants: 1,
	organisationId: 1,
	serviceId: 1,
	agentIds: 1
} as const;

/** An usager's RDV for the rules, with what decides whether the acting agent may see it. */
type UsagerRdv = UsagerRdvInput & { target: RdvTarget };

/**
 * The usagers' RDVs that the rules compare with [startsAt, endsAt): those on the local days it touches, plus
 * the day just before its start and the day of its end (an RDV ending right at a midnight start, or starting
 * right at its end). One equality pair per usager and day (`usagerIds` and `days` contain), refined in the rules.
 */
export async function loadUsagerRdvs(
	usagerIds: string[],
	startsAt: Date,
	endsAt: Date,
	timeZone: string
): Promise<UsagerRdv[]> {
	if (usagerIds.length === 0) return [];
	const days = new Set([
		localDay(new Date(startsAt.getTime() - 1), timeZone),
		...touchedDays(startsAt, endsAt, timeZone),
		localDay(endsAt, timeZone)
	]);
	const lists = await Promise.all(
		usagerIds.flatMap((usagerId) =>
			[...days].map((day) => Rdv.find({ usagerIds: usagerId, days: day }, USAGER_RDV_FIELDS).lean())
		)
	);
	const byId = new Map<string, UsagerRdv>();
	for (const r of lists.flat())
		byId.set(String(r._id), {
			target: rdvTarget(r),
			id: String(r._id),
			motifId: String(r.motifId),
			status: r.status as RdvStatus,
			startsAt: r.startsAt,
			endsAt: r.endsAt,
			lieuId: r.lieuId ? String(r.lieuId) : null,
			singleUseAddress: r.singleUseAddress ?? null,
			participants: r.participants.map((p) => ({ usagerId: String(p.usagerId), status: p.status as RdvStatus }))
		});
	return [...byId.values()];
}

/**
 * The RDVs around the booked time that the acting agent may not see (another organisation's, or of a service not
 * its own on an agenda it may edit): the rules still count them — an overlap with one still asks for
 * confirmation — but neither name them nor tell the usager's whereabouts (booking-rules.ts). Online actors are
 * told no details at all, so nothing is hidden from them here.
 */
export async function hiddenRdvIds(
	actor: BookingActorInput,
	agentRdvs: readonly RdvInput[],
	usagerRdvs: readonly UsagerRdv[],
	startsAt: Date,
	endsAt: Date
): Promise<Set<string>> {
	const hidden = new Set<string>();
	if (actor.kind !== 'agent') return hidden;
	const agent = actor.agent;
	for (const r of usagerRdvs) if (!canSeeRdv(agent, r.target)) hidden.add(r.id);
	// The agents' RDVs are loaded without their service: only those the rules will name (overlapping the booked
	// time, a handful) are read again, by id, when the organisation alone does not decide.
	const [start, end] = [startsAt.getTime(), endsAt.getTime()];
	const overlapping = agentRdvs.filter(
		(r): r is RdvInput & { id: string } =>
			!!r.id && !hidden.has(r.id) && toEpochMs(r.startsAt) < end && start < toEpochMs(r.endsAt)
	);
	await Promise.all(
		overlapping.map(async (r) => {
			const scope = r.organisationId ? organisationScope(agent, r.organisationId).kind : 'services';
			if (scope === 'none') hidden.add(r.id);
			if (scope !== 'services') return;
			const doc = await Rdv.findById(r.id, { organisationId: 1, serviceId: 1, agentIds: 1 }).lean();
			if (!doc || !canSeeRdv(agent, rdvTarget(doc))) hidden.add(r.id);
		})
	);
	return hidden;
}

/** Local days around an interval wide enough for any zone (the engine refines with exact instants). */
export function daysAround(startsAt: Date, endsAt: Date) {
	return { from: addDays(localDay(startsAt, 'UTC'), -2), to: addDays(localDay(endsAt, 'UTC'), 2) };
}

/**
 * Rights to change an existing RDV: agents who may edit it; usagers taking part (or responsible for a relative
 * who does) within the online limits of domain/usager-rdv-rules.ts, checked at `now`.
 */
export async function checkChangeRights(
	rdv: RdvDoc,
	actor: BookingActorInput,
	change: 'cancel' | 'move',
	now: Date = new Date()
): Promise<BookingFailure | null> {
	if (actor.kind === 'agent') {
		// Out of sight is answered like nonexistent.
		if (!canSeeRdv(actor.agent, rdvTarget(rdv))) return fail('not_found', 'RDV introuvable.');
		if (!canEditRdv(actor.agent, rdvTarget(rdv))) return fail('forbidden', 'Vous ne pouvez pas modifier ce RDV.');
		return null;
	}
	if (actor.kind === 'prescripteur') return fail('forbidden', 'Un prescripteur ne peut pas modifier un RDV.');
	const [concerned, motif, organisation] = await Promise.all([
		usagerConcerned(rdv, actor.usagerId),
		Motif.findById(rdv.motifId, {
			rdvsCancellableByUser: 1,
			rdvsEditableByUser: 1,
			bookableBy: 1,
			deletedAt: 1
		}).lean(),
		Organisation.findById(rdv.organisationId, { name: 1, phone: 1 }).lean()
	]);
	// Another person's RDV reads as an unknown one (existence-oracle rule).
	if (!concerned) return fail('not_found', 'RDV introuvable.');
	if (!motif) return fail('not_found', 'RDV introuvable.');
	const input = usagerRuleInput(rdv, motif, organisation);
	const refusal = change === 'cancel' ? usagerCancelRefusal(input, now) : usagerMoveRefusal(input, now);
	// A cancelled RDV is answered by the callers (« déjà annulé », whatever the timing of a concurrent cancel).
	if (!refusal || refusal.code === 'inactive') return null;
	return fail('forbidden', refusal.message);
}

/** Whether the usager takes part in the RDV, or is responsible for a relative who does. */
async function usagerConcerned(rdv: RdvDoc, usagerId: string): Promise<boolean> {
	const ids = rdv.usagerIds.map(String);
	if (ids.includes(usagerId)) return true;
	if (!isObjectIdOrHexString(usagerId)) return false;
	// One equality (the relatives of this usager, a handful), rather than reading every participant.
	const relatives = await Usager.find({ responsibleId: usagerId, deletedAt: { $exists: false } }, { _id: 1 }).lean();
	return relatives.some((r) => ids.includes(String(r._id)));
}
