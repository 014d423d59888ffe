import { error } from '@sveltejs/kit';
import { devOutboxAllowed } from '$lib/server/http/loopback';
import { getOutboxEmail } from '$lib/server/notify/outbox';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	if (!devOutboxAllowed(event)) error(404, 'Page introuvable');
	const email = await getOutboxEmail(event.params.id);
	if (!email) error(404, 'Page introuvable');
	return { email };
};
