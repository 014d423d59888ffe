/**
 * The geocoder against a local fake of the national address API: answers mapped to départements and
 * coordinates, and the postcode / département fallback when the API is slow, failing, down or finds nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { banGeocoder, composedGeocoder, fromBanFeature, geocoder } from '../../src/lib/server/geo/index.ts';
import { logger } from '../../src/lib/server/logger.ts';
import { closedPortUrl, startFakeGeocoder, type FakeGeocoder } from '../helpers/fake-geocoder.ts';

let fake: FakeGeocoder;
const saved = process.env.GEOCODER_URL;

beforeAll(async () => {
	fake = await startFakeGeocoder();
});

afterEach(() => {
	fake.delayMs = 0;
	fake.failWith = null;
	vi.restoreAllMocks();
});

afterAll(async () => {
	if (saved === undefined) delete process.env.GEOCODER_URL;
	else process.env.GEOCODER_URL = saved;
	await fake.close();
});

describe('the national address API', () => {
	it('maps features to label, postcode, city code, département and coordinates', async () => {
		const found = await banGeocoder({ baseUrl: fake.url }).search('8 place du théâtre arras');
		expect(found).toEqual([
			{
				label: '8 Place du Théâtre 62000 Arras',
				postcode: '62000',
				citycode: '62041',
				departement: '62',
				latitude: 50.2915,
				longitude: 2.7797
			}
		]);
		expect(fake.queries.at(-1)).toBe('8 place du théâtre arras');
	});

	it('reads Corsica from the context', async () => {
		const [ajaccio] = await banGeocoder({ baseUrl: fake.url }).search('cours napoléon ajaccio');
		expect(ajaccio.departement).toBe('2A');
	});

	it('derives the département from the postcode without a context, and drops unusable features', () => {
		expect(
			fromBanFeature({
				properties: { label: '1 rue A 20200 Bastia', postcode: '20200' },
				geometry: { coordinates: [] }
			})
		).toEqual({ label: '1 rue A 20200 Bastia', postcode: '20200', departement: '2B' });
		expect(fromBanFeature({ properties: { postcode: '62000' } })).toBeNull();
		expect(fromBanFeature({ properties: { label: 'Monaco', postcode: '98000' } })).toBeNull();
		expect(
			fromBanFeature({
				properties: { label: 'X', postcode: '62000', context: '62, Pas-de-Calais' },
				geometry: { coordinates: [500, 50] }
			})
		).toEqual({ label: 'X', postcode: '62000', departement: '62' });
	});

	it('is the default through GEOCODER_URL', async () => {
		process.env.GEOCODER_URL = fake.url;
		const before = fake.queries.length;
		const [lens] = await geocoder().search('10 rue de Lille Lens');
		expect(lens).toMatchObject({ departement: '62', latitude: 50.4322 });
		expect(fake.queries.length).toBe(before + 1);
	});
});

describe('the fallback', () => {
	it('answers from the postcode when the API is slower than the timeout', async () => {
		fake.delayMs = 800;
		const started = Date.now();
		const found = await composedGeocoder(banGeocoder({ baseUrl: fake.url, timeoutMs: 200 })).search(
			'8 place du Théâtre, 62000 Arras'
		);
		expect(Date.now() - started).toBeLessThan(700);
		expect(found).toEqual([{ label: '8 place du Théâtre, 62000 Arras', postcode: '62000', departement: '62' }]);
	});

	it('answers from the postcode when the API fails, without logging the address', async () => {
		fake.failWith = 503;
		const warn = vi.spyOn(logger, 'warn');
		const found = await composedGeocoder(banGeocoder({ baseUrl: fake.url })).search('3 rue Inconnue 20200 Bastia');
		expect(found).toEqual([{ label: '3 rue Inconnue 20200 Bastia', postcode: '20200', departement: '2B' }]);
		expect(warn).toHaveBeenCalledTimes(1);
		expect(JSON.stringify(warn.mock.calls)).not.toMatch(/Inconnue|20200|Bastia/);
	});

	it('answers from the postcode when nothing listens', async () => {
		process.env.GEOCODER_URL = await closedPortUrl();
		expect(await geocoder().search('12 rue Haute 97400 Saint-Denis')).toEqual([
			{ label: '12 rue Haute 97400 Saint-Denis', postcode: '97400', departement: '974' }
		]);
	});

	it('answers from the postcode when the API finds nothing, and nothing without one', async () => {
		const g = composedGeocoder(banGeocoder({ baseUrl: fake.url }));
		expect(await g.search('rue des Nulle Part 59000 Lille')).toEqual([
			{ label: 'rue des Nulle Part 59000 Lille', postcode: '59000', departement: '59' }
		]);
		expect(await g.search('rue des Nulle Part')).toEqual([]);
	});

	it('takes a bare département without asking the API', async () => {
		const before = fake.queries.length;
		const g = composedGeocoder(banGeocoder({ baseUrl: fake.url }));
		expect(await g.search('62')).toEqual([{ label: '62', postcode: '', departement: '62' }]);
		expect(await g.search('Pas-de-Calais')).toEqual([{ label: 'Pas-de-Calais', postcode: '', departement: '62' }]);
		expect(fake.queries.length).toBe(before);
	});
});
