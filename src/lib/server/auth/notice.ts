/**
 * A one-time notice carried across a redirect in a short-lived cookie: after « Se déconnecter partout » the
 * sign-in page says what was ended, after a password reset « Mon compte » does. A cookie rather than a query
 * parameter, so that nobody can craft a link that shows it; read once, then deleted.
 */
import type { Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import { env } from '../env.ts';
import type { RevokedCredentials } from './credentials.ts';

const NOTICE_COOKIE = 'guichet_notice';
const NOTICE_MAX_AGE_S = 5 * 60;

const noticeSchema = z.object({
	kind: z.enum(['signed-out-everywhere', 'password-reset']),
	sessions: z.number().int().min(0),
	apiTokens: z.number().int().min(0)
});
export type AuthNotice = z.infer<typeof noticeSchema>;

const cookieOptions = () => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure: env.secureCookies });

export function setAuthNotice(cookies: Cookies, kind: AuthNotice['kind'], revoked: RevokedCredentials): void {
	const notice: AuthNotice = { kind, sessions: revoked.sessions, apiTokens: revoked.apiTokens };
	cookies.set(NOTICE_COOKIE, JSON.stringify(notice), { ...cookieOptions(), maxAge: NOTICE_MAX_AGE_S });
}

/** The notice of this kind, if one is waiting, consumed; a notice for another page is left for that page. */
export function takeAuthNotice(cookies: Cookies, kind: AuthNotice['kind']): AuthNotice | null {
	const raw = cookies.get(NOTICE_COOKIE);
	if (raw === undefined) return null;
	let parsed: AuthNotice | null = null;
	try {
		parsed = noticeSchema.safeParse(JSON.parse(raw)).data ?? null;
	} catch {
		// Not ours (or tampered with): dropped below.
	}
	if (parsed && parsed.kind !== kind) return null;
	cookies.delete(NOTICE_COOKIE, cookieOptions());
	return parsed;
}

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** What the revocation ended, in French, for the DSFR alert that follows it. */
export function revokedTokensSentence(apiTokens: number): string {
	return apiTokens === 0
		? 'Vous n’aviez aucun jeton d’API actif.'
		: `${plural(apiTokens, 'jeton d’API a été révoqué', 'jetons d’API ont été révoqués')} : les scripts qui les utilisaient n’ont plus accès à l’API.`;
}
