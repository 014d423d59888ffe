import { requireAgent } from '$lib/server/route-guards';
import type { LayoutServerLoad } from './$types';

/** The whole back-office needs a signed-in agent (handleGuards checks it too; this load does not rely on it). */
export const load: LayoutServerLoad = ({ locals, url }) => {
	requireAgent(locals, url);
	return {};
};
