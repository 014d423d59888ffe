import { redirect } from '@sveltejs/kit';
import { dayError } from '$lib/domain/calendar-day';
import {
	FUNNEL_PATHS,
	funnelHref,
	parseFunnelParams,
	searchStep,
	type FunnelParams,
	type PublicGridDto,
	type PublicOrganisationDto,
	type PublicPlaceCardDto
} from '$lib/domain/public-booking';
import { geocoder, type GeocodedAddress } from '$lib/server/geo';
import {
	listPublicMotifs,
	listPublicOrganisations,
	listPublicPlaces,
	listPublicServices,
	publicGrid,
	type PublicAudience
} from '$lib/server/services/public-booking';
import type { PageServerLoad } from './$types';

/** The text typed in the address search (home page or first step): not a funnel parameter, it is resolved here. */
const SEARCH_PARAM = 'recherche';

const ADDRESS_NOT_FOUND =
	'Adresse introuvable : précisez-la avec son code postal (par exemple « 8 place du Théâtre 62000 Arras »), ou choisissez votre département.';

/** The funnel parameters an address found by the geocoder stands for. */
function addressParams(found: GeocodedAddress, embed: boolean | undefined): FunnelParams {
	return {
		departement: found.departement,
		...(found.latitude !== undefined && found.longitude !== undefined
			? { adresse: found.label, latitude: found.latitude, longitude: found.longitude }
			: {}),
		...(embed ? { embed: true } : {})
	};
}

/**
 * The search steps of the booking funnel (address → service → motif → lieu → créneau): which one the address
 * stands for (searchStep), and what it shows. Malformed parameters were dropped by parseFunnelParams; an id that
 * names nothing (a forged or stale link) answers the step with an empty result and a clear message, never an
 * error page. No personal data is read or shown: organisations, lieux, motifs and times only.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const params = parseFunnelParams(url.searchParams);
	const audience: PublicAudience = params.prescripteur ? 'prescripteur' : 'usager';
	const scope = { departement: params.departement, organisation: params.organisation };
	const now = new Date();

	const typed = url.searchParams.get(SEARCH_PARAM)?.trim();
	if (typed !== undefined) {
		const found = typed ? await geocoder().search(typed) : [];
		if (found.length === 1) redirect(303, funnelHref(FUNNEL_PATHS.search, addressParams(found[0], params.embed)));
		return {
			params,
			view: {
				step: 'address' as const,
				query: typed,
				error: found.length === 0 ? (typed ? ADDRESS_NOT_FOUND : 'Saisissez votre adresse.') : undefined,
				choices: found.map((f) => ({ label: f.label, params: addressParams(f, params.embed) }))
			}
		};
	}

	const step = searchStep(params);
	switch (step) {
		case 'address':
			return { params, view: { step, query: '', error: undefined, choices: [] } };

		case 'service': {
			const services = await listPublicServices({ ...scope, audience }, now);
			// One service: nothing to choose (the « Retour » of the motif step skips it too).
			if (services.length === 1) {
				redirect(303, funnelHref(FUNNEL_PATHS.search, { ...params, service: services[0].id }));
			}
			const contacts = services.length === 0 ? await listPublicOrganisations(scope, now) : [];
			return { params, view: { step, services, contacts } };
		}

		case 'motif': {
			const [motifs, services] = await Promise.all([
				listPublicMotifs({ ...scope, service: params.service, audience }, now),
				listPublicServices({ ...scope, audience }, now)
			]);
			const contacts = motifs.length === 0 ? await listPublicOrganisations(scope, now) : [];
			return {
				params,
				view: {
					step,
					motifs: motifs.map(({ key, name, locationType }) => ({ key, name, locationType })),
					service: services.find((s) => s.id === params.service) ?? null,
					serviceSkipped: services.length === 1,
					contacts
				}
			};
		}

		case 'lieu': {
			const [motif, result] = await Promise.all([
				chosenMotif(params, audience, now),
				listPublicPlaces(
					{ ...scope, service: params.service, motif: params.motif, audience, ...coordinates(params) },
					now
				)
			]);
			return {
				params,
				view: { step, motif, places: result.places, contacts: result.contacts, timeZone: result.timeZone }
			};
		}

		case 'creneau':
		case 'chosen':
			return { params, view: await slotStep(params, step, audience, now, locals.usager !== null) };
	}
};

const coordinates = (p: FunnelParams) =>
	p.latitude !== undefined && p.longitude !== undefined ? { latitude: p.latitude, longitude: p.longitude } : {};

async function chosenMotif(params: FunnelParams, audience: PublicAudience, now: Date) {
	const motifs = await listPublicMotifs(
		{
			departement: params.departement,
			organisation: params.organisation,
			service: params.service,
			motif: params.motif,
			audience
		},
		now
	);
	const motif = motifs[0];
	return motif
		? { name: motif.name, locationType: motif.locationType, instructionsBeforeBooking: motif.instructionsBeforeBooking }
		: null;
}

export interface SlotStepView {
	step: 'creneau' | 'chosen';
	motif: Awaited<ReturnType<typeof chosenMotif>>;
	/** The lieu card (or organisation card) chosen; null when the link names none of the motif's. */
	place: PublicPlaceCardDto | null;
	contacts: PublicOrganisationDto[];
	grid: PublicGridDto | null;
	/** The slot chosen is not (or no longer) offered: the grid is shown again with a message. */
	slotGone: boolean;
	/** Where accepting the « à lire avant » text leads. */
	nextHref: string;
}

/**
 * The 7-day grid of the place chosen, and once a time is chosen the way on. The place card gives the
 * organisation and the concrete motif behind the deduplicated key (a lieu belongs to one organisation; phone,
 * visio and home motifs name the organisation), and proves the lieu offers that motif in the scope.
 */
async function slotStep(
	params: FunnelParams,
	step: 'creneau' | 'chosen',
	audience: PublicAudience,
	now: Date,
	signedIn: boolean
): Promise<SlotStepView> {
	const scope = { departement: params.departement, organisation: params.organisation };
	const [motif, result] = await Promise.all([
		chosenMotif(params, audience, now),
		listPublicPlaces({ ...scope, service: params.service, motif: params.motif, audience }, now)
	]);
	const place =
		result.places.find((c) => (params.lieu ? c.lieu?.id === params.lieu : c.organisation.id === params.organisation)) ??
		null;
	// The person booking for themselves identifies (or is already), a prescripteur gives their own details.
	const nextHref = funnelHref(
		params.prescripteur
			? FUNNEL_PATHS.prescripteur
			: signedIn
				? FUNNEL_PATHS.informations
				: FUNNEL_PATHS.identification,
		params
	);
	const view: SlotStepView = { step, motif, place, contacts: result.contacts, grid: null, slotGone: false, nextHref };
	if (!motif || !place) return view;

	// The week shown: the one navigated to, else (a deep link to a slot) the days around the slot, else today.
	// A day before the territory's today starts at today (publicGrid), hence the day before in UTC.
	const utcDay = (d: Date) => d.toISOString().slice(0, 10);
	const dayBefore = (d: Date) => utcDay(new Date(d.getTime() - 86_400_000));
	const from =
		[params.date, params.creneau ? dayBefore(new Date(params.creneau)) : undefined].find(
			(day) => day !== undefined && !dayError(day)
		) ?? dayBefore(now);
	const grid = await publicGrid({
		organisationId: place.organisation.id,
		motifId: place.motifId,
		lieuId: place.lieu?.id,
		from,
		audience,
		now
	});
	view.grid = grid;
	if (step === 'chosen' && grid && params.creneau) {
		const chosen = Date.parse(params.creneau);
		const offered = grid.days.some((d) => d.slots.some((s) => Date.parse(s.startsAt) === chosen));
		if (!offered) view.slotGone = true;
		// Nothing to read first: straight on (a redirect, so « back » from the next page returns to the grid).
		else if (!motif.instructionsBeforeBooking) redirect(303, nextHref);
	}
	return view;
}
