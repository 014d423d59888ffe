/**
 * Schemas of the public availability API (/api/v1/public/…): no token, the same motifs and slots as the public
 * booking pages, and nothing personal — organisations, lieux, motifs and times only.
 */
import { z } from 'zod';
import { LOCATION_TYPES, TERRITORY_TIME_ZONES } from '../../domain/types.ts';
import { env } from '../env.ts';
import type { RateLimitSetting } from './endpoint.ts';
import { InstantSchema } from './list-schemas.ts';
import { component } from './openapi.ts';
import { DaySchema } from './plage-schemas.ts';
import { ObjectIdSchema } from './schemas.ts';

/** Per client network, over both public endpoints; PUBLIC_API_RATE_LIMIT per minute (600 by default). */
export const PUBLIC_API_RATE_LIMIT: RateLimitSetting = {
	get max() {
		return env.publicApiRateLimit;
	},
	windowMs: 60_000
};

/** Answers may be kept 30 s by browsers and shared caches: the booking re-checks every slot. */
export const PUBLIC_API_CACHE_CONTROL = 'public, max-age=30';

export const PUBLIC_API_RESPONSE_HEADERS = {
	'Cache-Control': 'public, max-age=30 : la réponse peut être gardée 30 secondes par les caches.'
};

export const PUBLIC_API_ERRORS = {
	429: 'Trop de requêtes depuis cette adresse réseau : réessayez après le délai de l’en-tête Retry-After (secondes).'
};

export const DepartementSchema = z
	.string()
	.trim()
	.toUpperCase()
	.regex(/^(\d{2,3}|2[AB])$/, 'Numéro de département attendu, par exemple 62, 2A ou 974')
	.describe('Numéro du département, par exemple « 62 », « 2A » ou « 974 ».');

export const PublicMotifsQuerySchema = z
	.object({
		departement: DepartementSchema.optional(),
		organisation: ObjectIdSchema.optional().describe('Une seule organisation (prioritaire sur le département).'),
		service: ObjectIdSchema.optional().describe('Seulement les motifs de ce service.')
	})
	.superRefine((q, ctx) => {
		if (!q.departement && !q.organisation)
			ctx.addIssue({
				code: 'custom',
				path: ['departement'],
				message: 'Indiquez un département ou une organisation.'
			});
	});

export const PublicOrganisationSchema = component(
	'PublicOrganisation',
	z
		.object({
			id: ObjectIdSchema,
			name: z.string(),
			slug: z.string().describe('Partie lisible du lien public /org/{id}/{slug}.'),
			phone: z.string().optional(),
			email: z.string().optional(),
			website: z.string().optional(),
			openingHoursText: z.string().optional().describe('Horaires d’accueil, en texte libre.')
		})
		.describe('Organisation et ses coordonnées publiques.')
);

export const PublicMotifSchema = component(
	'PublicMotif',
	z
		.object({
			key: z.string().describe('Clé du motif, la même pour un nom et un type de lieu dans toutes les organisations.'),
			name: z.string(),
			locationType: z
				.enum(LOCATION_TYPES)
				.describe(
					'public_office : sur place ; phone : par téléphone ; home : à domicile ; visio : en visioconférence.'
				),
			serviceId: ObjectIdSchema,
			instructionsBeforeBooking: z.string().optional().describe('Texte « à lire avant de prendre RDV ».'),
			offers: z
				.array(z.object({ organisationId: ObjectIdSchema, motifId: ObjectIdSchema }))
				.describe('Le motif de chaque organisation qui le propose : motifId sert à /api/v1/public/creneaux.')
		})
		.describe('Motif ouvert à la réservation en ligne.')
);

export const PublicMotifListSchema = component(
	'PublicMotifList',
	z.object({
		motifs: z.array(PublicMotifSchema),
		organisations: z.array(PublicOrganisationSchema).describe('Les organisations cherchées, avec leurs coordonnées.')
	})
);

export const PublicCreneauxQuerySchema = z.object({
	motifId: ObjectIdSchema.describe('Motif d’une organisation (voir offers de /api/v1/public/motifs).'),
	lieuId: ObjectIdSchema.optional().describe('Seulement ce lieu (motifs sur place).'),
	from: DaySchema.describe('Premier jour (inclus), dans le fuseau du territoire.'),
	to: DaySchema.optional().describe('Dernier jour (exclu) ; from + 7 jours par défaut, 31 jours au plus.')
});

export const PublicCreneauxSchema = component(
	'PublicCreneaux',
	z
		.object({
			organisationId: ObjectIdSchema,
			motifId: ObjectIdSchema,
			lieuId: ObjectIdSchema.optional(),
			timeZone: z.enum(TERRITORY_TIME_ZONES),
			from: z.string(),
			to: z.string(),
			slots: z.array(
				z.object({
					startsAt: InstantSchema,
					day: z.string().describe('Jour local AAAA-MM-JJ.'),
					time: z.string().describe('Heure locale HH:MM.'),
					lieuId: ObjectIdSchema.optional()
				})
			)
		})
		.describe('Créneaux libres réservables en ligne : un par heure (et par lieu), quel que soit l’agent.')
);
