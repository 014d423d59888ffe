/** GET /organisations/{orgId}/board: the supervisors' « Aujourd'hui » of one organisation. */
import { z } from 'zod';
import { BOARD_STATUSES } from '$lib/domain/board';
import { RDV_STATUSES } from '$lib/domain/types';
import { InstantSchema } from '$lib/server/api/list-schemas';
import { component } from '$lib/server/api/openapi';
import { ObjectIdSchema } from '$lib/server/api/schemas';

const PersonSchema = z.object({ id: ObjectIdSchema, firstName: z.string(), lastName: z.string() });

const countersShape = Object.fromEntries(BOARD_STATUSES.map((s) => [s, z.number().int()])) as Record<
	(typeof BOARD_STATUSES)[number],
	z.ZodNumber
>;

export const BoardSchema = component(
	'OrganisationBoard',
	z
		.object({
			organisationId: ObjectIdSchema,
			day: z.string().describe('Jour local (AAAA-MM-JJ) dans le fuseau de l’organisation.'),
			counters: z
				.object({ ...countersShape, total: z.number().int() })
				.describe(
					'RDV du jour par statut : upcoming (à venir), to_fill (commencés, statut à renseigner), seen (honorés), noshow (absents non excusés), excused (annulés par l’usager), revoked (annulés par le service).'
				),
			occupancy: z
				.array(
					PersonSchema.extend({
						bookedMinutes: z.number().int().describe('Minutes du jour couvertes par des RDV non annulés.'),
						openMinutes: z
							.number()
							.int()
							.describe(
								'Minutes des plages d’ouverture du jour dans l’organisation, absences et jours fériés déduits.'
							),
						percent: z.number().int().nullable().describe('Occupation en % ; null sans plage ouverte.'),
						rdvCount: z.number().int()
					})
				)
				.describe('Occupation par agent (agents ayant des plages ou des RDV ce jour), par nom.'),
			bookedMinutes: z.number().int(),
			openMinutes: z.number().int(),
			percent: z.number().int().nullable(),
			toFill: z
				.array(
					z.object({
						id: ObjectIdSchema,
						startsAt: InstantSchema,
						endsAt: InstantSchema,
						motif: z.object({ id: ObjectIdSchema, name: z.string() }),
						agents: z.array(PersonSchema)
					})
				)
				.describe('RDV du jour commencés dont le statut reste à renseigner, par début.'),
			latest: z
				.array(
					z.object({
						rdvId: ObjectIdSchema,
						at: InstantSchema,
						actor: PersonSchema.optional().describe('L’agent auteur du changement, s’il est connu.'),
						status: z.enum(RDV_STATUSES),
						startsAt: InstantSchema,
						motifName: z.string(),
						agents: z.array(PersonSchema)
					})
				)
				.describe('Derniers changements des RDV du jour, du plus récent au plus ancien.'),
			nextSlots: z
				.array(
					z.object({
						motif: z.object({ id: ObjectIdSchema, name: z.string(), color: z.string() }),
						next: z
							.object({ startsAt: InstantSchema, day: z.string(), time: z.string() })
							.nullable()
							.describe('Premier créneau réservable en ligne ; null s’il n’y en a pas dans les six mois.'),
						emptyMessage: z.string().optional()
					})
				)
				.describe('Prochain créneau réservable en ligne de chaque motif ouvert en ligne, le plus proche d’abord.')
		})
		.describe('Le tableau de bord du jour d’une organisation (sans données personnelles des usagers).')
);
