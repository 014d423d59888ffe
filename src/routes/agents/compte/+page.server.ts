import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { loadAccountSummary } from '$lib/server/auth/account';
import {
	API_TOKEN_LIFETIME_DAYS,
	API_TOKEN_NAME_MAX,
	ApiTokenError,
	DEFAULT_API_TOKEN_LIFETIME_DAYS,
	MAX_ACTIVE_API_TOKENS,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '$lib/server/auth/api-token';
import { revokeAgentCredentials } from '$lib/server/auth/credentials';
import { revokedTokensSentence, setAuthNotice, takeAuthNotice } from '$lib/server/auth/notice';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { requireAgent } from '$lib/server/route-guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, cookies }) => {
	const agent = requireAgent(locals, url);
	const [account, tokens] = await Promise.all([loadAccountSummary(agent), listApiTokens(agent.id)]);
	const now = Date.now();
	// Set by a password reset just before redirecting here: say what it ended.
	const reset = takeAuthNotice(cookies, 'password-reset');
	return {
		account,
		tokens: tokens.map((t) => ({
			...t,
			status: t.revokedAt ? 'revoked' : t.expiresAt.getTime() <= now ? 'expired' : 'active'
		})),
		maxActiveTokens: MAX_ACTIVE_API_TOKENS,
		lifetimes: API_TOKEN_LIFETIME_DAYS,
		defaultLifetime: DEFAULT_API_TOKEN_LIFETIME_DAYS,
		resetNotice: reset
			? {
					title: 'Votre nouveau mot de passe est enregistré',
					text: `Toutes vos autres sessions ont été fermées. ${revokedTokensSentence(reset.apiTokens)}`
				}
			: null
	};
};

const createSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Donnez un nom au jeton, par exemple le script qui l’utilisera.')
		.max(API_TOKEN_NAME_MAX, `Le nom ne doit pas dépasser ${API_TOKEN_NAME_MAX} caractères.`),
	lifetimeDays: z.coerce
		.number({ error: 'Choisissez une durée de validité.' })
		.refine((d) => (API_TOKEN_LIFETIME_DAYS as readonly number[]).includes(d), 'Choisissez une durée de validité.')
});

const revokeSchema = z.object({ tokenId: z.string().min(1), confirm: z.literal('oui').optional() });

/** Messages shown next to the create form's fields. */
type CreateErrors = { name?: string; lifetimeDays?: string };

export const actions: Actions = {
	create: async ({ locals, url, request }) => {
		const agent = requireAgent(locals, url);
		const form = await request.formData();
		const name = String(form.get('name') ?? '');
		const lifetimeDays = String(form.get('lifetimeDays') ?? DEFAULT_API_TOKEN_LIFETIME_DAYS);
		const parsed = createSchema.safeParse({ name, lifetimeDays });
		if (!parsed.success) {
			const errors: CreateErrors = {};
			for (const issue of parsed.error.issues) errors[issue.path[0] as keyof CreateErrors] ??= issue.message;
			return fail(400, { action: 'create' as const, name, lifetimeDays, errors });
		}
		try {
			const { token, summary } = await createApiToken(agent.id, parsed.data.name, {
				lifetimeDays: parsed.data.lifetimeDays,
				sessionId: locals.sessionId ?? undefined
			});
			return { action: 'create' as const, created: { name: summary.name, token, expiresAt: summary.expiresAt } };
		} catch (err) {
			if (err instanceof ApiTokenError && err.reason === 'too_many') {
				return fail(400, {
					action: 'create' as const,
					name,
					lifetimeDays,
					errors: {
						name: `Vous avez déjà ${MAX_ACTIVE_API_TOKENS} jetons actifs : révoquez-en un avant d’en créer un autre.`
					} as CreateErrors
				});
			}
			// The session was ended while the token was being created (a reset or « Se déconnecter partout »
			// elsewhere): the token is already revoked, and this browser must sign in again.
			if (err instanceof ApiTokenError && err.reason === 'session_ended') redirect(303, '/connexion');
			throw err;
		}
	},

	/** Two steps, so that it works without JavaScript: first ask for confirmation, then revoke. */
	revoke: async ({ locals, url, request }) => {
		const agent = requireAgent(locals, url);
		const parsed = revokeSchema.safeParse(Object.fromEntries(await request.formData()));
		if (!parsed.success) return fail(400, { action: 'revoke' as const, revokeError: 'Demande invalide.' });
		const token = (await listApiTokens(agent.id)).find((t) => t.id === parsed.data.tokenId && !t.revokedAt);
		if (!token) {
			return fail(404, { action: 'revoke' as const, revokeError: 'Ce jeton n’existe pas ou est déjà révoqué.' });
		}
		if (!parsed.data.confirm) return { action: 'revoke' as const, confirm: { id: token.id, name: token.name } };
		await revokeApiToken(agent.id, token.id);
		return { action: 'revoke' as const, revoked: { name: token.name } };
	},

	/**
	 * « Se déconnecter partout »: ends every session (this one included, and the sockets opened with them), revokes
	 * every API token and pending reset link, then sends the browser to the sign-in page, which says what was
	 * ended. Two steps without JavaScript, like revoke.
	 */
	signOutEverywhere: async ({ locals, url, request, cookies }) => {
		const agent = requireAgent(locals, url);
		const form = await request.formData();
		if (form.get('confirm') !== 'oui') return { action: 'signOutEverywhere' as const, confirmSignOut: true };
		const revoked = await revokeAgentCredentials(agent.id);
		deleteSessionCookie(cookies);
		setAuthNotice(cookies, 'signed-out-everywhere', revoked);
		redirect(303, `/connexion?redirectTo=${encodeURIComponent('/agents/compte')}`);
	}
};
