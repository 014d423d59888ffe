import { error } from '@sveltejs/kit';
import { env } from '$lib/server/env';
import { listOutboxEmails } from '$lib/server/notify/outbox';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	if (!env.devOutboxEnabled) error(404, 'Page introuvable');
	const to = url.searchParams.get('to')?.trim() || undefined;
	return { to: to ?? '', emails: await listOutboxEmails({ to }) };
};
