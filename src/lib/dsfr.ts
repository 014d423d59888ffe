/**
 * Starts the DSFR's JavaScript (header menu, modals, collapses, side menu) in the browser, once.
 *
 * "react" mode tells the DSFR not to rewrite markup that Svelte owns (it would otherwise copy the header's
 * quick links into the mobile menu by assigning innerHTML); the header renders both copies itself. In that
 * mode the DSFR does not start on its own, hence the explicit start().
 */
interface DsfrWindow {
	/** Settings before the script loads; the script then replaces them with its API. */
	dsfr?: { mode?: string; production?: boolean; start?: () => void };
}

let started: Promise<void> | undefined;

export function startDsfr(): Promise<void> {
	started ??= (async () => {
		const w = window as unknown as DsfrWindow;
		w.dsfr = { mode: 'react', production: true };
		await import('@gouvfr/dsfr/dist/dsfr.module.min.js');
		w.dsfr?.start?.();
	})();
	return started;
}
