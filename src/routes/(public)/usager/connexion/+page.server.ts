import { redirect } from '@sveltejs/kit';
import { USAGER_SPACE_PATH } from '$lib/domain/public-booking';
import { safeRedirectPath } from '$lib/domain/redirect';
import { emailCodeActions } from '$lib/server/auth/usager-code-actions';
import { franceConnectEnabled, franceConnectMessage } from '$lib/server/auth/usager-franceconnect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'), USAGER_SPACE_PATH);
	if (locals.usager) redirect(303, redirectTo);
	return {
		redirectTo,
		franceConnect: franceConnectEnabled(),
		franceConnectError: franceConnectMessage(url.searchParams.get('franceconnect'))
	};
};

export const actions: Actions = emailCodeActions;
