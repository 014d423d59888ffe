/**
 * A prescripteur (a social worker outside the organisation, without an account) books for a beneficiary
 * (PRODUCT.md §6): their own details, the beneficiary's, a slot of a motif open to prescripteurs. The
 * beneficiary is matched in the organisation on names and phone (or birth date when no phone), else created
 * there; then the online booking (least-loaded free agent, slot gone → next slots) books with the prescripteur
 * actor, whose identity the RDV keeps so the agents see who booked; the prescripteur gets a confirmation e-mail.
 *
 * A prescripteur sees no usager: the answer is the same whether the beneficiary was matched or created, and
 * never shows the record's data. The slot is checked before anything is written, so a forged or taken slot
 * leaves no beneficiary behind.
 */
import { isObjectIdOrHexString, Types } from 'mongoose';
import type { FunnelParams, PublicSlotDto } from '../../../domain/public-booking.ts';
import { nameBirthKey, normalizeText } from '../../../domain/text-keys.ts';
import { clientNetwork } from '../../auth/client-network.ts';
import { rateLimitKey, takeAttempt, tooManyAttemptsMessage } from '../../auth/rate-limit.ts';
import { Motif } from '../../db/models/motif.ts';
import { Rdv } from '../../db/models/rdv.ts';
import { Usager } from '../../db/models/usager.ts';
import { logger } from '../../logger.ts';
import { env } from '../../env.ts';
import { rdvIcs, rdvIcsSummary, rdvIcsUid } from '../../notify/ics.ts';
import { sendEmail } from '../../notify/mailer.ts';
import { firstNameAndInitial, prescripteurConfirmationEmail } from '../../notify/prescripteur-templates.ts';
import { createUsager } from '../usagers/create.ts';
import { bookOnline, checkOnlineSlot, SLOT_GONE_MESSAGE, type BookOnlineFailure } from './book.ts';
import {
	beneficiaryFieldErrors,
	issuesToFieldErrors,
	PrescripteurBookingSchema,
	type BeneficiaryFields,
	type PrescripteurBookingInput
} from './prescripteur-input.ts';
import { onlineBookingContext, type OnlineBookingContext } from './booking-context.ts';
import { resolvePublicMotif } from './search.ts';

/** Bookings per client network and hour: a busy social office behind one address stays far below. */
export const PRESCRIPTEUR_BOOKINGS_PER_HOUR = 20;
const HOUR_MS = 3_600_000;

/**
 * The funnel's parameters as a concrete booking: the organisation's motif behind the deduplicated key (open to
 * prescripteurs, offered at that lieu), its organisation and lieu, and the chosen time; null when they name none.
 */
export async function resolvePrescripteurSlot(
	params: FunnelParams,
	now = new Date()
): Promise<{ organisationId: string; motifId: string; lieuId?: string; startsAt: Date } | null> {
	if (!params.motif || !params.creneau) return null;
	const motifId = await resolvePublicMotif({
		motifKey: params.motif,
		organisationId: params.organisation,
		lieuId: params.lieu,
		serviceId: params.service,
		audience: 'prescripteur',
		now
	});
	const motif = motifId ? await Motif.findById(motifId, { organisationId: 1, locationType: 1 }).lean() : null;
	if (!motif) return null;
	return {
		organisationId: String(motif.organisationId),
		motifId: String(motif._id),
		// For phone, visio and home motifs a lieu only named the organisation.
		...(params.lieu && motif.locationType === 'public_office' ? { lieuId: params.lieu } : {}),
		startsAt: new Date(params.creneau)
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The beneficiary: matched in the organisation, or created there.

const sameName = (u: { firstName?: string | null; lastName?: string | null }, b: BeneficiaryFields) =>
	normalizeText(u.firstName ?? '') === normalizeText(b.firstName) &&
	normalizeText(u.lastName ?? '') === normalizeText(b.lastName);

/**
 * The organisation's usager with the same names and the same phone — or, without a phone, the same birth date —
 * each selected by an equality (phone, nameBirthKey) with the organisation; null when none, or when the details
 * are too thin to tell (names alone).
 */
export async function matchBeneficiary(organisationId: string, b: BeneficiaryFields): Promise<string | null> {
	const alive = { organisationIds: new Types.ObjectId(organisationId), deletedAt: { $exists: false } };
	const key = nameBirthKey(b.firstName, b.lastName, b.birthDate);
	const candidates = b.phone
		? await Usager.find({ phone: b.phone, ...alive }, { firstName: 1, lastName: 1 })
				.limit(50)
				.lean()
		: key
			? await Usager.find({ nameBirthKey: key, ...alive }, { firstName: 1, lastName: 1 })
					.limit(50)
					.lean()
			: [];
	const match = candidates.filter((u) => sameName(u, b)).sort((x, y) => String(x._id).localeCompare(String(y._id)))[0];
	return match ? String(match._id) : null;
}

/**
 * Creates the beneficiary in the organisation. The agents' duplicate warnings are not the prescripteur's to see
 * (they would show other usagers), so duplicates are allowed; an e-mail already used by someone else is left out
 * rather than refused, which would tell that the address is known.
 */
async function createBeneficiary(organisationId: string, b: BeneficiaryFields): Promise<string> {
	const fields = {
		organisationId,
		firstName: b.firstName,
		lastName: b.lastName,
		birthDate: b.birthDate,
		phone: b.phone,
		street: b.street,
		postcode: b.postcode,
		city: b.city,
		allowDuplicates: true
	};
	const created = await createUsager({ ...fields, email: b.email });
	if (created.ok) return created.usager.id;
	if (created.kind === 'invalid' && created.errors.email && b.email) {
		const retried = await createUsager(fields);
		if (retried.ok) return retried.usager.id;
	}
	// The fields were validated with the same rules: anything else is a bug, not the prescripteur's input.
	throw new Error('prescripteur beneficiary could not be created');
}

// ---------------------------------------------------------------------------------------------------------------
// The booking.

export type PrescripteurBookingResult =
	| { ok: true; rdvId: string; context: OnlineBookingContext; beneficiaryLabel: string }
	| {
			ok: false;
			code: 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'rate_limited';
			message: string;
			fieldErrors?: Record<string, string>;
			/** The slot is gone: the next free ones (PublicSlotDto), to choose from. */
			nextSlots?: PublicSlotDto[];
			retryAfterMs?: number;
	  };

const fail = (
	code: Extract<PrescripteurBookingResult, { ok: false }>['code'],
	message: string,
	extra: Partial<Extract<PrescripteurBookingResult, { ok: false }>> = {}
): PrescripteurBookingResult => ({ ok: false, code, message, ...extra });

/** What the forms send: the ids and slot, and the typed details as they came (validated here). */
export type PrescripteurBookingRequest = Omit<PrescripteurBookingInput, 'prescripteur' | 'beneficiary'> & {
	prescripteur: Record<string, unknown>;
	beneficiary: Record<string, unknown>;
};

/** The online booking's refusal in this service's shape: a taken slot (or an RDV the same day) is « plus disponible ». */
function refusal(f: BookOnlineFailure): PrescripteurBookingResult {
	if (f.code === 'conflict') return fail('conflict', SLOT_GONE_MESSAGE, { nextSlots: f.nextSlots ?? [] });
	return fail(f.code === 'needs_confirmation' ? 'invalid' : f.code, f.message, { fieldErrors: f.fieldErrors });
}

export async function bookAsPrescripteur(
	raw: PrescripteurBookingRequest,
	options: { ip: string; now?: Date }
): Promise<PrescripteurBookingResult> {
	const now = options.now ?? new Date();
	const parsed = PrescripteurBookingSchema.safeParse(raw);
	if (!parsed.success) {
		const fieldErrors = issuesToFieldErrors(parsed.error);
		return fail('invalid', Object.values(fieldErrors)[0] ?? 'Données invalides.', { fieldErrors });
	}
	const input = parsed.data;
	const attempt = await takeAttempt(
		[
			{
				key: rateLimitKey('prescripteur-booking', clientNetwork(options.ip)),
				max: PRESCRIPTEUR_BOOKINGS_PER_HOUR,
				windowMs: HOUR_MS
			}
		],
		now
	);
	if (!attempt.allowed)
		return fail('rate_limited', tooManyAttemptsMessage(attempt.retryAfterMs), { retryAfterMs: attempt.retryAfterMs });

	const ctx = await onlineBookingContext(input, { openTo: 'prescripteur' });
	if (!ctx) return fail('not_found', 'Ce motif ne peut pas être réservé par un prescripteur.');
	const missing = beneficiaryFieldErrors(input.beneficiary, ctx.motif.locationType);
	if (Object.keys(missing).length > 0) return fail('invalid', Object.values(missing)[0], { fieldErrors: missing });

	const slot = {
		organisationId: ctx.organisation.id,
		motifId: ctx.motif.id,
		lieuId: ctx.lieu?.id,
		startsAt: input.startsAt
	};
	const actor = { kind: 'prescripteur' as const, prescripteur: input.prescripteur };
	// Before the beneficiary is matched or created: a forged or taken slot leaves nothing behind.
	const unavailable = await checkOnlineSlot({ ...slot, actor, now });
	if (unavailable) return refusal(unavailable);

	const beneficiaryId =
		(await matchBeneficiary(ctx.organisation.id, input.beneficiary)) ??
		(await createBeneficiary(ctx.organisation.id, input.beneficiary));
	const booked = await bookOnline({ ...slot, usagerIds: [beneficiaryId], actor, now });
	if (!booked.ok) return refusal(booked);
	const rdvId = booked.rdv.id;
	logger.info({ rdvId, organisationId: ctx.organisation.id }, 'rdv booked by a prescripteur');
	const beneficiaryLabel = firstNameAndInitial(input.beneficiary.firstName, input.beneficiary.lastName);
	try {
		await sendPrescripteurConfirmation(rdvId);
	} catch (err) {
		// The RDV stands (the agents see it and who booked it); the provider's refusal is logged, ids only.
		logger.error({ rdvId, err: (err as Error).message }, 'prescripteur confirmation e-mail not sent');
	}
	return { ok: true, rdvId, context: ctx, beneficiaryLabel };
}

/**
 * The prescripteur's confirmation of a booked RDV, built from the RDV itself (the identity it keeps, its
 * beneficiary): sent once per RDV whatever the retries (its idempotency key). False when the RDV was not booked
 * by a prescripteur.
 */
export async function sendPrescripteurConfirmation(rdvId: string): Promise<boolean> {
	const rdv = isObjectIdOrHexString(rdvId) ? await Rdv.findById(rdvId).lean() : null;
	const prescripteur = rdv?.createdBy.kind === 'prescripteur' ? rdv.createdBy.prescripteur : undefined;
	if (!rdv || !prescripteur) return false;
	const [ctx, beneficiary] = await Promise.all([
		onlineBookingContext({
			organisationId: String(rdv.organisationId),
			motifId: String(rdv.motifId),
			lieuId: rdv.lieuId ? String(rdv.lieuId) : undefined,
			startsAt: rdv.startsAt
		}),
		rdv.participants[0] ? Usager.findById(rdv.participants[0].usagerId, { firstName: 1, lastName: 1 }).lean() : null
	]);
	if (!ctx || !beneficiary) return false;
	const label = firstNameAndInitial(beneficiary.firstName ?? '', beneficiary.lastName ?? '');
	const content = prescripteurConfirmationEmail({
		prescripteurFirstName: prescripteur.firstName,
		beneficiary: label,
		motifName: ctx.motif.name,
		locationType: ctx.motif.locationType,
		when: ctx.when,
		durationMinutes: Math.round((rdv.endsAt.getTime() - rdv.startsAt.getTime()) / 60_000),
		lieu: ctx.lieu,
		organisation: ctx.organisation,
		instructionsAfterBooking: ctx.motif.instructionsAfterBooking
	});
	const ics = rdvIcs({
		uid: rdvIcsUid(rdvId, new URL(env.publicUrl).host),
		sequence: rdv.version ?? 0,
		method: 'PUBLISH',
		startsAt: rdv.startsAt,
		endsAt: rdv.endsAt,
		timeZone: ctx.timeZone,
		summary: `${rdvIcsSummary(ctx.motif)} (${label})`,
		location: ctx.lieu ? `${ctx.lieu.name}, ${ctx.lieu.address}` : undefined,
		description: ctx.motif.instructionsAfterBooking
	});
	await sendEmail({
		to: prescripteur.email,
		...content,
		idempotencyKey: `prescripteur-confirmation:${rdvId}`,
		attachments: [{ filename: 'rendez-vous.ics', content: ics, contentType: 'text/calendar; charset=utf-8' }]
	});
	return true;
}
