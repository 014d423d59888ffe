import { error, fail, redirect } from '@sveltejs/kit';
import { formatDay, formatTimeFr } from '$lib/domain/creneaux-grid';
import { localDay, localTime } from '$lib/domain/local-time';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { moveUsagerRdv, usagerMoveGrid } from '$lib/server/services/usager-space';
import type { Actions, PageServerLoad } from './$types';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The chosen slot from the address, when it is an instant at all (the move re-checks everything else). */
function chosenInstant(value: string | null): Date | null {
	if (!value || !ISO_INSTANT.test(value)) return null;
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? null : date;
}

export const load: PageServerLoad = async (event) => {
	const usager = requireUsager(event);
	const search = event.url.searchParams;
	const result = await usagerMoveGrid(usager.id, event.params.rdvId, search.get('date') ?? undefined);
	if (!result.ok && result.code === 'not_found') error(404, 'Rendez-vous introuvable.');
	if (!result.ok) return { rdv: result.rdv, refusal: result.message, grid: null, chosen: null };
	const instant = chosenInstant(search.get('creneau'));
	const tz = result.rdv.timeZone;
	return {
		rdv: result.rdv,
		refusal: null,
		grid: result.grid,
		chosen: instant
			? {
					startsAt: instant.toISOString(),
					label: `${formatDay(localDay(instant, tz))} à ${formatTimeFr(localTime(instant, tz))}`
				}
			: null
	};
};

export const actions: Actions = {
	move: async (event) => {
		const usager = requireUsager(event);
		const form = await event.request.formData();
		const startsAt = String(form.get('startsAt') ?? '');
		if (!chosenInstant(startsAt)) return fail(400, { moveError: 'Choisissez un créneau dans la grille.' });
		const version = Number(form.get('version'));
		const result = await moveUsagerRdv(usager.id, event.params.rdvId, {
			startsAt,
			expectedVersion: Number.isInteger(version) && version >= 0 ? version : undefined
		});
		if (result.ok) redirect(303, `/mon-espace/rdvs/${event.params.rdvId}?deplace=1`);
		if (result.code === 'not_found') error(404, 'Rendez-vous introuvable.');
		// A taken slot (or a change made meanwhile): the grid again, with what it says now.
		if (result.code === 'conflict') return fail(409, { slotGone: result.message });
		return fail(result.code === 'forbidden' ? 403 : 400, { moveError: result.message });
	}
};
