/**
 * FranceConnect against a local OpenID provider (oidc-provider, tests/helpers/fake-oidc-provider.ts): the whole
 * flow through HTTP (start → provider → callback → session), and the refusals: a forged state, a replayed
 * callback, a cancelled sign-in, an unconfigured or unreachable provider.
 */
import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Usager } from '../../src/lib/server/db/models/usager.ts';
import { UsagerSession } from '../../src/lib/server/db/models/usager-session.ts';
import { FRANCECONNECT_FLOW_COOKIE } from '../../src/lib/server/auth/usager-franceconnect.ts';
import { USAGER_SESSION_COOKIE, validateUsagerSessionToken } from '../../src/lib/server/auth/usager-session.ts';
import * as start from '../../src/routes/(public)/usager/franceconnect/+server.ts';
import * as callback from '../../src/routes/(public)/usager/franceconnect/callback/+server.ts';
import * as connexion from '../../src/routes/(public)/usager/connexion/+page.server.ts';
import { FAKE_PERSON, startFakeOidcProvider, type FakeOidcProvider } from '../helpers/fake-oidc-provider.ts';
import { requestEvent } from '../helpers/request-event.ts';

const ORIGIN = 'http://localhost:3000';
const CALLBACK = `${ORIGIN}/usager/franceconnect/callback`;
let fake: FakeOidcProvider;

function configure(issuer: string) {
	process.env.ORIGIN = ORIGIN;
	process.env.FRANCECONNECT_ISSUER = issuer;
	process.env.FRANCECONNECT_CLIENT_ID = fake.clientId;
	process.env.FRANCECONNECT_CLIENT_SECRET = fake.clientSecret;
}

beforeAll(async () => {
	fake = await startFakeOidcProvider({ redirectUris: [CALLBACK] });
});

afterAll(async () => {
	await fake.close();
	for (const k of ['ORIGIN', 'FRANCECONNECT_ISSUER', 'FRANCECONNECT_CLIENT_ID', 'FRANCECONNECT_CLIENT_SECRET'])
		delete process.env[k];
});

let n = 0;
beforeEach(() => {
	configure(fake.issuer);
	fake.deny = false;
	fake.person = { ...FAKE_PERSON, sub: `fc-${++n}-${Date.now()}`, email: `fc-${n}-${Date.now()}@exemple.fr` };
});

/** Runs a handler; returns where it redirected and the event (its cookies). */
async function run(handler: unknown, event: RequestEvent): Promise<string> {
	try {
		await (handler as (e: RequestEvent) => Promise<Response>)(event);
	} catch (thrown) {
		if (isRedirect(thrown)) return thrown.location;
		throw thrown;
	}
	throw new Error('no redirect');
}

/** « S’identifier avec FranceConnect »: the provider's address and the flow cookie. */
async function begin(redirectTo = '/mon-espace') {
	const event = requestEvent({ path: `/usager/franceconnect?redirectTo=${encodeURIComponent(redirectTo)}` });
	const location = await run(start.GET, event);
	return { location, flowCookie: event.cookies.get(FRANCECONNECT_FLOW_COOKIE) };
}

/** The browser at the provider: follows its redirects (with its cookies) until it sends us back. */
async function throughProvider(authorizeUrl: string): Promise<URL> {
	const jar = new Map<string, string>();
	let url = authorizeUrl;
	for (let hop = 0; hop < 10; hop++) {
		if (url.startsWith(CALLBACK)) return new URL(url);
		const res = await fetch(url, {
			redirect: 'manual',
			headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }
		});
		for (const c of res.headers.getSetCookie()) {
			const [pair] = c.split(';');
			const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
			jar.set(name, value);
		}
		const next = res.headers.get('location');
		if (!next) throw new Error(`provider stopped at ${url} with ${res.status}: ${await res.text()}`);
		url = new URL(next, url).href;
	}
	throw new Error('too many redirects at the provider');
}

/** The provider sent the browser back: our callback with the given flow cookie. */
async function finish(back: URL, flowCookie: string | undefined) {
	const event = requestEvent({ path: back.pathname + back.search });
	if (flowCookie) event.cookies.set(FRANCECONNECT_FLOW_COOKIE, flowCookie, { path: '/' });
	const location = await run(callback.GET, event);
	return { location, token: event.cookies.get(USAGER_SESSION_COOKIE) };
}

describe('FranceConnect', () => {
	it('signs in through the provider, creating the usager with the names and birth date it gives', async () => {
		const { location, flowCookie } = await begin('/prendre-rdv/informations?departement=62');
		const authorize = new URL(location);
		expect(authorize.origin).toBe(fake.issuer);
		expect(authorize.searchParams.get('scope')).toBe('openid email given_name family_name birthdate');
		expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
		expect(authorize.searchParams.get('nonce')).toBeTruthy();
		expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);

		const back = await throughProvider(location);
		const done = await finish(back, flowCookie);
		expect(done.location).toBe('/prendre-rdv/informations?departement=62');
		const session = await validateUsagerSessionToken(done.token ?? '');
		expect(session?.usager).toMatchObject({
			email: fake.person.email,
			firstName: 'Camille',
			lastName: 'Fontaine',
			via: 'franceconnect'
		});
		const usager = await Usager.findOne({ email: fake.person.email }).lean();
		expect(usager).toMatchObject({ birthDate: '1987-05-14', account: { via: 'franceconnect' } });
	});

	it('opens the existing usager of that e-mail without overwriting its names', async () => {
		const existing = await Usager.create({ firstName: 'Camille-Anne', lastName: 'Fontaine', email: fake.person.email });
		const { location, flowCookie } = await begin();
		const done = await finish(await throughProvider(location), flowCookie);
		expect(done.location).toBe('/mon-espace');
		expect((await validateUsagerSessionToken(done.token ?? ''))?.usager.id).toBe(String(existing._id));
		expect(await Usager.findById(existing._id).lean()).toMatchObject({ firstName: 'Camille-Anne' });
	});

	it('refuses a forged state and a callback without its flow cookie', async () => {
		const { location, flowCookie } = await begin();
		const back = await throughProvider(location);
		const forged = new URL(back);
		forged.searchParams.set('state', 'forged-state');
		const refused = await finish(forged, flowCookie);
		expect(refused.location).toMatch(/^\/usager\/connexion\?franceconnect=expired&/);
		expect(refused.token).toBeUndefined();
		const noCookie = await finish(back, undefined);
		expect(noCookie.location).toMatch(/franceconnect=expired/);
		expect(await Usager.countDocuments({ email: fake.person.email })).toBe(0);
	});

	it('refuses a replayed callback', async () => {
		const { location, flowCookie } = await begin();
		const back = await throughProvider(location);
		const first = await finish(back, flowCookie);
		expect(first.token).toBeDefined();
		const sessions = await UsagerSession.countDocuments({});
		// The same request again, cookie included (an attacker holding both): the provider refuses the used code.
		const replay = await finish(back, flowCookie);
		expect(replay.location).toMatch(/franceconnect=failed/);
		expect(replay.token).toBeUndefined();
		expect(await UsagerSession.countDocuments({})).toBe(sessions);
	});

	it('says the sign-in was cancelled when the usager refuses at the provider', async () => {
		fake.deny = true;
		const { location, flowCookie } = await begin();
		const back = await throughProvider(location);
		expect(back.searchParams.get('error')).toBe('access_denied');
		const done = await finish(back, flowCookie);
		expect(done.location).toMatch(/franceconnect=refused/);
		const page = await (connexion.load as (e: RequestEvent) => unknown)(requestEvent({ path: done.location }));
		expect(page).toMatchObject({
			franceConnectError: expect.stringMatching(/^La connexion avec FranceConnect a été annulée/)
		});
	});

	it('refuses an usager without e-mail from the provider', async () => {
		fake.person = { ...fake.person, email: undefined };
		const { location, flowCookie } = await begin();
		const done = await finish(await throughProvider(location), flowCookie);
		expect(done.location).toMatch(/franceconnect=no_email/);
	});

	it('is hidden when unconfigured, and fails cleanly when the provider is unreachable', async () => {
		const shown = await (connexion.load as (e: RequestEvent) => unknown)(requestEvent({ path: '/usager/connexion' }));
		expect(shown).toMatchObject({ franceConnect: true });
		delete process.env.FRANCECONNECT_ISSUER;
		const hidden = await (connexion.load as (e: RequestEvent) => unknown)(requestEvent({ path: '/usager/connexion' }));
		expect(hidden).toMatchObject({ franceConnect: false });
		const event = requestEvent({ path: '/usager/franceconnect' });
		await expect((start.GET as (e: RequestEvent) => Promise<Response>)(event)).rejects.toMatchObject({ status: 404 });

		configure('http://127.0.0.1:9');
		const down = await begin();
		expect(down.location).toBe('/usager/connexion?franceconnect=failed&redirectTo=%2Fmon-espace');
	});
});
