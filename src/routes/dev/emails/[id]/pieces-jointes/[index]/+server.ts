import { error } from '@sveltejs/kit';
import { devOutboxAllowed } from '$lib/server/http/loopback';
import { getOutboxAttachment } from '$lib/server/notify/outbox';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { params } = event;
	if (!devOutboxAllowed(event)) error(404, 'Page introuvable');
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
