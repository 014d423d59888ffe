/**
 * Where to go after signing in. Only a path on this site is accepted: `//evil.example`, `/\evil.example`,
 * `https://…` and friends would send the agent elsewhere (open redirect), so anything but a plain
 * absolute path falls back to the default.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = '/agents'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//')) return fallback;
	// Browsers treat a backslash as a slash and drop tabs and newlines, which can turn `/\x` into `//x`.
	// eslint-disable-next-line no-control-regex
	if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
	const base = 'http://guichet.invalid';
	let url: URL;
	try {
		url = new URL(value, base);
	} catch {
		return fallback;
	}
	if (url.origin !== base) return fallback;
	return url.pathname + url.search + url.hash;
}
