/**
 * The public availability API (/api/v1/public/motifs and /creneaux): no token, every response checked against
 * the OpenAPI document, cacheable answers, precise errors, a per-network rate limit, and nothing personal.
 * The clock is set to 2027-03-01 (Date only): the fixture's plages start on 2027-03-22, inside the usagers'
 * booking window that the API applies from the real « now ».
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiEndpoints, openApiDocument } from '../../src/lib/server/api/registry.ts';
import { GET as listCreneaux } from '../../src/routes/api/v1/public/creneaux/+server.ts';
import { GET as listMotifs } from '../../src/routes/api/v1/public/motifs/+server.ts';
import { documentedApi, type Handler } from '../helpers/api-client.ts';
import { openApiShapeErrors } from '../helpers/openapi.ts';
import { createSchedulingFixture, NOW, paris, type SchedulingFixture } from '../helpers/scheduling-fixture.ts';

let f: SchedulingFixture;
const { call, unvalidated } = documentedApi(openApiDocument());
const savedLimit = process.env.PUBLIC_API_RATE_LIMIT;

/** The handler as reached from another client address (the helper's events all come from 127.0.0.1). */
const fromAddress =
	(handler: Handler, address: string): Handler =>
	(event: never) =>
		handler({ ...(event as object), getClientAddress: () => address } as never);

const motifs = (query: string, handler: Handler = listMotifs) =>
	call(handler, { path: `/api/v1/public/motifs?${query}` });
const creneaux = (query: string, handler: Handler = listCreneaux) =>
	call(handler, { path: `/api/v1/public/creneaux?${query}` });

beforeAll(async () => {
	vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
	f = await createSchedulingFixture();
});

afterAll(() => {
	vi.useRealTimers();
	if (savedLimit === undefined) delete process.env.PUBLIC_API_RATE_LIMIT;
	else process.env.PUBLIC_API_RATE_LIMIT = savedLimit;
});

describe('the document', () => {
	it('documents both endpoints as public, cacheable and rate-limited', () => {
		const doc = openApiDocument();
		expect(openApiShapeErrors(doc)).toEqual([]);
		for (const path of ['/api/v1/public/motifs', '/api/v1/public/creneaux']) {
			const op = doc.paths[path]?.get as {
				security: unknown[];
				responses: Record<string, { headers?: Record<string, unknown> }>;
			};
			expect(op.security).toEqual([]);
			expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '422', '429']));
			expect(Object.keys(op.responses)).not.toContain('401');
			expect(op.responses['200'].headers).toHaveProperty('Cache-Control');
		}
	});
});

describe('GET /api/v1/public/motifs', () => {
	it('lists the motifs open to usagers with each organisation’s motif, cacheable', async () => {
		const res = await motifs('departement=62');
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=30');
		expect(res.body).toEqual({
			motifs: [
				{
					key: 'consultation-pmi--public_office',
					name: 'Consultation PMI',
					locationType: 'public_office',
					serviceId: f.pmi,
					offers: [{ organisationId: f.arras, motifId: f.motif }]
				}
			],
			organisations: [
				{ id: f.arras, name: 'MDS Arras', slug: 'mds-arras' },
				{ id: f.lens, name: 'MDS Lens', slug: 'mds-lens' }
			]
		});
	});

	it('narrows to one organisation (Lens opens its motif to prescripteurs only)', async () => {
		const res = await motifs(`organisation=${f.lens}`);
		expect(res.body).toEqual({ motifs: [], organisations: [{ id: f.lens, name: 'MDS Lens', slug: 'mds-lens' }] });
		expect((await motifs(`departement=62&service=${f.social}`)).body).toMatchObject({ motifs: [] });
		expect((await motifs('departement=01')).body).toEqual({ motifs: [], organisations: [] });
	});

	it('refuses a search without a place, or a malformed one', async () => {
		const none = await motifs('');
		expect(none.status).toBe(422);
		expect(none.body).toMatchObject({
			error: {
				code: 'validation_failed',
				details: [{ location: 'query', path: 'departement', message: 'Indiquez un département ou une organisation.' }]
			}
		});
		expect(none.headers.get('cache-control')).toBe('no-store');
		expect((await motifs('departement=Calais')).body).toMatchObject({
			error: { code: 'validation_failed', details: [{ path: 'departement' }] }
		});
		expect((await motifs('organisation=42')).status).toBe(422);
	});
});

describe('GET /api/v1/public/creneaux', () => {
	it('gives the same slots as the pages, one per time, without agents', async () => {
		const res = await creneaux(`motifId=${f.motif}&from=2027-03-22`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=30');
		const body = res.body as { slots: { startsAt: string; day: string; time: string; lieuId?: string }[] };
		expect(body).toMatchObject({
			organisationId: f.arras,
			motifId: f.motif,
			timeZone: 'Europe/Paris',
			from: '2027-03-22',
			to: '2027-03-29'
		});
		expect(body.slots).toHaveLength(5 * 6);
		expect(body.slots[0]).toEqual({
			startsAt: paris('2027-03-22', '09:00').toISOString(),
			day: '2027-03-22',
			time: '09:00',
			lieuId: f.lieu
		});
		expect(JSON.stringify(res.body)).not.toMatch(/agent|Alice|Martin|example\.org|Paul/i);
		const atLieu = await creneaux(`motifId=${f.motif}&lieuId=${f.lieu}&from=2027-03-22&to=2027-03-23`);
		expect((atLieu.body as typeof body).slots.map((s) => s.time)).toEqual([
			'09:00',
			'09:30',
			'10:00',
			'10:30',
			'11:00',
			'11:30'
		]);
	});

	it('answers 404 for an unknown motif, one closed online, or another organisation’s lieu', async () => {
		for (const query of [
			`motifId=${new Types.ObjectId().toHexString()}&from=2027-03-22`,
			`motifId=${f.lensMotif}&from=2027-03-22`,
			`motifId=${f.motif}&lieuId=${f.lensLieu}&from=2027-03-22`
		]) {
			const res = await creneaux(query);
			expect(res.status, query).toBe(404);
			expect(res.body).toMatchObject({ error: { code: 'not_found' } });
		}
	});

	it('refuses bad ranges and malformed parameters with the field named', async () => {
		const cases: [string, string][] = [
			['motifId=abc&from=2027-03-22', 'motifId'],
			[`motifId=${f.motif}`, 'from'],
			[`motifId=${f.motif}&from=2027-02-30`, 'from'],
			[`motifId=${f.motif}&from=2027-03-22&to=2027-05-01`, 'to'],
			[`motifId=${f.motif}&from=2027-03-22&to=2027-03-22`, 'to']
		];
		for (const [query, path] of cases) {
			const res = await creneaux(query);
			expect(res.status, query).toBe(422);
			expect(res.body, query).toMatchObject({ error: { code: 'validation_failed', details: [{ path }] } });
		}
		expect(((await creneaux(cases[3][0])).body as { error: { message: string } }).error.message).toMatch(
			/au plus 31 jours/
		);
	});
});

describe('rate limit', () => {
	it('allows PUBLIC_API_RATE_LIMIT requests a minute per network over both endpoints, then 429', async () => {
		process.env.PUBLIC_API_RATE_LIMIT = '3';
		const address = '203.0.113.7';
		expect((await motifs('departement=62', fromAddress(listMotifs, address))).status).toBe(200);
		expect((await creneaux(`motifId=${f.motif}&from=2027-03-22`, fromAddress(listCreneaux, address))).status).toBe(200);
		// Bad requests count too: they cost a database round trip all the same.
		expect((await motifs('', fromAddress(listMotifs, address))).status).toBe(422);
		const refused = await motifs('departement=62', fromAddress(listMotifs, address));
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(refused.body).toMatchObject({
			error: { code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } }
		});
		// Another network has its own budget; an IPv6 client's whole /64 shares one.
		expect((await motifs('departement=62', fromAddress(listMotifs, '203.0.113.8'))).status).toBe(200);
		const v6 = (n: number) => fromAddress(listMotifs, `2001:db8:1:2::${n}`);
		for (const n of [1, 2, 3]) expect((await motifs('departement=62', v6(n))).status).toBe(200);
		expect((await motifs('departement=62', v6(4))).status).toBe(429);
		process.env.PUBLIC_API_RATE_LIMIT = '600';
	});
});

describe('coverage', () => {
	it('validated a success response of every public endpoint', () => {
		const own = apiEndpoints().filter((e) => e.path.startsWith('/api/v1/public/'));
		expect(own).toHaveLength(2);
		expect(unvalidated(own)).toEqual([]);
	});
});
