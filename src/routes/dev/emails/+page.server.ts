import { error } from '@sveltejs/kit';
import { devOutboxAllowed } from '$lib/server/http/loopback';
import { listOutboxEmails } from '$lib/server/notify/outbox';
import type { PageServerLoad } from './$types';

/** Reset links are in here: only the person at this machine may read it (see http/loopback.ts). */
export const load: PageServerLoad = async (event) => {
	if (!devOutboxAllowed(event)) error(404, 'Page introuvable');
	const to = event.url.searchParams.get('to')?.trim() || undefined;
	return { to: to ?? '', emails: await listOutboxEmails({ to }) };
};
