/**
 * A local OpenID provider standing in for FranceConnect (oidc-provider v9, in process, on 127.0.0.1): one
 * confidential client, one fixed person, and interactions that sign that person in and consent at once, so a
 * journey goes start → provider → callback with no page to fill. Used by tests/integration/franceconnect.test.ts
 * and, run as a script (`node tests/helpers/fake-oidc-provider.ts`), by the e2e server (playwright.config.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Provider from 'oidc-provider';

export interface FakePerson {
	sub: string;
	email?: string;
	given_name: string;
	family_name: string;
	birthdate: string;
}

export const FAKE_PERSON: FakePerson = {
	sub: 'fc-sub-0001',
	email: 'camille.franceconnect@example.fr',
	given_name: 'Camille',
	family_name: 'Fontaine',
	birthdate: '1987-05-14'
};

export const FAKE_CLIENT = { clientId: 'guichet-test', clientSecret: 'guichet-test-secret-0123456789abcdef' };

export interface FakeOidcProvider {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** The person the next sign-in returns (tests change it between journeys). */
	person: FakePerson;
	/** When true, the next interactions answer `access_denied` (the usager cancelled at the provider). */
	deny: boolean;
	close(): Promise<void>;
}

export async function startFakeOidcProvider(options: {
	redirectUris: string[];
	port?: number;
	person?: FakePerson;
}): Promise<FakeOidcProvider> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const state: FakeOidcProvider = {
		issuer,
		...FAKE_CLIENT,
		person: { ...(options.person ?? FAKE_PERSON) },
		deny: false,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};

	const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: FAKE_CLIENT.clientId,
				client_secret: FAKE_CLIENT.clientSecret,
				redirect_uris: options.redirectUris,
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_post'
			}
		],
		jwks: { keys: [{ ...key, kid: 'fake-fc', use: 'sig', alg: 'RS256' }] },
		cookies: { keys: ['fake-oidc-provider-cookie-key'] },
		// FranceConnect's scopes are named after the claims they release.
		scopes: ['openid', 'email', 'given_name', 'family_name', 'birthdate'],
		claims: {
			openid: ['sub'],
			email: ['email'],
			given_name: ['given_name'],
			family_name: ['family_name'],
			birthdate: ['birthdate']
		},
		features: { devInteractions: { enabled: false } },
		// Explicit lifetimes (seconds): the defaults work but the library says so on every first use.
		ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		findAccount: (_ctx, id) => ({
			accountId: id,
			claims: async () => {
				const { sub: _sub, ...claims } = state.person;
				return { sub: id, ...claims };
			}
		})
	});
	const handleProvider = provider.callback();

	/** Signs the fixed person in, then consents to whatever was asked. */
	async function interact(req: IncomingMessage, res: ServerResponse) {
		const details = await provider.interactionDetails(req, res);
		let result: Record<string, unknown>;
		if (state.deny) {
			result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
		} else if (details.prompt.name === 'login') {
			result = { login: { accountId: state.person.sub } };
		} else {
			const grant = details.grantId
				? await provider.Grant.find(details.grantId)
				: new provider.Grant({ accountId: details.session?.accountId, clientId: String(details.params.client_id) });
			if (!grant) throw new Error('grant not found');
			const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
			if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
			if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
			result = { consent: { grantId: await grant.save() } };
		}
		const location = await provider.interactionResult(req, res, result, { mergeWithLastSubmission: true });
		res.writeHead(303, { location });
		res.end();
	}

	server.on('request', (req, res) => {
		if (req.url?.startsWith('/interaction/')) {
			interact(req, res).catch((err: Error) => {
				res.writeHead(500, { 'content-type': 'text/plain' });
				res.end(err.message);
			});
			return;
		}
		void handleProvider(req, res);
	});
	return state;
}

// As a script: the e2e server's provider (FRANCECONNECT_* in playwright.config.ts point here).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const port = Number(process.env.FAKE_OIDC_PORT ?? 4180);
	const redirectUri = process.env.FAKE_OIDC_REDIRECT_URI ?? 'http://localhost:4173/usager/franceconnect/callback';
	const fake = await startFakeOidcProvider({ port, redirectUris: [redirectUri] });
	console.log(`fake OpenID provider at ${fake.issuer}`);
}
