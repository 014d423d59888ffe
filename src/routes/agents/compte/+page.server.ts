import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { loadAccountSummary } from '$lib/server/auth/account';
import {
	API_TOKEN_NAME_MAX,
	ApiTokenError,
	MAX_ACTIVE_API_TOKENS,
	createApiToken,
	listApiTokens,
	revokeApiToken
} from '$lib/server/auth/api-token';
import { requireAgent } from '$lib/server/route-guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const agent = requireAgent(locals, url);
	const [account, tokens] = await Promise.all([loadAccountSummary(agent), listApiTokens(agent.id)]);
	const now = Date.now();
	return {
		account,
		tokens: tokens.map((t) => ({
			...t,
			status: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active'
		})),
		maxActiveTokens: MAX_ACTIVE_API_TOKENS
	};
};

const createSchema = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Donnez un nom au jeton, par exemple le script qui l’utilisera.')
		.max(API_TOKEN_NAME_MAX, `Le nom ne doit pas dépasser ${API_TOKEN_NAME_MAX} caractères.`)
});

const revokeSchema = z.object({ tokenId: z.string().min(1), confirm: z.literal('oui').optional() });

export const actions: Actions = {
	create: async ({ locals, url, request }) => {
		const agent = requireAgent(locals, url);
		const form = await request.formData();
		const name = String(form.get('name') ?? '');
		const parsed = createSchema.safeParse({ name });
		if (!parsed.success) {
			return fail(400, { action: 'create' as const, name, errors: { name: parsed.error.issues[0]?.message ?? '' } });
		}
		try {
			const { token, summary } = await createApiToken(agent.id, parsed.data.name);
			return { action: 'create' as const, created: { name: summary.name, token } };
		} catch (err) {
			if (err instanceof ApiTokenError && err.reason === 'too_many') {
				return fail(400, {
					action: 'create' as const,
					name,
					errors: {
						name: `Vous avez déjà ${MAX_ACTIVE_API_TOKENS} jetons actifs : révoquez-en un avant d’en créer un autre.`
					}
				});
			}
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
	}
};
