/** The input schemas of the booking use cases (zod: the API and the forms validate with them). */
import { z } from 'zod';
import { isRdvDuration, RDV_DURATION_GRAIN_MESSAGE, rdvStartError } from '../../../domain/booking-rules.ts';
import { instantError } from '../../../domain/calendar-day.ts';
import { fail, type BookingFailure } from './result.ts';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'Identifiant invalide.');
/** An instant in the accepted years (the 5-minute grain of a new time is checked by bookRdv and moveRdv). */
const instant = z
	.union([z.date(), z.iso.datetime({ offset: true, error: 'Date et heure ISO 8601 attendues.' })])
	.transform((v) => new Date(v))
	.superRefine((date, ctx) => {
		const message = instantError(date);
		if (message) ctx.addIssue({ code: 'custom', message });
	});
/** Agents only; online bookings always take the motif's duration (a multiple of 5 too). */
const duration = z.number().int().min(5).max(1440).refine(isRdvDuration, RDV_DURATION_GRAIN_MESSAGE);

export const BookRdvInputSchema = z.object({
	organisationId: objectId,
	motifId: objectId,
	startsAt: instant,
	durationMinutes: duration.optional(),
	lieuId: objectId.optional(),
	singleUseAddress: z.string().trim().min(1).max(300).optional(),
	agentIds: z.array(objectId).max(20).default([]),
	usagerIds: z.array(objectId).max(500).default([]),
	context: z.string().trim().max(5000).optional(),
	/** The agent confirmed the warnings (overlap, absence, past, the usager's other RDVs). Refused from anyone else. */
	confirm: z.boolean().optional(),
	/** Collective motifs: join this session (a collective RDV). Without it an agent creates a new session. */
	sessionId: objectId.optional(),
	title: z.string().trim().max(160).optional(),
	maxParticipants: z.number().int().min(1).max(500).optional(),
	/** Per-participant notification choices (the wizard's last step); a participant not listed gets both. */
	notifications: z
		.array(
			z.object({
				usagerId: objectId,
				sendLifecycleNotifications: z.boolean(),
				sendReminderNotification: z.boolean()
			})
		)
		.max(500)
		.optional()
});
export type BookRdvInput = z.input<typeof BookRdvInputSchema>;

/** A new participant's notification flags, as the booking asked (both on by default). */
export function participantNotifications(
	input: Pick<z.output<typeof BookRdvInputSchema>, 'notifications'>,
	usagerId: string
) {
	const chosen = input.notifications?.find((n) => n.usagerId === usagerId);
	return {
		sendLifecycleNotifications: chosen?.sendLifecycleNotifications ?? true,
		sendReminderNotification: chosen?.sendReminderNotification ?? true
	};
}

export const MoveRdvInputSchema = z.object({
	startsAt: instant,
	durationMinutes: duration.optional(),
	agentIds: z.array(objectId).min(1).max(20).optional(),
	lieuId: objectId.optional(),
	confirm: z.boolean().optional(),
	/** The version the caller saw: a concurrent change since then is a conflict. */
	expectedVersion: z.number().int().min(0).optional()
});
export type MoveRdvInput = z.input<typeof MoveRdvInputSchema>;

/** An edit of an existing RDV (agents only): any of its fields, at the version the agent saw. */
export const EditRdvInputSchema = z.object({
	startsAt: instant.optional(),
	durationMinutes: duration.optional(),
	/** null: no lieu any more (a single-use address, or a phone or visio RDV). */
	lieuId: objectId.nullable().optional(),
	/** null or empty: none. */
	singleUseAddress: z.string().trim().max(300, 'L’adresse fait au plus 300 caractères.').nullable().optional(),
	agentIds: z.array(objectId).min(1, 'Choisissez au moins un agent.').max(20).optional(),
	/** null or empty: no note. */
	context: z.string().trim().max(5000, 'La note fait au plus 5000 caractères.').nullable().optional(),
	confirm: z.boolean().optional(),
	/** The version the agent saw: a change made since then is refused, naming who made it. */
	version: z.number({ error: 'Version du RDV attendue.' }).int().min(0)
});
export type EditRdvInput = z.input<typeof EditRdvInputSchema>;

/** Adding usagers to an RDV or a collective session (agents only), with their notification choices. */
export const AddParticipantsInputSchema = z.object({
	usagerIds: z.array(objectId).min(1, 'Choisissez au moins un usager.').max(500),
	sendLifecycleNotifications: z.boolean().optional(),
	sendReminderNotification: z.boolean().optional(),
	confirm: z.boolean().optional(),
	version: z.number({ error: 'Version du RDV attendue.' }).int().min(0)
});
export type AddParticipantsInput = z.input<typeof AddParticipantsInputSchema>;

/** A participant's notification choices. */
export const UpdateParticipantInputSchema = z.object({
	sendLifecycleNotifications: z.boolean().optional(),
	sendReminderNotification: z.boolean().optional(),
	version: z.number({ error: 'Version du RDV attendue.' }).int().min(0)
});
export type UpdateParticipantInput = z.input<typeof UpdateParticipantInputSchema>;

/**
 * A new RDV time must lie on the claims' 5-minute grain (domain/booking-rules.ts says why): checked after the
 * session branch, since joining a session takes the session's own time, whatever was sent.
 */
export function grainFailure(startsAt: Date, durationMinutes: number): BookingFailure | null {
	const startError = rdvStartError(startsAt);
	if (startError) return fail('invalid', startError, { fieldErrors: { startsAt: startError } });
	// A motif's duration is on the grain (its model says so); an older one may not be.
	if (!isRdvDuration(durationMinutes))
		return fail('invalid', RDV_DURATION_GRAIN_MESSAGE, {
			fieldErrors: { durationMinutes: RDV_DURATION_GRAIN_MESSAGE }
		});
	return null;
}
