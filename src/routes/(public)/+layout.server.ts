import type { LayoutServerLoad } from './$types';

/** The usager's names for the header (nothing else of the session reaches the browser). */
export const load: LayoutServerLoad = ({ locals }) => ({
	usager: locals.usager ? { firstName: locals.usager.firstName, lastName: locals.usager.lastName } : null
});
