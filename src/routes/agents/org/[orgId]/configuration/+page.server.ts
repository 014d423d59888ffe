import { requireOrganisationAdmin } from '$lib/server/config-pages';
import { listLieux } from '$lib/server/services/lieux';
import { listMotifs } from '$lib/server/services/motifs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireOrganisationAdmin(locals, url, params.orgId);
	const [lieux, motifs] = await Promise.all([
		listLieux(params.orgId, { includeDisabled: true }),
		listMotifs(params.orgId)
	]);
	return { lieuCount: lieux.length, motifCount: motifs.length };
};
