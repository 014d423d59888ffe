import { error } from '@sveltejs/kit';
import { bookedRdvPath, USAGER_SPACE_PATH } from '$lib/domain/public-booking';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { getBookedRdv } from '$lib/server/services/public-booking';
import type { PageServerLoad } from './$types';

/** The booked RDV's confirmation: the usager's own or a relative's only — anything else is unknown (404). */
export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const rdv = await getBookedRdv(usager.id, event.params.rdvId);
	if (!rdv) error(404, 'Rendez-vous introuvable.');
	return {
		rdv,
		icsHref: `${bookedRdvPath(rdv.id)}/rdv.ics`,
		spaceHref: USAGER_SPACE_PATH,
		rdvHref: `${USAGER_SPACE_PATH}/rdvs/${rdv.id}`
	};
};
