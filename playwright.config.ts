import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys against the production build (`vite build` first; `npm test` does it), served by the
 * real entry on a throw-away embedded database, seeded with the demo data. Debian's Chromium only: Playwright
 * never downloads a browser here.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	workers: 1,
	retries: 0,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	use: {
		baseURL: 'http://localhost:4173',
		browserName: 'chromium',
		headless: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	webServer: [
		{
			// FranceConnect's stand-in (tests/helpers/fake-oidc-provider.ts): the app discovers it on first use.
			command: 'node tests/helpers/fake-oidc-provider.ts',
			url: 'http://127.0.0.1:4180/.well-known/openid-configuration',
			timeout: 30_000,
			reuseExistingServer: false,
			env: { FAKE_OIDC_PORT: '4180', FAKE_OIDC_REDIRECT_URI: 'http://localhost:4173/usager/franceconnect/callback' }
		},
		{
			command: 'node src/server.ts',
			url: 'http://localhost:4173/health',
			timeout: 180_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			stderr: 'pipe',
			env: {
				PORT: '4173',
				// adapter-node derives the origin from ORIGIN (else https://<host>), and form POSTs are refused when the
				// browser's Origin differs from it.
				ORIGIN: 'http://localhost:4173',
				GUICHET_DATA_DIR: '.data/e2e',
				// As `npm start`: the demo, with its outbox at /dev/emails (loopback only).
				GUICHET_DEMO: '1',
				GUICHET_SEED: 'if-empty',
				GUICHET_E2E_FRESH: '1',
				// Never the real address API: a closed loopback port, so the journeys run the geocoder's fallback
				// (département / postcode) as when the API is down.
				GEOCODER_URL: 'http://127.0.0.1:9',
				FRANCECONNECT_ISSUER: 'http://127.0.0.1:4180',
				// The fake provider's client (FAKE_CLIENT in tests/helpers/fake-oidc-provider.ts).
				FRANCECONNECT_CLIENT_ID: 'guichet-test',
				FRANCECONNECT_CLIENT_SECRET: 'guichet-test-secret-0123456789abcdef'
			}
		}
	]
});
