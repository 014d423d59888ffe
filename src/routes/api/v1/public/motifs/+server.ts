import { apiHandler } from '$lib/server/api/handler';
import {
	PUBLIC_API_CACHE_CONTROL,
	PUBLIC_API_ERRORS,
	PUBLIC_API_RATE_LIMIT,
	PUBLIC_API_RESPONSE_HEADERS,
	PublicMotifListSchema,
	PublicMotifsQuerySchema
} from '$lib/server/api/public-schemas';
import { listPublicMotifs, listPublicOrganisations } from '$lib/server/services/public-booking';

export const GET = apiHandler(
	{
		operationId: 'listPublicMotifs',
		summary: 'Motifs réservables en ligne',
		description:
			'Sans jeton. Les motifs ouverts à la réservation en ligne par les usagers dans les organisations d’un département (ou d’une seule organisation), un par nom et type de lieu, avec le motif de chaque organisation qui le propose. Limité par adresse réseau ; réponses gardées 30 secondes.',
		tags: ['Réservation en ligne'],
		auth: false,
		query: PublicMotifsQuerySchema,
		response: PublicMotifListSchema,
		rateLimit: PUBLIC_API_RATE_LIMIT,
		cacheControl: PUBLIC_API_CACHE_CONTROL,
		responseHeaders: PUBLIC_API_RESPONSE_HEADERS,
		errorDescriptions: PUBLIC_API_ERRORS
	},
	async ({ query }) => {
		const scope = { departement: query.departement, organisation: query.organisation };
		const [motifs, organisations] = await Promise.all([
			listPublicMotifs({ ...scope, service: query.service, audience: 'usager' }),
			listPublicOrganisations(scope)
		]);
		return { motifs, organisations };
	}
);
