import { redirect } from '@sveltejs/kit';
import { FUNNEL_PATHS, funnelHref, parseFunnelParams } from '$lib/domain/public-booking';
import { emailCodeActions } from '$lib/server/auth/usager-code-actions';
import { franceConnectEnabled, franceConnectMessage } from '$lib/server/auth/usager-franceconnect';
import type { Actions, PageServerLoad } from './$types';

/**
 * The funnel's identification step: skipped when an usager session exists; else the e-mail code (or
 * FranceConnect), then on to « Vos informations » with every parameter of the funnel.
 */
export const load: PageServerLoad = ({ locals, url }) => {
	const params = parseFunnelParams(url.searchParams);
	const next = funnelHref(FUNNEL_PATHS.informations, params);
	if (locals.usager) redirect(303, next);
	return {
		redirectTo: next,
		// The provider's pages refuse to be framed: not offered inside a partner's frame.
		franceConnect: franceConnectEnabled() && !params.embed,
		franceConnectError: franceConnectMessage(url.searchParams.get('franceconnect'))
	};
};

export const actions: Actions = emailCodeActions;
