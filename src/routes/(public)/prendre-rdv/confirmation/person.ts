/**
 * Whom the RDV is for travels from « Pour qui » to the confirmation as `pour` (an usager id: the usager's own or
 * a relative's, checked again by each page and by the booking). It is not a search parameter: the funnel's
 * search steps neither need nor keep it.
 */
import { FUNNEL_PATHS, funnelHref, type FunnelParams } from '$lib/domain/public-booking';

export const PERSON_PARAM = 'pour';

export function confirmationHref(params: FunnelParams, personId: string): string {
	const href = funnelHref(FUNNEL_PATHS.confirmation, params);
	return `${href}${href.includes('?') ? '&' : '?'}${PERSON_PARAM}=${encodeURIComponent(personId)}`;
}

/** A slot that cannot be booked (any more), as the funnel's last pages show it. */
export interface SlotRefusalView {
	message: string;
	/** The next free slots, each re-entering the page with it. */
	nextSlots: { label: string; href: string }[];
	gridHref: string;
}
