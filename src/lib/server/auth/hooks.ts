import type { Handle } from '@sveltejs/kit';

// Placeholder until sessions land (same session).
export const handleSession: Handle = ({ event, resolve }) => resolve(event);
export const handleGuards: Handle = ({ event, resolve }) => resolve(event);
