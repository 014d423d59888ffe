import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { configDefaults } from 'vitest/config';

/**
 * Dev mode: hand Vite's HTTP server to the runtime (src/lib/server/runtime.ts), which attaches Socket.IO and
 * the Agenda worker to it from the `init` hook, exactly as the production entry (src/server.ts) does.
 */
function guichetRuntime(): Plugin {
	return {
		name: 'guichet-runtime',
		configureServer(server) {
			(globalThis as Record<symbol, unknown>)[Symbol.for('guichet.httpServer')] = server.httpServer;
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), guichetRuntime()],
	server: { port: 3000 },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					sequence: { groupOrder: 0 },
					include: ['src/**/*.spec.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					sequence: { groupOrder: 1 },
					include: ['tests/integration/**/*.test.ts'],
					exclude: [...configDefaults.exclude],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					setupFiles: ['tests/integration/setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 120_000,
					// Two cores: one database server, two workers.
					maxWorkers: 2
				}
			}
		]
	}
});
