import type { LayoutServerLoad } from './$types';

/**
 * Each page of the space guards its own load and actions (requireUsager): a layout load alone would not guard
 * actions. The menu shows only to a signed-in usager (the « compte supprimé » page is for one just signed out).
 */
export const load: LayoutServerLoad = ({ locals }) => ({ signedIn: !!locals.usager });
