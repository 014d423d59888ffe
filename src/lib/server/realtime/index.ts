import type { RuntimePart } from '../runtime.ts';

// Placeholder until Socket.IO lands (same session): attaches nothing.
export const realtimePart: RuntimePart = { name: 'realtime', start: async () => undefined };
