/**
 * Where to go after signing in. Only a path on this site is accepted: `//evil.example`, `/\evil.example`,
 * `https://…` and friends would send the agent elsewhere (open redirect), so anything else falls back to the
 * default.
 *
 * The value is resolved first and judged after: checking the raw string is not enough, because dot segments
 * (`/..//evil.example/x`, `/%2e%2e//evil.example/x`, `/agents/../..//evil.example/x`) resolve to
 * `//evil.example/x`, which a browser reads as another host.
 */
const BASE = new URL('http://guichet.invalid/');

export function safeRedirectPath(value: string | null | undefined, fallback = '/agents'): string {
	if (!value || !value.startsWith('/')) return fallback;
	// Browsers treat a backslash as a slash and drop tabs and newlines, which can turn `/\x` into `//x`.
	// eslint-disable-next-line no-control-regex
	if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
	let url: URL;
	try {
		url = new URL(value, BASE);
	} catch {
		return fallback;
	}
	if (url.origin !== BASE.origin) return fallback;
	const path = url.pathname + url.search + url.hash;
	return isSitePath(path) ? path : fallback;
}

/**
 * A path that stays a path on whatever site it is resolved against: it starts with one slash (`//` is
 * scheme-relative) and parses back to itself, so no later resolution can take it anywhere else.
 */
function isSitePath(path: string): boolean {
	if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return false;
	try {
		const again = new URL(path, BASE);
		return again.origin === BASE.origin && again.pathname + again.search + again.hash === path;
	} catch {
		return false;
	}
}
