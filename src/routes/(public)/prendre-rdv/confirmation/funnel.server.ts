/**
 * What the funnel's last pages (« Vos informations », « Pour qui », confirmation) check on every request: the
 * usager signed in, the slot their parameters name, and whether it can still be booked.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { formatDay, formatTimeFr } from '$lib/domain/creneaux-grid';
import { localDay } from '$lib/domain/local-time';
import {
	FUNNEL_PATHS,
	funnelHref,
	parseFunnelParams,
	previousStepParams,
	type FunnelParams
} from '$lib/domain/public-booking';
import { requireUsager } from '$lib/server/auth/usager-guard';
import { checkOnlineSlot, resolveFunnelSlot, type BookOnlineFailure } from '$lib/server/services/public-booking';
import type { SlotRefusalView } from './person';

/**
 * The usager and the slot. A link naming no bookable motif, or no slot, goes back to the search without the slot
 * (the grid there never sends forward again, whatever it has cached).
 */
export async function funnelSlot(event: RequestEvent) {
	const usager = requireUsager(event);
	const params = parseFunnelParams(event.url.searchParams);
	const slot = await resolveFunnelSlot(params, 'usager');
	if (!slot) redirect(303, gridHref(params));
	return { usager, params, slot, actor: { kind: 'usager' as const, usagerId: usager.id } };
}

/** The grid of the motif and place chosen, without the slot. */
export const gridHref = (params: FunnelParams) => funnelHref(FUNNEL_PATHS.search, previousStepParams(params, 'chosen'));

/** A refusal as the pages show it: the message, the next free slots as links, the way back to the grid. */
export function refusalView(
	refusal: BookOnlineFailure,
	params: FunnelParams,
	hrefFor: (p: FunnelParams) => string
): SlotRefusalView {
	const timeZone = refusal.timeZone ?? 'Europe/Paris';
	return {
		message: refusal.message,
		nextSlots: (refusal.nextSlots ?? []).map((s) => ({
			label: `${formatDay(localDay(new Date(s.startsAt), timeZone))} à ${formatTimeFr(s.time)}`,
			href: hrefFor({ ...params, creneau: s.startsAt })
		})),
		gridHref: gridHref(params)
	};
}

/** Whether the slot can still be booked (null) or why not, shown in place of the page's form. */
export async function slotRefusal(
	found: Awaited<ReturnType<typeof funnelSlot>>,
	hrefFor: (p: FunnelParams) => string
): Promise<SlotRefusalView | null> {
	const refusal = await checkOnlineSlot({ ...found.slot, actor: found.actor });
	return refusal ? refusalView(refusal, found.params, hrefFor) : null;
}
