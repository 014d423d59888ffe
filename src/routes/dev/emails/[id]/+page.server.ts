import { error } from '@sveltejs/kit';
import { env } from '$lib/server/env';
import { getOutboxEmail } from '$lib/server/notify/outbox';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => {
	if (!env.devOutboxEnabled) error(404, 'Page introuvable');
	const email = await getOutboxEmail(params.id);
	if (!email) error(404, 'Page introuvable');
	return { email };
};
