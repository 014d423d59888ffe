/**
 * A local stand-in for the national address API (BAN): `GET /search/?q=…&limit=…` answering GeoJSON features
 * from a small table, on 127.0.0.1. Tests point GEOCODER_URL (or a geocoder's baseUrl) at it; `delayMs` makes
 * it slower than the client's timeout, `failWith` answers an HTTP error.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAddress {
	label: string;
	postcode: string;
	citycode: string;
	/** BAN's 'number, name, région'. */
	context: string;
	latitude: number;
	longitude: number;
}

/** A few addresses of the demo territories (Pas-de-Calais, Corse-du-Sud). */
export const FAKE_ADDRESSES: FakeAddress[] = [
	{
		label: '8 Place du Théâtre 62000 Arras',
		postcode: '62000',
		citycode: '62041',
		context: '62, Pas-de-Calais, Hauts-de-France',
		latitude: 50.2915,
		longitude: 2.7797
	},
	{
		label: '10 Rue de Lille 62300 Lens',
		postcode: '62300',
		citycode: '62498',
		context: '62, Pas-de-Calais, Hauts-de-France',
		latitude: 50.4322,
		longitude: 2.8301
	},
	{
		label: '1 Cours Napoléon 20000 Ajaccio',
		postcode: '20000',
		citycode: '2A004',
		context: '2A, Corse-du-Sud, Corse',
		latitude: 41.9234,
		longitude: 8.7369
	}
];

export interface FakeGeocoder {
	url: string;
	/** The `q` of every request received, in order. */
	queries: string[];
	delayMs: number;
	failWith: number | null;
	close(): Promise<void>;
}

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** Matches when every word of the query appears in the label (BAN ranks; this table is small enough to filter). */
function search(q: string, limit: number): object {
	const words = fold(q)
		.split(/[^\p{L}\p{N}]+/u)
		.filter(Boolean);
	const features = FAKE_ADDRESSES.filter((a) => words.every((w) => fold(a.label).includes(w)))
		.slice(0, limit)
		.map((a) => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [a.longitude, a.latitude] },
			properties: { label: a.label, score: 0.9, postcode: a.postcode, citycode: a.citycode, context: a.context }
		}));
	return { type: 'FeatureCollection', version: 'draft', features, query: q, limit };
}

export async function startFakeGeocoder(): Promise<FakeGeocoder> {
	const state = { delayMs: 0, failWith: null as number | null };
	const queries: string[] = [];
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname !== '/search/') {
			res.writeHead(404).end();
			return;
		}
		const q = url.searchParams.get('q') ?? '';
		queries.push(q);
		const answer = () => {
			if (state.failWith) {
				res.writeHead(state.failWith, { 'content-type': 'application/json' }).end('{"message":"down"}');
				return;
			}
			res
				.writeHead(200, { 'content-type': 'application/json' })
				.end(JSON.stringify(search(q, Number(url.searchParams.get('limit') ?? 5))));
		};
		if (state.delayMs > 0) setTimeout(answer, state.delayMs);
		else answer();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		queries,
		get delayMs() {
			return state.delayMs;
		},
		set delayMs(v) {
			state.delayMs = v;
		},
		get failWith() {
			return state.failWith;
		},
		set failWith(v) {
			state.failWith = v;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** A loopback port nothing listens on (bound then released): a geocoder that is down. */
export async function closedPortUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return `http://127.0.0.1:${port}`;
}
