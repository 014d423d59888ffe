import { error } from '@sveltejs/kit';
import { env } from '$lib/server/env';
import { getOutboxAttachment } from '$lib/server/notify/outbox';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params }) => {
	if (!env.devOutboxEnabled) error(404, 'Page introuvable');
	const attachment = await getOutboxAttachment(params.id, Number(params.index));
	if (!attachment) error(404, 'Page introuvable');
	return new Response(new Uint8Array(attachment.content), {
		headers: {
			'content-type': attachment.contentType,
			// Always a download: an attachment must never render as a page of this site.
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
			'x-content-type-options': 'nosniff'
		}
	});
};
