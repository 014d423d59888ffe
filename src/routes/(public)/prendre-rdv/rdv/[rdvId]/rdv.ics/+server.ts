import { error } from '@sveltejs/kit';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { bookedRdvIcs } from '$lib/server/services/public-booking';
import type { RequestHandler } from './$types';

/** « Ajouter à mon agenda »: the RDV as an iCalendar file, for the usager taking part (or responsible) only. */
export const GET: RequestHandler = async (event) => {
	const usager = requireUsager(event);
	const found = await bookedRdvIcs(usager.id, event.params.rdvId, {
		host: event.url.host,
		origin: event.url.origin
	});
	if (!found) error(404, 'Rendez-vous introuvable.');
	return new Response(found.ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'attachment; filename="rendez-vous.ics"',
			'cache-control': 'private, no-store'
		}
	});
};
