import { requireUsager } from '$lib/server/auth/usager-guard';
import { listUsagerRdvs } from '$lib/server/services/usager-space';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const past = event.url.searchParams.get('vue') === 'passes';
	const lists = await listUsagerRdvs(usager.id);
	return {
		past,
		people: lists.people,
		rdvs: past ? lists.past : lists.upcoming,
		counts: {
			upcoming: lists.upcoming.length,
			past: lists.past.length
		}
	};
};
