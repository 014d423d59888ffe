import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build', precompress: false }),
		// The custom server entry (src/server.ts) serves the build; the adapter's own
		// index.js is unused but harmless.
		// SvelteKit's cross-site form check runs before the hooks and answers a bare English text: it is done by
		// a hook instead (src/lib/server/http/cross-site.ts), which answers with the French error page.
		csrf: { trustedOrigins: ['*'] },
		// Other security headers: src/lib/server/http/security-headers.ts.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				// No page of the site may be framed (clickjacking), and forms post to the site only.
				'frame-ancestors': ['none'],
				'form-action': ['self'],
				'object-src': ['none'],
				'base-uri': ['self']
			}
		}
	}
};

export default config;
