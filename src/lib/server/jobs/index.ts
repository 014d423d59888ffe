import type { RuntimePart } from '../runtime.ts';

// Placeholder until the Agenda worker lands (same session).
export const jobsPart: RuntimePart = { name: 'jobs', start: async () => undefined };
