/**
 * FranceConnect for usagers: an OpenID Connect client (openid-client v6), authorization code flow with state,
 * nonce and PKCE, configured by environment (env.franceConnect) and hidden when unconfigured. The flow's secrets
 * wait in a short-lived HttpOnly cookie scoped to `/usager/franceconnect` (SameSite=Lax: the provider sends the
 * browser back with a top-level GET, which carries it). The identity opens or creates the usager by e-mail, as
 * the e-mail code does, and the session says `via: 'franceconnect'`.
 *
 * Not done here: FranceConnect's logout (end_session) when the session came from it; the local session ends,
 * the provider's own session ends with the browser's.
 */
import type { Cookies } from '@sveltejs/kit';
import * as oidc from 'openid-client';
import { env } from '../env.ts';
import { logger } from '../logger.ts';
import { USAGER_SPACE_PATH } from '../../domain/public-booking.ts';
import { safeRedirectPath } from '../../domain/redirect.ts';
import { openUsagerAccount } from './usager-account.ts';
import { createUsagerSession } from './usager-session.ts';

export const FRANCECONNECT_START_PATH = '/usager/franceconnect';
export const FRANCECONNECT_FLOW_COOKIE = 'guichet_fc';
const FLOW_TTL_S = 10 * 60;
export const FRANCECONNECT_SCOPES = 'openid email given_name family_name birthdate';

export type FranceConnectFailure = 'refused' | 'expired' | 'failed' | 'no_email' | 'deleted';

/** Shown on the sign-in page (`?franceconnect=<reason>`). */
export const FRANCECONNECT_MESSAGES: Record<FranceConnectFailure, string> = {
	refused: 'La connexion avec FranceConnect a été annulée. Vous pouvez réessayer ou recevoir un code par e-mail.',
	expired: 'La connexion avec FranceConnect a expiré ou a déjà été utilisée. Recommencez.',
	failed: 'FranceConnect n’a pas pu confirmer votre identité. Réessayez ou recevez un code par e-mail.',
	no_email: 'FranceConnect n’a pas transmis d’adresse e-mail : recevez plutôt un code par e-mail.',
	deleted: 'Ce compte a été supprimé. Contactez l’organisation qui vous suit pour le réactiver.'
};

export function franceConnectMessage(reason: string | null): string | null {
	return reason && reason in FRANCECONNECT_MESSAGES ? FRANCECONNECT_MESSAGES[reason as FranceConnectFailure] : null;
}

export const franceConnectEnabled = () => env.franceConnect !== null;

/** A provider on this machine (the tests' local one) may speak plain http; any other must use https. */
const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

let discovered: { key: string; config: Promise<oidc.Configuration> } | undefined;

/** The provider's configuration, discovered once per process (and again after a failure or a change of settings). */
function providerConfig(settings: NonNullable<typeof env.franceConnect>): Promise<oidc.Configuration> {
	const key = `${settings.issuer}\n${settings.clientId}\n${settings.clientSecret}`;
	if (discovered?.key !== key) {
		const issuer = new URL(settings.issuer);
		const config = oidc.discovery(
			issuer,
			settings.clientId,
			{ client_secret: settings.clientSecret },
			oidc.ClientSecretPost(settings.clientSecret),
			isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined
		);
		config.catch(() => {
			if (discovered?.config === config) discovered = undefined;
		});
		discovered = { key, config };
	}
	return discovered.config;
}

interface Flow {
	state: string;
	nonce: string;
	verifier: string;
	redirectTo: string;
}

const encodeFlow = (flow: Flow) => Buffer.from(JSON.stringify(flow)).toString('base64url');

function decodeFlow(value: string | undefined): Flow | null {
	if (!value || value.length > 2000) return null;
	try {
		const flow = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Flow>;
		const ok = [flow.state, flow.nonce, flow.verifier, flow.redirectTo].every((v) => typeof v === 'string' && v);
		return ok ? (flow as Flow) : null;
	} catch {
		return null;
	}
}

const flowCookieOptions = () => ({
	httpOnly: true,
	sameSite: 'lax' as const,
	path: FRANCECONNECT_START_PATH,
	secure: env.secureCookies
});

/** The provider's authorization address; the flow's secrets go into the cookie. Null when unconfigured. */
export async function startFranceConnect(cookies: Cookies, redirectTo: string | undefined): Promise<string | null> {
	const settings = env.franceConnect;
	if (!settings) return null;
	const config = await providerConfig(settings);
	const flow: Flow = {
		state: oidc.randomState(),
		nonce: oidc.randomNonce(),
		verifier: oidc.randomPKCECodeVerifier(),
		redirectTo: safeRedirectPath(redirectTo, USAGER_SPACE_PATH)
	};
	cookies.set(FRANCECONNECT_FLOW_COOKIE, encodeFlow(flow), { ...flowCookieOptions(), maxAge: FLOW_TTL_S });
	const url = oidc.buildAuthorizationUrl(config, {
		redirect_uri: settings.redirectUri,
		scope: FRANCECONNECT_SCOPES,
		state: flow.state,
		nonce: flow.nonce,
		code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
		code_challenge_method: 'S256'
	});
	return url.href;
}

export type FranceConnectResult =
	| { ok: true; usagerId: string; token: string; expiresAt: Date; redirectTo: string }
	| { ok: false; reason: FranceConnectFailure; redirectTo: string };

const BIRTH_DATE = /^\d{4}-\d{2}-\d{2}$/;
const claim = (v: unknown, max = 100) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);

/**
 * The provider sent the browser back to `callbackUrl`: checks state, nonce and PKCE (openid-client), reads the
 * identity, opens the account and a session. The flow cookie is spent whatever the outcome, so a replayed
 * callback finds nothing to continue (and the provider refuses a code used twice anyway).
 */
export async function finishFranceConnect(
	cookies: Cookies,
	callbackUrl: URL,
	now = new Date()
): Promise<FranceConnectResult> {
	const flow = decodeFlow(cookies.get(FRANCECONNECT_FLOW_COOKIE));
	cookies.delete(FRANCECONNECT_FLOW_COOKIE, flowCookieOptions());
	const redirectTo = flow?.redirectTo ?? USAGER_SPACE_PATH;
	const settings = env.franceConnect;
	if (!settings || !flow) return { ok: false, reason: 'expired', redirectTo };
	if (callbackUrl.searchParams.has('error')) return { ok: false, reason: 'refused', redirectTo };
	if (callbackUrl.searchParams.get('state') !== flow.state) return { ok: false, reason: 'expired', redirectTo };

	let identity: Record<string, unknown>;
	try {
		const config = await providerConfig(settings);
		// Checked against the registered address, whatever host or proxy the request came through.
		const current = new URL(settings.redirectUri);
		current.search = callbackUrl.search;
		const tokens = await oidc.authorizationCodeGrant(config, current, {
			expectedState: flow.state,
			expectedNonce: flow.nonce,
			pkceCodeVerifier: flow.verifier,
			idTokenExpected: true
		});
		const sub = tokens.claims()?.sub;
		if (!sub) throw new Error('no subject in the ID token');
		identity = await oidc.fetchUserInfo(config, tokens.access_token, sub);
	} catch (err) {
		// The provider's or the library's message only: no personal data in it.
		logger.warn({ err: (err as Error).message, scope: 'franceconnect' }, 'FranceConnect callback refused');
		return { ok: false, reason: 'failed', redirectTo };
	}

	const email = claim(identity.email, 320)?.toLowerCase();
	if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, reason: 'no_email', redirectTo };
	const birthDate = claim(identity.birthdate);
	const account = await openUsagerAccount(
		{
			email,
			firstName: claim(identity.given_name),
			lastName: claim(identity.family_name),
			birthDate: birthDate && BIRTH_DATE.test(birthDate) ? birthDate : undefined
		},
		'franceconnect',
		now
	);
	if (!account.ok) return { ok: false, reason: 'deleted', redirectTo };
	const session = await createUsagerSession(account.usagerId, 'franceconnect', now);
	logger.info({ usagerId: account.usagerId, created: account.created }, 'usager signed in with FranceConnect');
	return { ok: true, usagerId: account.usagerId, redirectTo, ...session };
}
