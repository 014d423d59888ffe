// Placeholder until sessions land (same session).
export type { SessionAgent } from '../../domain/types.ts';
