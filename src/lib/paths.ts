import { resolve } from '$app/paths';

/**
 * resolve() for internal paths computed at run time (menu entries, the organisation switcher): its types only
 * accept the app's literal routes, which a computed string cannot prove. Same behaviour (base path prefix).
 */
export function resolvePath(path: string): string {
	return (resolve as (p: string) => string)(path);
}
