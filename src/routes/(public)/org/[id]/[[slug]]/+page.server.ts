import { error, redirect } from '@sveltejs/kit';
import { FUNNEL_PATHS, funnelHref } from '$lib/domain/public-booking';
import { getOrganisation } from '$lib/server/services/organisations';
import type { PageServerLoad } from './$types';

/**
 * An organisation's public link, `/org/{id}/{slug}` (printed on letters, put on partner sites): the booking
 * funnel restricted to its motifs. The id decides; the slug only makes the address readable, so an old slug
 * (the organisation was renamed) or a missing one still works. A partner's frame (`embed=1`) stays bare.
 */
export const load: PageServerLoad = async ({ params, url }) => {
	const organisation = await getOrganisation(params.id);
	if (!organisation) error(404, 'Cette organisation est introuvable : vérifiez le lien que vous avez reçu.');
	const embed = url.searchParams.get('embed') === '1';
	if (params.slug !== undefined && params.slug !== organisation.slug) {
		redirect(303, `/org/${organisation.id}/${organisation.slug}${embed ? '?embed=1' : ''}`);
	}
	redirect(
		303,
		funnelHref(FUNNEL_PATHS.search, {
			organisation: organisation.id,
			departement: organisation.departementNumber,
			embed
		})
	);
};
