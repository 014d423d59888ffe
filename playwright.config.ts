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
	webServer: {
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
			GUICHET_E2E_FRESH: '1'
		}
	}
});
