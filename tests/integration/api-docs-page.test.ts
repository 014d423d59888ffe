import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/api/v1/docs/+page.server.ts';
import Page from '../../src/routes/api/v1/docs/+page.svelte';
import { requestEvent } from '../helpers/request-event.ts';
import type { OpenApiDocument } from '../../src/lib/server/api/openapi.ts';

describe('/api/v1/docs', () => {
	it('renders every operation, parameter, schema and error code of the document in French', async () => {
		const data = (await load(requestEvent({ path: '/api/v1/docs' }) as never)) as {
			doc: OpenApiDocument;
			errorCodes: { code: string }[];
		};
		const { body } = render(Page, { props: { data: data as never, params: {} as never } as never });
		for (const [path, methods] of Object.entries(data.doc.paths)) {
			for (const op of Object.values(methods)) {
				expect(body).toContain(`id="op-${op.operationId}"`);
				for (const p of op.parameters ?? []) expect(body).toContain(`<code>${p.name}</code>`);
			}
			expect(body).toContain(`<code>${path}</code>`);
		}
		for (const name of Object.keys(data.doc.components.schemas)) expect(body).toContain(`id="schema-${name}"`);
		for (const { code } of data.errorCodes) expect(body).toContain(`<code>${code}</code>`);
		expect(body).toContain('Authorization: Bearer');
		// References link to their schema's section.
		expect(body).toContain('href="#schema-Organisation"');
	});
});
