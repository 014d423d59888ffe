import { apiHandler } from '$lib/server/api/handler';
import { searchCall } from '$lib/server/api/creneaux-query';
import {
	PUBLIC_API_CACHE_CONTROL,
	PUBLIC_API_ERRORS,
	PUBLIC_API_RATE_LIMIT,
	PUBLIC_API_RESPONSE_HEADERS,
	PublicCreneauxQuerySchema,
	PublicCreneauxSchema
} from '$lib/server/api/public-schemas';
import { MAX_SEARCH_DAYS } from '$lib/server/services/creneaux';
import { publicCreneaux } from '$lib/server/services/public-booking';
import { addDays } from '$lib/domain/local-time';

export const GET = apiHandler(
	{
		operationId: 'listPublicCreneaux',
		summary: 'Créneaux réservables en ligne d’un motif',
		description: `Sans jeton. Les créneaux qu’un usager peut réserver en ligne, les mêmes que sur les pages de réservation : dans les délais de réservation du motif, un par heure (et par lieu) quel que soit l’agent, entre deux jours locaux (au plus ${MAX_SEARCH_DAYS} jours ; 7 par défaut). Un motif inconnu ou fermé à la réservation en ligne répond 404. Limité par adresse réseau ; réponses gardées 30 secondes.`,
		tags: ['Réservation en ligne'],
		auth: false,
		query: PublicCreneauxQuerySchema,
		response: PublicCreneauxSchema,
		rateLimit: PUBLIC_API_RATE_LIMIT,
		cacheControl: PUBLIC_API_CACHE_CONTROL,
		responseHeaders: PUBLIC_API_RESPONSE_HEADERS,
		errors: [404],
		errorDescriptions: PUBLIC_API_ERRORS
	},
	async ({ query }) =>
		searchCall(() =>
			publicCreneaux({
				motifId: query.motifId,
				lieuId: query.lieuId,
				from: query.from,
				to: query.to ?? addDays(query.from, 7),
				audience: 'usager'
			})
		)
);
