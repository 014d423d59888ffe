/**
 * The scheduling resources of /api/v1 (créneaux and RDVs): response schemas as named OpenAPI components, and
 * the booking service's typed failures as API errors.
 */
import { z } from 'zod';
import { isRdvDuration, RDV_DURATION_GRAIN_MESSAGE } from '../../domain/booking-rules.ts';
import { instantError } from '../../domain/calendar-day.ts';
import { LOCATION_TYPES, RDV_CREATORS, RDV_STATUSES, TERRITORY_TIME_ZONES } from '../../domain/types.ts';
import { component } from './openapi.ts';
import { ObjectIdSchema } from './schemas.ts';

const Day = z.string().describe('Jour local (AAAA-MM-JJ) dans le fuseau du territoire.');
const Time = z.string().describe('Heure locale de début (HH:MM).');
const Instant = z.string().describe('Instant ISO 8601 (UTC).');

export const CreneauSchema = component(
	'Creneau',
	z
		.object({
			agentId: ObjectIdSchema,
			lieuId: ObjectIdSchema.optional(),
			startsAt: Instant,
			endsAt: Instant,
			day: Day,
			time: Time
		})
		.describe('Créneau libre d’un agent.')
);

export const MergedCreneauSchema = component(
	'MergedCreneau',
	z
		.object({
			lieuId: ObjectIdSchema.optional(),
			startsAt: Instant,
			endsAt: Instant,
			day: Day,
			time: Time,
			agentIds: z.array(ObjectIdSchema).describe('Agents libres à cette heure, dans ce lieu.')
		})
		.describe('Créneau par heure : un par lieu et heure de début, avec les agents libres.')
);

export const CollectiveSessionSchema = component(
	'CollectiveSession',
	z
		.object({
			rdvId: ObjectIdSchema,
			agentIds: z.array(ObjectIdSchema),
			lieuId: ObjectIdSchema.optional(),
			startsAt: Instant,
			endsAt: Instant,
			day: Day,
			time: Time,
			seatsLeft: z.number().int().nullable().describe('Places restantes ; null sans maximum.')
		})
		.describe('Séance d’un motif collectif qui a encore des places.')
);

const EmptyReason = z
	.enum(['no_plage', 'all_taken', 'outside_window'])
	.describe(
		'Pourquoi rien n’est proposé : no_plage (aucune plage d’ouverture pour ce motif), all_taken (tout est pris), outside_window (hors des délais de réservation).'
	);

export const CreneauxSearchSchema = component(
	'CreneauxSearch',
	z
		.object({
			organisationId: ObjectIdSchema,
			motifId: ObjectIdSchema,
			from: Day,
			to: Day.describe('Jour local exclu.'),
			timeZone: z.enum(TERRITORY_TIME_ZONES),
			agents: z.array(z.object({ id: ObjectIdSchema, firstName: z.string(), lastName: z.string() })),
			lieux: z.array(z.object({ id: ObjectIdSchema, name: z.string(), address: z.string() })),
			slots: z.array(CreneauSchema).describe('Vue par agent (view=agents) ; vide pour view=merged.'),
			merged: z.array(MergedCreneauSchema).describe('Vue par heure (view=merged) ; vide pour view=agents.'),
			sessions: z.array(CollectiveSessionSchema).describe('Motifs collectifs : séances avec des places.'),
			holidays: z
				.array(z.object({ day: Day, name: z.string().describe('Nom du jour férié, par exemple « Noël ».') }))
				.describe(
					'Jours fériés de la période qui ferment les agendas du territoire (aucun créneau ces jours-là) ; vide si le territoire travaille les jours fériés.'
				),
			emptyReason: EmptyReason.optional(),
			emptyMessage: z.string().optional()
		})
		.describe('Créneaux libres d’un motif entre deux dates.')
);

export const NextCreneauSchema = component(
	'NextCreneau',
	z
		.object({
			next: z
				.object({
					startsAt: Instant,
					day: Day,
					time: Time,
					lieuId: ObjectIdSchema.optional(),
					agentIds: z.array(ObjectIdSchema)
				})
				.nullable()
				.describe('Première disponibilité, ou null dans les six mois.'),
			timeZone: z.enum(TERRITORY_TIME_ZONES),
			emptyReason: EmptyReason.optional(),
			emptyMessage: z.string().optional()
		})
		.describe('Prochaine disponibilité d’un motif (recherche sur six mois).')
);

export const BookingIssueSchema = component(
	'BookingIssue',
	z
		.object({
			code: z
				.string()
				.describe(
					'rdv_overlap, absence_overlap, start_in_past, usager_same_day (même usager, même motif, même jour), usager_consecutive_elsewhere (RDV de l’usager juste avant ou après dans un autre lieu), outside_opening, holiday…'
				),
			message: z.string(),
			agentId: ObjectIdSchema.optional(),
			usagerId: ObjectIdSchema.optional().describe('L’usager concerné (avertissements sur ses autres RDV).'),
			rdvIds: z
				.array(z.string())
				.optional()
				.describe(
					'Les RDV en cause que l’agent du jeton peut voir (un RDV d’une autre organisation ou d’un autre service n’est pas nommé).'
				)
		})
		.describe('Avertissement ou information sur une réservation.')
);

export const RdvSchema = component(
	'Rdv',
	z
		.object({
			id: ObjectIdSchema,
			organisationId: ObjectIdSchema,
			motifId: ObjectIdSchema,
			serviceId: ObjectIdSchema,
			locationType: z.enum(LOCATION_TYPES),
			lieuId: ObjectIdSchema.optional(),
			singleUseAddress: z.string().optional(),
			startsAt: Instant,
			endsAt: Instant,
			durationMinutes: z.number().int(),
			timeZone: z.enum(TERRITORY_TIME_ZONES),
			agentIds: z.array(ObjectIdSchema),
			participants: z.array(
				z.object({
					usagerId: ObjectIdSchema,
					status: z.enum(RDV_STATUSES),
					sendLifecycleNotifications: z.boolean().describe('Messages de création, modification et annulation.'),
					sendReminderNotification: z.boolean().describe('Rappel avant le RDV.')
				})
			),
			status: z
				.enum(RDV_STATUSES)
				.describe(
					'unknown (à venir), seen (honoré), excused (annulé par l’usager), revoked (annulé par le service), noshow.'
				),
			context: z.string().optional(),
			createdBy: z.enum(RDV_CREATORS),
			collective: z.boolean(),
			title: z.string().optional(),
			maxParticipants: z.number().int().optional(),
			cancelledAt: Instant.optional(),
			version: z.number().int().describe('Version, pour détecter les modifications concurrentes.')
		})
		.describe('Rendez-vous.')
);

export const BookedRdvSchema = component(
	'BookedRdv',
	RdvSchema.extend({
		notices: z.array(BookingIssueSchema).describe('Informations sans confirmation (hors plage, jour férié).')
	}).describe('RDV créé, déplacé ou annulé, avec les informations à montrer.')
);

const ObjectIds = z.array(ObjectIdSchema);

/** An RDV's start as bodies take it (creation, edit): a real instant in the accepted years. */
export const RdvStartSchema = z.iso
	.datetime({ offset: true, error: 'Date et heure ISO 8601 attendues.' })
	.superRefine((value, ctx) => {
		const message = instantError(new Date(value));
		if (message) ctx.addIssue({ code: 'custom', message });
	});

/** An RDV's duration in minutes, on the claims' 5-minute grain. */
export const RdvDurationSchema = z.number().int().min(5).max(1440).refine(isRdvDuration, RDV_DURATION_GRAIN_MESSAGE);

export const CreateRdvBodySchema = z
	.object({
		organisationId: ObjectIdSchema,
		motifId: ObjectIdSchema,
		startsAt: RdvStartSchema.describe(
			'Début (ISO 8601), entre l’an 2000 et la fin de l’an 2100, sur un multiple de 5 minutes sans secondes (les agendas sont réservés par pas de 5 minutes) ; une séance rejointe garde son heure.'
		),
		durationMinutes: RdvDurationSchema.optional().describe('En minutes, multiple de 5 ; par défaut la durée du motif.'),
		lieuId: ObjectIdSchema.optional().describe('Requis pour un motif sur place.'),
		singleUseAddress: z.string().trim().min(1).max(300).optional().describe('Adresse ponctuelle (à domicile…).'),
		agentIds: ObjectIds.min(1, 'Choisissez au moins un agent.').max(20),
		usagerIds: ObjectIds.max(500).default([]).describe('Participants (au moins un hors motif collectif).'),
		context: z.string().trim().max(5000).optional().describe('Note de contexte pour les agents.'),
		confirm: z
			.boolean()
			.optional()
			.describe(
				'true pour créer malgré les avertissements (chevauchement, indisponibilité, début passé, autre RDV de l’usager le même jour pour ce motif ou juste avant/après dans un autre lieu) renvoyés par un 409 needs_confirmation.'
			),
		sessionId: ObjectIdSchema.optional().describe('Motif collectif : séance à rejoindre.'),
		title: z.string().trim().max(160).optional().describe('Motif collectif : titre de la nouvelle séance.'),
		maxParticipants: z.number().int().min(1).max(500).optional(),
		notifications: z
			.array(
				z
					.object({
						usagerId: ObjectIdSchema.describe('Un des usagerIds.'),
						sendLifecycleNotifications: z.boolean().describe('Messages de création, modification et annulation.'),
						sendReminderNotification: z.boolean().describe('Rappel avant le RDV.')
					})
					.strict()
			)
			.max(500)
			.optional()
			.describe(
				'Choix de notifications par participant ; un participant absent de la liste reçoit les messages et le rappel.'
			)
	})
	// Unknown fields are refused, as on the plages: a misspelt flag (or the former `override`) must not be ignored.
	.strict()
	// A choice for someone who does not take part, or two for one usager, is a caller's mistake: the service would
	// silently keep one or none.
	.superRefine((body, ctx) => {
		const seen = new Set<string>();
		body.notifications?.forEach(({ usagerId }, i) => {
			const path = ['notifications', i, 'usagerId'];
			if (!body.usagerIds.includes(usagerId))
				ctx.addIssue({ code: 'custom', path, message: 'Cet usager n’est pas dans usagerIds.' });
			else if (seen.has(usagerId))
				ctx.addIssue({ code: 'custom', path, message: 'Un seul choix de notifications par usager.' });
			seen.add(usagerId);
		});
	})
	.describe('Nouveau RDV.');
