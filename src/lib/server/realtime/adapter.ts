/**
 * Redis adapter for several app nodes (REDIS_URL): broadcasts and server-side messages reach the sockets of
 * every node. Without REDIS_URL the default in-memory adapter serves a single node.
 */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { redactUri } from '../db/connection.ts';
import { logger } from '../logger.ts';

export interface RedisAdapter {
	adapter: ReturnType<typeof createAdapter>;
	close(): Promise<void>;
}

export async function connectRedisAdapter(url: string): Promise<RedisAdapter> {
	let started = false;
	const pub = createClient({
		url,
		socket: {
			connectTimeout: 5000,
			// At start-up, fail after a few attempts (the default retries forever and start-up would hang); once
			// running, keep reconnecting with a capped backoff.
			reconnectStrategy: (retries: number, cause: Error) =>
				started ? Math.min(retries * 200, 5000) : retries < 3 ? 200 : cause
		}
	});
	const sub = pub.duplicate();
	// An 'error' listener is required: without one a lost connection crashes the process (the client reconnects).
	for (const client of [pub, sub]) {
		client.on('error', (err: Error) => {
			if (started) logger.error({ err }, 'redis client error');
		});
	}
	try {
		await Promise.all([pub.connect(), sub.connect()]);
		started = true;
	} catch (err) {
		for (const client of [pub, sub]) {
			try {
				client.destroy();
			} catch {
				// Already closed by the failed connection.
			}
		}
		throw new Error(`Redis at ${redactUri(url)} is unreachable: ${(err as Error).message}`, { cause: err });
	}
	return {
		adapter: createAdapter(pub, sub),
		async close() {
			await Promise.allSettled([pub.close(), sub.close()]);
		}
	};
}
