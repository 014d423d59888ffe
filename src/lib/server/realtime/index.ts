import type { RuntimePart } from '../runtime.ts';
import { attachRealtime } from './server.ts';

export { attachRealtime, SOCKET_PATH, type Realtime, type RealtimeOptions } from './server.ts';
export { orgRoom, agentRoom, boardRoom } from './audiences.ts';
export { liveStats } from './bridge.ts';

/** Socket.IO on the HTTP server handed over by the entry or the Vite plugin (see runtime.ts). */
export const realtimePart: RuntimePart = {
	name: 'realtime',
	async start(httpServer) {
		if (!httpServer) return undefined;
		const realtime = await attachRealtime(httpServer);
		return () => realtime.stop();
	}
};
